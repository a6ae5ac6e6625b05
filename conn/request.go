package conn

import (
	"bytes"
	"context"
	"errors"
	"iter"
	"net"

	"github.com/nltag/go-netlink/netlink"
)

// Execute sends the request m and returns every reply to it, in order:
// guile-netlink's receive-and-decode-msg, minus the decoding, which
// netlink.Table.Decode or nltag.Unmarshal do. The returned messages own
// their Data.
//
// Execute sets NLM_F_REQUEST and a fresh sequence number; the caller sets
// the other flags. It reads until the reply is complete: the NLMSG_DONE
// that ends a multipart reply (a dump: netlink.Dump), the ACK when the
// request has netlink.Acknowledge, or else the first reply. Requests that
// answer nothing on success, such as most NEW, SET and DEL requests, must
// therefore ask for an ACK. The DONE and the ACK are not returned.
//
// Only messages from the kernel that carry the request's sequence number
// and this socket's port id count as replies; anything else is dropped and
// counted (see Dropped), except multicast events, which are set aside for
// Receive.
//
// An NLMSG_ERROR reply, or a DONE that carries an error, ends Execute with a
// *netlink.OpError, which matches the errno with errors.Is and carries the
// kernel's extended-ACK text; the replies before it are returned too. When
// the kernel flagged the dump as interrupted (NLM_F_DUMP_INTR), Execute
// returns every reply along with an error matching ErrDumpInterrupted; see
// ExecuteConsistent.
//
// When ctx ends or the read deadline passes before the reply is complete,
// Execute returns ctx's error or os.ErrDeadlineExceeded and gives up on the
// request; the Conn discards its late replies, and reads the remainder of
// an unfinished dump before the next request is sent, since the kernel runs
// one dump per socket at a time.
func (c *Conn) Execute(ctx context.Context, m netlink.Message) ([]netlink.RawMessage, error) {
	var col collector
	err := c.request(ctx, m, true, col.add)
	return col.messages(), locate(err, m)
}

// Stream is Execute as an iterator, for replies too many to hold at once: a
// dump of a large routing table streams in constant memory. It yields each
// reply with a nil error, and at the end at most one error, with a zero
// message. The request is sent when iteration starts.
//
// A yielded message's Data aliases a receive buffer: it is valid only until
// the loop body returns, so copy what must outlive it. A dump that spans
// datagrams is read ahead, at most 16 datagrams beyond the one in hand, by
// a goroutine that ends with the loop, so that the kernel prepares the next
// datagrams while the loop body handles this one. The Conn is busy for the
// whole loop: calling Execute or Stream on the same Conn from the loop body
// deadlocks. Stopping the loop early gives up on the request, as a
// cancelled Execute does.
func (c *Conn) Stream(ctx context.Context, m netlink.Message) iter.Seq2[netlink.RawMessage, error] {
	return func(yield func(netlink.RawMessage, error) bool) {
		// A loop that stopped early ends the request without an error.
		err := c.request(ctx, m, false, func(r netlink.RawMessage, _ []byte, _ int) bool {
			return yield(r, nil)
		})
		if err != nil {
			yield(netlink.RawMessage{}, locate(err, m))
		}
	}
}

// ExecuteConsistent is Execute for dumps that may be interrupted: as long as
// the kernel flags the dump with NLM_F_DUMP_INTR it dumps again, up to
// attempts times in all (at least once), and returns the first consistent
// result. If every attempt was interrupted it returns the last result with
// an error matching ErrDumpInterrupted. It stops early when ctx ends.
func (c *Conn) ExecuteConsistent(ctx context.Context, m netlink.Message, attempts int) ([]netlink.RawMessage, error) {
	for i := 1; ; i++ {
		msgs, err := c.Execute(ctx, m)
		if !errors.Is(err, ErrDumpInterrupted) || i >= attempts {
			return msgs, err
		}
		if err := ctx.Err(); err != nil {
			return msgs, errors.Join(err, ErrDumpInterrupted)
		}
	}
}

// errNilContext refuses a request made with a nil context, which would
// otherwise panic at its first use.
var errNilContext = errors.New("netlink: nil context")

// errStopped ends a request whose consumer stopped early.
var errStopped = errors.New("netlink: stopped")

// replyFunc takes a reply r, which starts at offset off of datagram d, and
// reports whether to go on.
type replyFunc func(r netlink.RawMessage, d []byte, off int) bool

