package conn

import (
	"bytes"
	"context"
	"net"

	"github.com/nltag/go-netlink/netlink"
)

// Receive waits for the next datagram from the kernel and returns the
// messages it holds: guile-netlink's receive-msg, and the way to read
// multicast events. The messages own their Data.
//
// Datagrams from other processes are dropped and counted (see Dropped);
// ReceiveFrom returns them. So are the late replies to a request that
// Execute or Stream gave up on. Multicast events that arrived while a
// request was reading the socket are returned first, in order.
//
// When the kernel dropped messages because the receive buffer was full,
// Receive returns ErrOverrun, once, after the messages queued before the
// loss and once the socket is empty: every message the kernel sends after
// that is returned by a later call, or reported by another ErrOverrun. To
// get there, Receive reads the whole backlog before returning, however
// slowly its caller consumes it. A malformed datagram gives an error
// matching netlink.ErrMalformed with the messages that preceded the fault.
//
// Receive honours the read deadline. While it waits it steps aside for
// Execute and Stream calls on the same Conn and resumes when they are done,
// so a subscribed Conn can also make requests; a deadline that passes
// meanwhile takes effect when the request is done.
func (c *Conn) Receive() ([]netlink.RawMessage, error) {
	msgs, _, err := c.receive(true)
	return msgs, err
}

// OverrunPending reports whether the kernel dropped messages that Receive
// has yet to report: the messages it returns until its ErrOverrun were
// queued before the loss. A program that lists the kernel's state afresh
// over a new socket after an overrun can stop reading this one at once, as
// route.Cache does, rather than apply a stale backlog first. It waits
// while a request on the Conn is reading the socket.
func (c *Conn) OverrunPending() bool {
	if c.usable() != nil {
		return false
	}
	c.readMu.Lock()
	defer c.readMu.Unlock()
	if c.draining {
		return true
	}
	for _, q := range c.queue {
		if q.err == ErrOverrun {
			return true
		}
	}
	return false
}

// ReceiveFrom is Receive for datagrams from any sender, which it returns
// with the sender's address. Addr.Groups is the group mask a multicast
// datagram was sent to (0 for groups above 32, and for unicast).
func (c *Conn) ReceiveFrom() ([]netlink.RawMessage, Addr, error) {
	return c.receive(false)
}

func (c *Conn) receive(kernelOnly bool) ([]netlink.RawMessage, Addr, error) {
	if err := c.usable(); err != nil {
		return nil, Addr{}, err
	}
	if err := c.notInStream(); err != nil {
		return nil, Addr{}, err
	}
	for {
		c.waitRequests()
		if c.closed.Load() {
			return nil, Addr{}, net.ErrClosed
		}
		c.readMu.Lock()
		msgs, from, err := c.receiveLocked(kernelOnly)
		c.readMu.Unlock()
		if err != errYield {
			return msgs, from, err
		}
	}
}

func (c *Conn) receiveLocked(kernelOnly bool) ([]netlink.RawMessage, Addr, error) {
	if q, ok := c.unqueue(kernelOnly); ok {
		return q.msgs, q.from, q.err
	}
	// Set before the deadline is armed, and the deadline before readDatagram
	// checks for requests: a request that arrives in between either sees
	// the flag and wakes the read, or is seen by it.
	c.receiving.Store(true)
	defer c.receiving.Store(false)
	c.armRead()
	for {
		d, err := c.readDatagram(context.Background(), true)
		switch {
		case err == ErrOverrun && len(c.queue) > 0:
			// After the backlog read below.
			c.enqueueOverrun()
		case err != nil:
			return nil, Addr{}, err
		case c.draining:
			// The backlog of an overrun is read to the end before
			// anything is returned, however slow the caller: until then
			// the kernel drops what follows, and the overrun is not
			// reported.
			c.enqueue(d)
			continue
		case kernelOnly && d.from.PID != 0:
			c.dropped.Add(countMessages(d.b))
			continue
		default:
			msgs, err := c.own(d)
			if err != nil || len(msgs) > 0 {
				return msgs, d.from, err
			}
			continue
		}
		if q, ok := c.unqueue(kernelOnly); ok {
			return q.msgs, q.from, q.err
		}
	}
}

// unqueue takes the first datagram set aside that Receive returns (all but
// those from processes, if kernelOnly, and empty ones).
func (c *Conn) unqueue(kernelOnly bool) (queued, bool) {
	for len(c.queue) > 0 {
		q := c.queue[0]
		c.queue[0] = queued{}
		c.queue = c.queue[1:]
		c.queued -= q.size
		if kernelOnly && q.from.PID != 0 {
			c.dropped.Add(q.count)
			continue
		}
		if q.err == nil && len(q.msgs) == 0 {
			// Empty, from another process: skipped as below.
			continue
		}
		return q, true
	}
	return queued{}, false
}

// own copies d out of the receive buffer and splits it into messages,
// leaving out replies to an abandoned request.
func (c *Conn) own(d datagram) ([]netlink.RawMessage, error) {
	b := bytes.Clone(d.b)
	var msgs []netlink.RawMessage
	for m, err := range netlink.Messages(b) {
		if err != nil {
			return msgs, err
		}
		if d.from.PID == 0 && !d.multicast() && c.lostReply(m) {
			c.dropped.Add(1)
			continue
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}

// queued is a datagram read by a request but meant for Receive.
type queued struct {
	msgs []netlink.RawMessage
	from Addr
	err  error
	size int
	// What dropping it adds to Dropped: countMessages, which counts a
	// malformed or empty datagram, unlike msgs.
	count uint64
}

// maxQueued bounds the bytes of multicast datagrams a long request may set
// aside for Receive, as the socket's buffer bounds them otherwise.
const maxQueued = 4 << 20

// enqueue sets aside a multicast datagram that a request read.
func (c *Conn) enqueue(d datagram) {
	if c.queued+len(d.b) > maxQueued {
		// Lose it as the kernel would, and say so.
		c.dropped.Add(countMessages(d.b))
		c.enqueueOverrun()
		return
	}
	msgs, err := c.own(d)
	// Datagrams from processes are kept even if empty, for Receive to
	// count when it drops them.
	if err == nil && len(msgs) == 0 && d.from.PID == 0 {
		return
	}
	c.queue = append(c.queue, queued{msgs: msgs, from: d.from, err: err, size: len(d.b), count: countMessages(d.b)})
	c.queued += len(d.b)
}

// enqueueOverrun records an overrun for Receive, where it falls among the
// set-aside datagrams; consecutive losses are reported once.
func (c *Conn) enqueueOverrun() {
	if n := len(c.queue); n > 0 && c.queue[n-1].err == ErrOverrun {
		return
	}
	c.queue = append(c.queue, queued{err: ErrOverrun})
}

// lockRequest takes the socket for a request. A Receive waiting for events
// is woken and steps aside until no request is left.
func (c *Conn) lockRequest() {
	c.reqs.Add(1)
	if c.receiving.Load() {
		c.wake()
	}
	c.readMu.Lock()
}

func (c *Conn) unlockRequest() {
	c.readMu.Unlock()
	if c.reqs.Add(-1) == 0 {
		c.gateMu.Lock()
		c.gate.Broadcast()
		c.gateMu.Unlock()
	}
}

// waitRequests returns when no request wants the socket, or the Conn is
// closed.
func (c *Conn) waitRequests() {
	if c.reqs.Load() == 0 {
		return
	}
	c.gateMu.Lock()
	for c.reqs.Load() > 0 && !c.closed.Load() {
		c.gate.Wait()
	}
	c.gateMu.Unlock()
}
