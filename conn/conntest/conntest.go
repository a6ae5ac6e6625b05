// Package conntest provides a fake netlink socket for tests: a
// conn.Transport that plays the kernel from a script and records every
// request, so that code built on conn.Conn (route.Client, genl.Conn, an
// application's own requests) runs without root and without a kernel.
//
//	f := conntest.New(conntest.AckAll)
//	c, err := conn.NewConn(f)
//	// ... use c, or genl.NewConn(c), then:
//	reqs := f.Requests() // the messages c sent, header and body
//
// The package does not import conn, so that conn's own tests can use it.
package conntest

import (
	"encoding/binary"
	"errors"
	"os"
	"sync"
	"time"
	"unsafe"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// PID is the port id of every fake socket: the PID its replies carry.
const PID = 4242

// Datagram is one datagram a Fake delivers, or an error that a read reports
// in its place, as the kernel reports ENOBUFS.
type Datagram struct {
	// Data holds one or more messages, as Pack builds them.
	Data []byte
	// From is the sender: the zero Addr for the kernel.
	From netlink.Addr
	// Group, if not 0, is the multicast group the datagram was sent to,
	// delivered as the NETLINK_PKTINFO control message.
	Group uint32
	// Err, if set, is returned by the read instead of a datagram.
	Err error
}

// Handler plays the kernel: given each request message sent, it returns the
// datagrams to queue in reply, in order. A nil Handler answers nothing.
type Handler func(req netlink.RawMessage) []Datagram

// AckAll is a Handler that acknowledges every request with success.
func AckAll(req netlink.RawMessage) []Datagram {
	return []Datagram{Pack(Ack(req, 0, ""))}
}

// Fake is a scripted netlink socket. It implements conn.Transport; pass it
// to conn.NewConn. Its methods are safe for concurrent use.
type Fake struct {
	mu       sync.Mutex
	handle   Handler
	queue    []Datagram
	changed  chan struct{} // closed and replaced on every change
	closed   bool
	readDL   time.Time
	sent     [][]byte
	opts     map[[2]int]int
	overrunN int // the next overrunN dequeues fail with ENOBUFS first
}

// New returns a Fake that answers requests with h.
func New(h Handler) *Fake {
	return &Fake{handle: h, changed: make(chan struct{}), opts: map[[2]int]int{}}
}

// SetHandler replaces the handler for requests sent from now on.
func (f *Fake) SetHandler(h Handler) {
	f.mu.Lock()
	f.handle = h
	f.mu.Unlock()
}

// notify wakes readers; f.mu must be held.
func (f *Fake) notify() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// Push queues datagrams as if the kernel sent them unprompted, as it sends
// multicast events.
func (f *Fake) Push(ds ...Datagram) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, ds...)
	f.notify()
}

// Pending returns how many datagrams are queued and not yet read.
func (f *Fake) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queue)
}

// Sent returns a copy of every datagram sent so far, byte for byte.
func (f *Fake) Sent() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([][]byte, len(f.sent))
	for i, b := range f.sent {
		out[i] = append([]byte(nil), b...)
	}
	return out
}

// Requests returns every message sent so far, in order, split out of the
// datagrams that carried them. Their Data is a copy.
func (f *Fake) Requests() []netlink.RawMessage {
	var out []netlink.RawMessage
	for _, b := range f.Sent() {
		// Sendmsg accepted only well-framed datagrams.
		ms, _ := netlink.ParseMessages(b)
		out = append(out, ms...)
	}
	return out
}

// Sockopt returns the value last set for a socket option, and whether it
// was set at all.
func (f *Fake) Sockopt(level, name int) (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.opts[[2]int{level, name}]
	return v, ok
}

// Overrun makes the next n reads that would take a datagram off the queue
// fail with ENOBUFS first, as reads of a socket whose queue overflowed do;
// reads that only peek are not affected.
func (f *Fake) Overrun(n int) {
	f.mu.Lock()
	f.overrunN = n
	f.mu.Unlock()
}

// ReadDeadline returns the read deadline last set.
func (f *Fake) ReadDeadline() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.readDL
}

// Recvmsg behaves as recvmsg(2) does on a blocking netlink socket, as
// conn.Transport describes.
func (f *Fake) Recvmsg(p, oob []byte, flags int) (n, oobn, rflags int, from netlink.Addr, err error) {
	for {
		f.mu.Lock()
		if f.closed {
			f.mu.Unlock()
			return 0, 0, 0, netlink.Addr{}, os.ErrClosed
		}
		if flags&unix.MSG_DONTWAIT == 0 && !f.readDL.IsZero() && !time.Now().Before(f.readDL) {
			// As a socket's read through Go's poller: a passed deadline
			// fails the read even with datagrams queued.
			f.mu.Unlock()
			return 0, 0, 0, netlink.Addr{}, os.ErrDeadlineExceeded
		}
		if len(f.queue) > 0 {
			d := f.queue[0]
			if d.Err != nil {
				f.queue = f.queue[1:]
				f.mu.Unlock()
				return 0, 0, 0, netlink.Addr{}, os.NewSyscallError("recvmsg", d.Err)
			}
			if flags&unix.MSG_PEEK == 0 {
				if f.overrunN > 0 {
					f.overrunN--
					f.mu.Unlock()
					return 0, 0, 0, netlink.Addr{}, os.NewSyscallError("recvmsg", unix.ENOBUFS)
				}
				f.queue = f.queue[1:]
			}
			f.mu.Unlock()
			n = copy(p, d.Data)
			if n < len(d.Data) {
				rflags |= unix.MSG_TRUNC
				if flags&unix.MSG_TRUNC != 0 {
					n = len(d.Data)
				}
			}
			if d.Group != 0 && len(oob) >= unix.CmsgSpace(4) {
				h := (*unix.Cmsghdr)(unsafe.Pointer(&oob[0]))
				h.Level, h.Type = unix.SOL_NETLINK, unix.NETLINK_PKTINFO
				h.SetLen(unix.CmsgLen(4))
				binary.NativeEndian.PutUint32(oob[unix.CmsgLen(0):], d.Group)
				oobn = unix.CmsgSpace(4)
			}
			return n, oobn, rflags, d.From, nil
		}
		if flags&unix.MSG_DONTWAIT != 0 {
			f.mu.Unlock()
			return 0, 0, 0, netlink.Addr{}, os.NewSyscallError("recvmsg", unix.EAGAIN)
		}
		dl, ch := f.readDL, f.changed
		f.mu.Unlock()
		if err := wait(ch, dl); err != nil {
			return 0, 0, 0, netlink.Addr{}, err
		}
	}
}

