package conn

import "time"

// Transport is a socket for a Conn other than the kernel's: conntest's fake
// for tests, or a recording or replaying one. Dial's sockets implement the
// same contract.
//
// Recvmsg behaves as recvmsg(2) on a blocking netlink socket that honours
// the read deadline: it waits for a datagram, copies at most len(p) bytes of
// it, and returns its full length when flags has unix.MSG_TRUNC, setting
// unix.MSG_TRUNC in rflags when the datagram was longer than p. With
// unix.MSG_PEEK it leaves the datagram queued; with unix.MSG_DONTWAIT it
// neither waits nor looks at the deadline, and fails with unix.EAGAIN if
// nothing is queued. A datagram sent to a multicast group carries its group
// number in oob, as a SOL_NETLINK/NETLINK_PKTINFO control message. The
// sender's address comes back in from. A read that overran the queue fails
// with an error matching unix.ENOBUFS; one past the deadline with
// os.ErrDeadlineExceeded.
//
// Calls to Recvmsg are serialised by the Conn; every other method may be
// called concurrently with anything. After Close, blocked and later calls
// fail.
type Transport interface {
	Recvmsg(p, oob []byte, flags int) (n, oobn, rflags int, from Addr, err error)
	// Sendmsg sends the datagram p to the socket at to (the kernel when
	// to is the zero Addr).
	Sendmsg(p []byte, to Addr) error
	SetReadDeadline(t time.Time) error
	SetWriteDeadline(t time.Time) error
	SetsockoptInt(level, name, value int) error
	// LocalAddr returns the socket's own address: the port id that
	// replies to it carry.
	LocalAddr() (Addr, error)
	Close() error
}

// NewConn returns a Conn over t, which it owns from then on: Conn.Close
// closes it.
func NewConn(t Transport) (*Conn, error) {
	return newConn(external{t}, false)
}

// transport is what a Conn needs of a socket, with the contract of
// Transport: the kernel socket implements it, and external adapts any
// Transport to it.
type transport interface {
	recvmsg(p, oob []byte, flags int) (n, oobn, rflags int, from Addr, err error)
	sendmsg(p []byte, to Addr) error
	setReadDeadline(t time.Time) error
	setWriteDeadline(t time.Time) error
	setsockoptInt(level, name, value int) error
	localAddr() (Addr, error)
	close() error
}

// external adapts a Transport to the transport a Conn drives.
type external struct{ t Transport }

func (e external) recvmsg(p, oob []byte, flags int) (n, oobn, rflags int, from Addr, err error) {
	return e.t.Recvmsg(p, oob, flags)
}
func (e external) sendmsg(p []byte, to Addr) error    { return e.t.Sendmsg(p, to) }
func (e external) setReadDeadline(t time.Time) error  { return e.t.SetReadDeadline(t) }
func (e external) setWriteDeadline(t time.Time) error { return e.t.SetWriteDeadline(t) }
func (e external) setsockoptInt(level, name, value int) error {
	return e.t.SetsockoptInt(level, name, value)
}
func (e external) localAddr() (Addr, error) { return e.t.LocalAddr() }
func (e external) close() error             { return e.t.Close() }