// request runs one exchange: it sends m and passes each reply to fn until
// the reply is complete or fn returns false. If own is set, each datagram
// is a copy that the replies may keep; otherwise it is the receive buffer,
// valid until fn returns.
func (c *Conn) request(ctx context.Context, m netlink.Message, own bool, fn replyFunc) error {
	if c.closed.Load() {
		return net.ErrClosed
	}
	if ctx == nil {
		return errNilContext
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.lockRequest()
	defer c.unlockRequest()
	c.armRead()
	stop := c.watch(ctx)
	defer stop()

	if err := c.finishLost(ctx); err != nil {
		return err
	}
	m.Header.Seq = c.nextSeq()
	m.Header.Flags |= netlink.Request
	b, err := netlink.AppendMessage(c.wbuf[:0], m)
	if err != nil {
		return err
	}
	c.wbuf = b
	if err := c.t.sendmsg(b, Addr{}); err != nil {
		return c.mapErr(err)
	}
	x := exchange{
		seq:  m.Header.Seq,
		ack:  m.Header.Flags&netlink.Acknowledge != 0,
		dump: m.Header.Flags&netlink.Dump == netlink.Dump,
	}
	// Deferred so that a panic in fn, too, leaves the Conn knowing what to
	// discard.
	var p *pipe
	defer c.abandon(&x, &p)
	switch err := c.replies(ctx, &x, own, fn, &p); {
	case err == errStopped:
		return nil
	case err != nil:
		return err
	}
	return x.result()
}

// abandon ends the read-ahead *p, if any, and gives up on x if its reply is
// incomplete: the messages left in the current datagram and those read
// ahead are dropped now, the rest when they arrive.
func (c *Conn) abandon(x *exchange, p **pipe) {
	c.discardReplies(x, x.rest)
	x.rest = nil
	if *p != nil {
		c.stopPipe(x, *p)
		*p = nil
	}
	if !x.done {
		c.lost = *x
	}
}

// discardReplies drops the messages of b, which came from the kernel, and
// follows x and the abandoned request with those that answer them.
func (c *Conn) discardReplies(x *exchange, b []byte) {
	for m, err := range netlink.Messages(b) {
		if err != nil {
			break
		}
		if !c.isReply(x, m) {
			c.lostReply(m)
		} else if !x.done {
			x.step(m)
		}
		c.dropped.Add(1)
	}
}

// replies reads until x is done, passing its data messages to fn. Once a
// dump's reply has been seen to span datagrams, it reads the rest ahead
// through a pipe, which it leaves in *p for abandon to end.
func (c *Conn) replies(ctx context.Context, x *exchange, own bool, fn replyFunc, p **pipe) error {
	for !x.done {
		var d datagram
		var more bool
		var err error
		if *p != nil {
			d, more, err = (*p).next(ctx, c)
		} else {
			d, err = c.readDatagram(ctx, false)
			more = err == ErrOverrun && c.multicast.Load()
		}
		if more {
			// Most likely events were lost, which Receive must report;
			// the reply itself may have been too, and then only ctx or
			// the deadline ends the wait.
			c.enqueueOverrun()
			continue
		}
		if err != nil {
			return err
		}
		if *p == nil && x.dump && !c.ends(x, d) {
			// Read the next datagrams while this one is handled. d stays
			// in the Conn's own buffer, which the pipe does not use.
			*p = c.startPipe(ctx, x)
		}
		switch {
		case d.multicast():
			c.enqueue(d)
			continue
		case d.from.PID != 0:
			c.dropped.Add(countMessages(d.b))
			continue
		}
		b := d.b
		if own {
			b = bytes.Clone(b)
		}
		off := 0
		for m, err := range netlink.Messages(b) {
			if err != nil {
				return err
			}
			moff := off
			off += netlink.Align(int(m.Header.Len))
			if x.done || !c.isReply(x, m) {
				c.lostReply(m)
				c.dropped.Add(1)
				continue
			}
			if !x.step(m) {
				continue
			}
			// What fn leaves unread if it stops or panics.
			x.rest = b[min(off, len(b)):]
			if !fn(m, b, moff) {
				return errStopped
			}
			x.rest = nil
		}
	}
	return nil
}

// isReply reports whether m answers x. Kernel replies carry the requester's
// port id, though a few protocols leave it 0.
func (c *Conn) isReply(x *exchange, m netlink.RawMessage) bool {
	return m.Header.Seq == x.seq && (m.Header.PID == c.pid || m.Header.PID == 0)
}

// lostReply reports whether m answers the abandoned request, and notes the
// end of its reply.
func (c *Conn) lostReply(m netlink.RawMessage) bool {
	l := &c.lost
	if l.seq == 0 || !c.isReply(l, m) {
		return false
	}
	l.step(m)
	if l.done {
		*l = exchange{}
	}
	return true
}

// finishLost reads the rest of an abandoned dump, which the kernel would
// otherwise keep sending and which would make it refuse the next dump with
// EBUSY. Abandoned requests of other kinds need no wait: their late
// replies are dropped whenever they arrive.
func (c *Conn) finishLost(ctx context.Context) error {
	for c.lost.seq != 0 && (c.lost.dump || c.lost.multi) {
		d, err := c.readDatagram(ctx, false)
		if err == ErrOverrun && c.multicast.Load() {
			c.enqueueOverrun()
			continue
		}
		if err != nil {
			return err
		}
		switch {
		case d.multicast():
			c.enqueue(d)
			continue
		case d.from.PID != 0:
			c.dropped.Add(countMessages(d.b))
			continue
		}
		for m, err := range netlink.Messages(d.b) {
			if err != nil {
				// A malformed reply cannot be followed; give up on it.
				c.lost = exchange{}
				return err
			}
			c.lostReply(m)
			c.dropped.Add(1)
		}
	}
	return nil
}
