package conn

import (
	"bytes"
	"context"
	"errors"
	"iter"
	"runtime"
	"slices"

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
// one dump per socket at a time. It follows up to 16 requests given up on;
// once there are 16, the next request first reads what the socket holds
// and forgets them, as the kernel queues replies (rtnetlink's, genl's)
// while a request is sent.
//
// When the kernel reports an overrun before the reply is complete, a
// request other than a dump fails with ErrOverrun: its reply, which the
// kernel queues as the request arrives, was lost if the socket, emptied,
// did not hold it. On a socket that receives events a dump goes on, as the
// kernel never drops a dump's replies.
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
// whole loop: Receive, ReceiveFrom, Execute and Stream called from the loop
// body on the same Conn fail at once with ErrInStream (from another
// goroutine they wait for the loop to end). Stopping the loop early gives
// up on the request, as a cancelled Execute does.
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
	if err := c.enter(ctx); err != nil {
		return err
	}
	defer c.unlockRequest()
	if !own {
		// fn runs the caller's loop body, on this goroutine.
		c.stream.Store(goid())
		defer c.stream.Store(0)
	}
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

// enter checks that a request may start, and takes the socket for it; the
// caller then calls unlockRequest.
func (c *Conn) enter(ctx context.Context) error {
	if err := c.usable(); err != nil {
		return err
	}
	if ctx == nil {
		return errNilContext
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := c.notInStream(); err != nil {
		return err
	}
	c.lockRequest()
	return nil
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
		c.lost = append(c.lost, *x)
	}
}

// maxLost bounds the abandoned requests a Conn follows: a request finds
// at most maxLost-1 (finishLost settles them otherwise) and adds itself.
const maxLost = 16

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
			// The socket is empty now (readInto). A dump's replies are
			// never dropped: the kernel makes them as the socket is
			// read, and only when there is room. Any other reply is
			// made as the request arrives, so it was read before this,
			// or it was lost.
			more = err == ErrOverrun && c.multicast.Load() && x.dump
		}
		if err == ErrOverrun && c.multicast.Load() {
			// Events were lost, which Receive reports too.
			c.enqueueOverrun()
		}
		if more {
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
			off += netlink.Align(m.Len())
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

// lostReply reports whether m answers an abandoned request, and forgets
// the request when its reply has ended.
func (c *Conn) lostReply(m netlink.RawMessage) bool {
	for i := range c.lost {
		l := &c.lost[i]
		if !c.isReply(l, m) {
			continue
		}
		l.step(m)
		if l.done {
			c.lost = slices.Delete(c.lost, i, i+1)
		}
		return true
	}
	return false
}

// finishLost prepares the socket for a request. It reads the rest of
// abandoned dumps, which the kernel would otherwise keep sending and which
// would make it refuse the next dump with EBUSY. Abandoned requests of
// other kinds need no wait: their late replies are dropped whenever they
// arrive; when they are many, it settles them (settleLost). A socket that
// receives events is emptied (settleLost) too: the kernel drops a reply,
// like an event, while the socket is full or has overrun and not been
// emptied since, and the request would fail with ErrOverrun.
func (c *Conn) finishLost(ctx context.Context) error {
	for slices.ContainsFunc(c.lost, func(l exchange) bool { return l.dump || l.multi }) {
		d, err := c.readDatagram(ctx, false)
		if err == ErrOverrun && c.multicast.Load() {
			c.enqueueOverrun()
			continue
		}
		if err != nil {
			return err
		}
		if err := c.discardLost(d); err != nil {
			return err
		}
	}
	if len(c.lost) >= maxLost || c.multicast.Load() {
		return c.settleLost()
	}
	return nil
}

// settleLost reads what the socket holds, without waiting, and then, if
// maxLost requests are abandoned, forgets them. The kernel's rtnetlink and
// genl answer a request while it is being sent, so their replies are in
// the socket by now, or were lost: following them further would only grow
// the list.
func (c *Conn) settleLost() error {
	c.nowait = true
	defer func() { c.nowait = false }()
	forget := len(c.lost) >= maxLost
	for {
		d, err := c.readDatagram(context.Background(), false)
		switch {
		case err == errEmpty:
			if forget {
				c.lost = c.lost[:0]
			}
			return nil
		case err == ErrOverrun && c.multicast.Load():
			c.enqueueOverrun()
			continue
		case err != nil:
			return err
		}
		if err := c.discardLost(d); err != nil {
			return err
		}
	}
}

// discardLost handles a datagram read while no request is in progress:
// events are set aside, messages from processes dropped, and replies to
// abandoned requests followed and dropped.
func (c *Conn) discardLost(d datagram) error {
	if c.setAside(d) {
		return nil
	}
	for m, err := range netlink.Messages(d.b) {
		if err != nil {
			// A malformed reply cannot be followed; give up on them.
			c.lost = c.lost[:0]
			return err
		}
		c.lostReply(m)
		c.dropped.Add(1)
	}
	return nil
}

// setAside keeps a multicast datagram for Receive and drops one from a
// process, and reports whether d was either: what is left is the kernel's
// replies.
func (c *Conn) setAside(d datagram) bool {
	switch {
	case d.multicast():
		c.enqueue(d)
	case d.from.PID != 0:
		c.dropped.Add(countMessages(d.b))
	default:
		return false
	}
	return true
}

// notInStream returns ErrInStream when called from the loop body of a
// Stream on c, which holds the Conn until the body returns.
func (c *Conn) notInStream() error {
	if g := c.stream.Load(); g != 0 && g == goid() {
		return ErrInStream
	}
	return nil
}

// goid returns the id of the calling goroutine, which the first line of
// its stack trace gives ("goroutine 18 [running]:").
func goid() uint64 {
	var buf [32]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	var id uint64
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			break
		}
		id = id*10 + uint64(ch-'0')
	}
	return id
}