// wait waits for ch to close or the deadline dl (if not zero) to pass.
func wait(ch <-chan struct{}, dl time.Time) error {
	if dl.IsZero() {
		<-ch
		return nil
	}
	d := time.Until(dl)
	if d <= 0 {
		return os.ErrDeadlineExceeded
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ch:
	case <-tm.C:
	}
	return nil
}

// Sendmsg records the datagram p and queues the handler's replies to each
// of its messages. A datagram that does not parse fails with EINVAL, as
// the kernel drops it.
func (f *Fake) Sendmsg(p []byte, to netlink.Addr) error {
	f.mu.Lock()
	closed, h := f.closed, f.handle
	f.mu.Unlock()
	if closed {
		return os.ErrClosed
	}
	ms, err := netlink.ParseMessages(p)
	if err != nil {
		return os.NewSyscallError("sendmsg", errors.Join(unix.EINVAL, err))
	}
	var ds []Datagram
	if h != nil {
		for _, m := range ms {
			ds = append(ds, h(m)...)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, append([]byte(nil), p...))
	f.queue = append(f.queue, ds...)
	f.notify()
	return nil
}

// SetReadDeadline sets the deadline for reads that wait.
func (f *Fake) SetReadDeadline(t time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.readDL = t
	f.notify()
	return nil
}

// SetWriteDeadline does nothing: sends never wait.
func (f *Fake) SetWriteDeadline(time.Time) error { return nil }

// SetsockoptInt records the option, for Sockopt.
func (f *Fake) SetsockoptInt(level, name, value int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opts[[2]int{level, name}] = value
	return nil
}

// LocalAddr returns port id PID.
func (f *Fake) LocalAddr() (netlink.Addr, error) { return netlink.Addr{PID: PID}, nil }

// Close makes every read and send fail from now on, and wakes blocked
// reads.
func (f *Fake) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.notify()
	return nil
}

// Message encodes one message for a script. It panics if m does not
// encode, which is a mistake in the test.
func Message(m netlink.Message) []byte {
	b, err := netlink.AppendMessage(nil, m)
	if err != nil {
		panic("conntest: " + err.Error())
	}
	return b
}

// Reply encodes a reply to req from the kernel: a message of type t with
// the request's sequence number and port id PID.
func Reply(req netlink.Header, t netlink.MsgType, flags netlink.Flags, body any) []byte {
	return Message(netlink.Message{Header: netlink.Header{Type: t, Flags: flags, Seq: req.Seq, PID: PID}, Body: body})
}

// Pack puts messages into one datagram from the kernel.
func Pack(msgs ...[]byte) Datagram {
	var b []byte
	for _, m := range msgs {
		b = append(b, m...)
	}
	return Datagram{Data: b}
}

// Ack encodes the NLMSG_ERROR that answers req: an ACK when errno is 0,
// else the error, with text as its extended-ACK message if not empty. The
// request's payload is not echoed, as with NETLINK_CAP_ACK; its header is,
// length included.
func Ack(req netlink.RawMessage, errno unix.Errno, text string) []byte {
	h := netlink.Header{Type: netlink.Error, Seq: req.Header.Seq, PID: PID, Flags: netlink.Capped}
	e := &netlink.ErrorMessage{Errno: -int32(errno), Request: req.Header, RequestLen: uint32(req.Len())}
	if text != "" {
		h.Flags |= netlink.AckTLVs
		e.Ext.Msg = text
	}
	return Message(netlink.Message{Header: h, Body: e})
}

// Done encodes the NLMSG_DONE that ends the dump req, carrying errno and
// text as Ack does, with flags added to NLM_F_MULTI (netlink.DumpIntr, say).
func Done(req netlink.Header, flags netlink.Flags, errno unix.Errno, text string) []byte {
	h := netlink.Header{Type: netlink.Done, Seq: req.Seq, PID: PID, Flags: netlink.Multi | flags}
	d := &netlink.DoneMessage{Errno: -int32(errno)}
	if text != "" {
		h.Flags |= netlink.AckTLVs
		d.Ext.Msg = text
	}
	return Message(netlink.Message{Header: h, Body: d})
}
