package conn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// minReadBuffer is the initial size of a Conn's receive buffer. The kernel
// sizes dump datagrams by the largest buffer a reader has offered, up to
// about 32 KiB, so anything smaller multiplies the number of reads.
const minReadBuffer = 32 << 10

// Conn is a netlink socket. Its methods are safe for concurrent use by
// several goroutines; see the package documentation for what is serialised.
// A Conn comes from Dial or NewConn: the methods of a nil or zero Conn
// fail, as those of a closed one do, with an error matching net.ErrClosed.
type Conn struct {
	t   transport
	pid uint32 // the local port id, which kernel replies carry

	seq       atomic.Uint32
	closed    atomic.Bool
	multicast atomic.Bool   // groups may be joined, so NETLINK_PKTINFO is on
	dropped   atomic.Uint64 // messages discarded (see Dropped)
	recvCalls atomic.Uint64 // recvmsg calls made, for tests and benchmarks

	// readMu serialises reading: requests hold it for their whole exchange,
	// Receive for one datagram. Everything below it is guarded by it.
	readMu sync.Mutex
	rbuf   []byte // the reused receive buffer
	oob    []byte // room for the NETLINK_PKTINFO control message
	wbuf   []byte // the reused request buffer
	queue  []queued
	queued int // bytes held in queue
	// draining: the kernel reported an overrun (ENOBUFS) and no read has
	// found the socket empty since. Until one does, the kernel may be
	// dropping everything for this socket without a further report, so
	// reads do not wait, and the overrun is reported when one finds the
	// socket empty (see readInto).
	draining bool
	nowait   bool // reads do not wait (settleLost)
	// acks: only ACKs are awaited (a batch on a socket without groups),
	// which fit the buffer, so a datagram is read in one recvmsg rather
	// than peeked at first; one longer than the buffer is dropped.
	acks bool
	lost []exchange // requests abandoned before their reply ended, oldest first
	one  oneAck     // ExecuteAck's state, reused

	// stream is the goroutine id of a Stream whose loop is running, 0 if
	// none: its loop body must not wait for the Conn it holds.
	stream atomic.Uint64

	// Requests waiting for, or holding, readMu. A Receive blocked on an
	// empty socket steps aside for them: it would otherwise hold readMu
	// until the next event, which may never come.
	reqs      atomic.Int32
	receiving atomic.Bool // a Receive is reading
	gateMu    sync.Mutex
	gate      sync.Cond // signalled when reqs drops to 0

	// dlMu guards the read deadline the user set, and every change to the
	// socket's read deadline, which requests also move to wake readers.
	dlMu   sync.Mutex
	readDL time.Time
	woken  bool // the socket's deadline is pastDeadline, for a wake-up
}

// newConn wraps a bound transport.
func newConn(t transport, multicast bool) (*Conn, error) {
	local, err := t.localAddr()
	if err != nil {
		return nil, err
	}
	c := &Conn{
		t:    t,
		pid:  local.PID,
		rbuf: make([]byte, minReadBuffer),
		oob:  make([]byte, 64),
	}
	c.gate.L = &c.gateMu
	c.multicast.Store(multicast)
	if multicast {
		c.watchAlways()
	}
	// A random start keeps a new socket from mistaking replies meant for
	// an earlier socket that had the same port id.
	c.seq.Store(rand.Uint32())
	return c, nil
}

// usable returns the error of a Conn that cannot be used: one closed, or
// one not made by Dial or NewConn (nil, or the zero Conn).
func (c *Conn) usable() error {
	switch {
	case c == nil || c.t == nil:
		return errNoConn
	case c.closed.Load():
		return net.ErrClosed
	}
	return nil
}

// errNoConn is the error of every method of a nil or zero Conn.
var errNoConn = fmt.Errorf("netlink: no socket (a Conn comes from Dial or NewConn): %w", net.ErrClosed)

// Close closes the socket. Calls blocked in Receive, Execute, Stream or Send
// return an error that matches net.ErrClosed.
func (c *Conn) Close() error {
	if c == nil || c.t == nil {
		return errNoConn
	}
	if c.closed.Swap(true) {
		return net.ErrClosed
	}
	err := c.t.close()
	// A Receive waiting for requests to end gives up.
	c.gateMu.Lock()
	c.gate.Broadcast()
	c.gateMu.Unlock()
	return err
}

// LocalAddr returns the socket's address: its port id and the groups from 1
// to 32 it belongs to.
func (c *Conn) LocalAddr() (Addr, error) {
	if err := c.usable(); err != nil {
		return Addr{}, err
	}
	// mapErr: a Close from another goroutine since the check above must
	// give net.ErrClosed too, not the os package's error.
	a, err := c.t.localAddr()
	return a, c.mapErr(err)
}

// Dropped returns how many received messages the Conn has discarded: those
// sent by a process rather than the kernel (except through ReceiveFrom),
// and kernel replies that answer no request in progress, such as late
// replies to a request whose context was cancelled.
func (c *Conn) Dropped() uint64 {
	if c == nil {
		return 0
	}
	return c.dropped.Load()
}

// JoinGroup subscribes the socket to multicast group, which may be any
// group number, including those above 32 that Config.Groups cannot reach.
// guile-netlink calls this add-socket-membership.
func (c *Conn) JoinGroup(group uint32) error {
	if err := c.usable(); err != nil {
		return err
	}
	if !c.multicast.Load() {
		// Tell multicast datagrams from replies even for groups above 32,
		// whose numbers the source address cannot carry.
		if err := c.setsockopt(unix.SOL_NETLINK, unix.NETLINK_PKTINFO, 1); err != nil {
			return err
		}
		c.multicast.Store(true)
		c.watchAlways()
	}
	return c.setsockopt(unix.SOL_NETLINK, unix.NETLINK_ADD_MEMBERSHIP, int(group))
}

// watchAlways has the kernel socket stay with the poller between waits,
// once it receives events: a monitor waits for nearly every datagram, and
// registering for each wait would slow it in a storm (socket).
func (c *Conn) watchAlways() {
	if s, ok := c.t.(interface{ watchAlways() }); ok {
		s.watchAlways()
	}
}

// LeaveGroup unsubscribes the socket from multicast group.
func (c *Conn) LeaveGroup(group uint32) error {
	return c.setsockopt(unix.SOL_NETLINK, unix.NETLINK_DROP_MEMBERSHIP, int(group))
}

func (c *Conn) setsockopt(level, name, value int) error {
	if err := c.usable(); err != nil {
		return err
	}
	return c.mapErr(c.t.setsockoptInt(level, name, value))
}

// SetDeadline sets the read and write deadlines, as net.Conn does. A
// deadline in the past makes blocked calls return at once with an error
// matching os.ErrDeadlineExceeded; the zero time means none.
func (c *Conn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

// SetReadDeadline sets the deadline for Receive and for the replies that
// Execute and Stream wait for.
func (c *Conn) SetReadDeadline(t time.Time) error {
	if err := c.usable(); err != nil {
		return err
	}
	c.dlMu.Lock()
	defer c.dlMu.Unlock()
	c.readDL = t
	if c.woken {
		// A wake-up (a context that ended, a request for the socket)
		// may not have reached the read yet: replacing the past
		// deadline would lose it, and the read would block on. The read
		// it wakes restores t (timedOut), as does the next one (armRead).
		return nil
	}
	return c.mapErr(c.t.setReadDeadline(t))
}

// SetWriteDeadline sets the deadline for sending.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	if err := c.usable(); err != nil {
		return err
	}
	return c.mapErr(c.t.setWriteDeadline(t))
}

// Send sends m to the kernel: guile-netlink's send-msg. It computes the
// message's length (AppendMessage), and fills in a fresh sequence number if
// Seq is 0; other fields are sent as given. It returns the header as sent.
// Replies are read with Receive; Execute does both and matches them up.
func (c *Conn) Send(m netlink.Message) (netlink.Header, error) {
	return c.SendTo(m, Addr{})
}

// SendTo is Send to the socket at addr, which may be another process's port
// or a multicast group mask; sending to groups needs privileges. While the
// receive buffer of the port is full, SendTo waits, trying again every few
// milliseconds, until there is room, the write deadline passes or the Conn
// is closed.
func (c *Conn) SendTo(m netlink.Message, addr Addr) (netlink.Header, error) {
	if err := c.usable(); err != nil {
		return netlink.Header{}, err
	}
	if m.Header.Seq == 0 {
		m.Header.Seq = c.nextSeq()
	}
	bp := sendBufs.Get().(*[]byte)
	defer sendBufs.Put(bp)
	b, err := netlink.AppendMessage((*bp)[:0], m)
	if err != nil {
		return netlink.Header{}, err
	}
	*bp = b
	return m.Header, c.mapErr(c.t.sendmsg(b, addr))
}

var sendBufs = sync.Pool{New: func() any { return new([]byte) }}

// nextSeq returns a sequence number, never 0, which some protocols treat
// as "no sequence".
func (c *Conn) nextSeq() uint32 {
	for {
		if s := c.seq.Add(1); s != 0 {
			return s
		}
	}
}

// mapErr turns the transport's errors into the ones Conn documents.
func (c *Conn) mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case c.closed.Load():
		return net.ErrClosed
	case errors.Is(err, unix.ENOBUFS):
		return ErrOverrun
	case errors.Is(err, os.ErrDeadlineExceeded):
		return os.ErrDeadlineExceeded
	}
	return err
}

// pastDeadline is a read deadline that has passed: setting it wakes a
// blocked read.
var pastDeadline = time.Unix(1, 0)

// armRead sets the socket's read deadline to the user's, undoing any wake-up.
// Without one, the socket's deadline is the user's already (SetReadDeadline),
// and setting it again would cost a change to the runtime's timers per
// request.
func (c *Conn) armRead() {
	c.dlMu.Lock()
	if c.woken {
		c.woken = false
		c.t.setReadDeadline(c.readDL)
	}
	c.dlMu.Unlock()
}

// wake makes a blocked read return with a timeout, which timedOut then
// interprets.
func (c *Conn) wake() {
	c.dlMu.Lock()
	c.woken = true
	c.t.setReadDeadline(pastDeadline)
	c.dlMu.Unlock()
}
