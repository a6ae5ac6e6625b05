package conn

import (
	"context"
	"encoding/binary"
	"errors"
	"math/bits"
	"os"

	"github.com/nltag/go-netlink/internal/operr"
	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
)

// The pipeline's bounds. The kernel answers each request inside the
// sendmsg that carries it, one datagram per answer. An answer to a short
// request takes about 1 KiB of the receive buffer (its skb's truesize),
// but an error echoes the request: the answers in flight are bounded by
// what they would take if every request failed (answerCost), to well
// within the default buffer (208 KiB), so that a batch never overruns its
// own socket. 64 requests per sendmsg take nearly all the gain of packing
// (issue 19: 8.0 µs a route against 10.6-12.5 one per sendmsg).
const (
	batchPerSend  = 64        // requests packed into one sendmsg
	batchSendSize = 32 << 10  // bytes of one sendmsg, unless one request is larger
	batchInFlight = 128       // requests sent and not yet answered
	batchOwed     = 160 << 10 // their answers' answerCost: 128 short requests'
)

// answerCost bounds what the kernel's answer to a request of n bytes takes
// of the receive buffer: an error echoing the request, with its header,
// errno and extended ACK (256 bytes), in data of a power-of-two size that
// holds the skb's shared info (320 bytes) too, and the sk_buff (256).
func answerCost(n int) int {
	return 1<<bits.Len(uint(n+16+4+256+320-1)) + 256
}

// ackRoom is what an answer holds beyond the request it echoes: its
// header, the errno and the extended ACK's attributes.
const ackRoom = 4 << 10

// ErrBatchDump refuses a dump request in ExecuteBatch, whose replies it
// does not return.
var ErrBatchDump = errors.New("netlink: a dump cannot be part of a batch")

// ExecuteBatch sends the requests ms, which change something and answer
// with an ACK (NEW, SET and DEL requests), and returns the result of each,
// in order: nil when the kernel acknowledged it, else the error it failed
// with, a *netlink.OpError located in the request as Execute's are. It
// sets NLM_F_REQUEST, NLM_F_ACK and a fresh sequence number on each.
//
// It pipelines: it packs up to 64 requests into one sendmsg and sends the
// next ones before the answers to the last have been read, keeping at most
// 128 requests unanswered (fewer long ones, whose errors would not fit the
// default receive buffer: an error echoes its request), and matches each
// answer to its request by sequence number, in whatever order answers
// come. The kernel handles the requests in order and goes on after one
// fails; so does ExecuteBatch. Replies with data (to NLM_F_ECHO, say) are
// not returned; dump requests fail with ErrBatchDump without being sent,
// and a request longer than the socket's send buffer with EMSGSIZE.
//
// Every request gets a result. When the kernel reports an overrun (the
// socket's buffer filled and answers were dropped), the requests sent and
// not answered fail with ErrOverrun: the kernel made their answers as they
// arrived, and dropped them; whether they took effect is unknown. When ctx
// ends or the read deadline passes, the answers already queued are read,
// and the requests left unanswered, or not yet sent, fail with ctx's error
// or os.ErrDeadlineExceeded; their late answers are discarded. An error of
// the socket fails every request not yet answered.
func (c *Conn) ExecuteBatch(ctx context.Context, ms []netlink.Message) []error {
	return c.executeBatch(ctx, ms, false)
}

// ExecuteBatchQuiet is ExecuteBatch with the kernel's answers only to the
// requests that fail and to the last of each datagram: it asks for an ACK
// (NLM_F_ACK) on that one alone, and clears the flag on the others. The
// kernel answers a request that fails whether asked or not, and handles
// the requests of a datagram in order, so once the last has its answer,
// a request of the datagram without one succeeded. Every request gets a
// result all the same, and the kernel makes and the Conn reads one answer
// per datagram, not one per request (bench/, BenchmarkRouteInstall: the
// raw loop asking so took 0.69-0.76 of the CPU time of the one asking for
// every ACK).
//
// It relies on the kernel's handling of requests (netlink_rcv_skb), which
// rtnetlink and generic netlink share: a family, or a Transport, that
// answered a datagram's last request before an earlier one's failure, or
// left a failure unanswered, would have that failure taken for success.
// On an overrun, the requests not yet answered, or settled by a later
// answer, fail with ErrOverrun.
func (c *Conn) ExecuteBatchQuiet(ctx context.Context, ms []netlink.Message) []error {
	return c.executeBatch(ctx, ms, true)
}

func (c *Conn) executeBatch(ctx context.Context, ms []netlink.Message, quiet bool) []error {
	room := make([]pending, 0, min(len(ms), batchInFlight))
	b := batch{c: c, ms: ms, errs: make([]error, len(ms)), inflight: room, room: room, quiet: quiet}
	if err := b.run(ctx); err != nil {
		b.fail(err)
	}
	return b.errs
}

// ExecuteAck is ExecuteBatch for one request: a change answered by an ACK
// alone, sent in one sendmsg and answered in one recvmsg, where Execute,
// which must expect replies of any length, reads each datagram twice.
func (c *Conn) ExecuteAck(ctx context.Context, m netlink.Message) error {
	if err := c.enter(ctx); err != nil {
		return err
	}
	defer c.unlockRequest()
	// The state lives in c, under readMu, so that a call allocates nothing.
	o := &c.one
	o.ms[0], o.errs[0] = m, nil
	o.b = batch{c: c, ms: o.ms[:], errs: o.errs[:], inflight: o.inflight[:0], room: o.inflight[:0]}
	if err := o.b.runLocked(ctx); err != nil {
		o.b.fail(err)
	}
	err := o.errs[0]
	// Drop the references the call left; the rest is set afresh.
	o.ms[0], o.errs[0], o.inflight[0] = netlink.Message{}, nil, pending{}
	return err
}

// oneAck is the state of an ExecuteAck.
type oneAck struct {
	b        batch
	ms       [1]netlink.Message
	errs     [1]error
	inflight [1]pending
}

// batch is one ExecuteBatch in progress.
type batch struct {
	c        *Conn
	ms       []netlink.Message
	errs     []error
	next     int       // the first request not yet sent
	inflight []pending // sent, not yet answered, in the order sent
	room     []pending // the array inflight starts in
	quiet    bool      // ExecuteBatchQuiet: an ACK for each datagram's last request only

	// For reading several answers per call (multiReader): the room one
	// answer may need (the longest request sent, echoed, and ackRoom),
	// and each call's buffers (slots of the Conn's receive buffer),
	// lengths and senders.
	slot int
	bufs [][]byte
	lens []int
	from []Addr
}

// multiReader is a socket that reads several datagrams per call: the
// kernel's (recvmmsg). See socket.recvmmsg.
type multiReader interface {
	recvmmsg(bufs [][]byte, lens []int, from []Addr, flags int) (int, error)
}

// pending follows the answer to request i.
type pending struct {
	i    int
	x    exchange
	cost int // answerCost of the request
	// fence: the request asked for an ACK; in a quiet batch, the last of
	// its datagram, whose answer settles those before it.
	fence bool
}

// run sends the batch; an error it returns is every unanswered request's.
func (b *batch) run(ctx context.Context) error {
	if err := b.c.enter(ctx); err != nil {
		return err
	}
	defer b.c.unlockRequest()
	return b.runLocked(ctx)
}

// runLocked is run for a caller that holds the socket (enter).
func (b *batch) runLocked(ctx context.Context) error {
	c := b.c
	c.armRead()
	stop := c.watch(ctx)
	defer stop()
	if err := c.finishLost(ctx); err != nil {
		return err
	}
	// Events can be longer than the buffer; answers never are (send).
	c.acks = !c.multicast.Load()
	defer func() { c.acks = false }()
	if err := b.loop(ctx); err != nil {
		// Under readMu: fail hands the requests in flight to c.lost.
		b.fail(err)
	}
	return nil
}

// loop sends the requests and takes their answers.
func (b *batch) loop(ctx context.Context) error {
	c := b.c
	for b.next < len(b.ms) || len(b.inflight) > 0 {
		if b.next < len(b.ms) && len(b.inflight)+batchPerSend <= batchInFlight {
			took, err := b.send()
			if err != nil {
				return err
			}
			if took || len(b.inflight) == 0 {
				continue
			}
			// The next request's answer would not fit: take answers.
		}
		if err := b.receive(ctx); err != nil {
			if isWait(err) {
				// The answers to what was sent are queued, or lost:
				// take those there are before giving up on the rest.
				c.nowait = true
				for b.receive(context.Background()) == nil && len(b.inflight) > 0 {
				}
				c.nowait = false
			}
			return err
		}
	}
	return nil
}

// isWait reports an error that ends a wait rather than the socket.
func isWait(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
}

// send packs the next requests into one datagram and sends it, stopping
// short of a request whose answer might not fit in the buffer beside those
// of the requests in flight (batchOwed). It reports whether it took any:
// sent it, or failed it alone.
func (b *batch) send() (bool, error) {
	c := b.c
	if cap(b.inflight)-len(b.inflight) < batchPerSend && cap(b.inflight) < cap(b.room) {
		// Answers are taken from the front (take); move what waits back.
		b.inflight = append(b.room[:0], b.inflight...)
	}
	w := c.wbuf[:0]
	first := len(b.inflight)
	last := -1 // where in w the last request starts
	owed := 0
	for _, p := range b.inflight {
		owed += p.cost
	}
	for n := 0; b.next < len(b.ms) && n < batchPerSend; b.next++ {
		i := b.next
		m := b.ms[i]
		if m.Header.Flags&netlink.Dump == netlink.Dump {
			b.errs[i] = ErrBatchDump
			continue
		}
		m.Header.Seq = c.nextSeq()
		m.Header.Flags |= netlink.Request | netlink.Acknowledge
		if b.quiet {
			// Set again on the datagram's last (below).
			m.Header.Flags &^= netlink.Acknowledge
		}
		start := len(w)
		var err error
		if w, err = netlink.AppendMessage(w, m); err != nil {
			b.errs[i] = err
			continue
		}
		cost := answerCost(len(w) - start)
		if (n > 0 && len(w) > batchSendSize) || (len(b.inflight) > 0 && owed+cost > batchOwed) {
			// Sent with a later datagram, under a fresh number.
			w = w[:start]
			break
		}
		owed += cost
		if l := len(w) - start + ackRoom; l > b.slot {
			// An error answer echoes the request.
			b.slot = l
			if l > len(c.rbuf) {
				c.rbuf = make([]byte, l)
			}
		}
		b.inflight = append(b.inflight, pending{i: i, x: exchange{seq: m.Header.Seq, ack: true}, cost: cost, fence: !b.quiet})
		last = start
		n++
	}
	c.wbuf = w
	if len(w) == 0 {
		return false, nil
	}
	if b.quiet {
		f := netlink.Flags(binary.NativeEndian.Uint16(w[last+6:])) | netlink.Acknowledge
		binary.NativeEndian.PutUint16(w[last+6:], uint16(f))
		b.inflight[len(b.inflight)-1].fence = true
	}
	if err := c.t.sendmsg(w, Addr{}); err != nil {
		// Nothing of the datagram was taken.
		err = c.mapErr(err)
		for _, p := range b.inflight[first:] {
			b.errs[p.i] = err
		}
		b.inflight = b.inflight[:first]
		if errors.Is(err, unix.EMSGSIZE) {
			// Longer than the send buffer takes: a request alone
			// (batchSendSize), which fails by itself, as a request
			// the kernel refuses does.
			return true, nil
		}
		return false, err
	}
	return true, nil
}

// receive reads one datagram, or with a multiReader those queued, and
// takes the answers they hold. An overrun fails the requests in flight;
// their answers were dropped.
func (b *batch) receive(ctx context.Context) error {
	c := b.c
	if c.acks && len(b.inflight) > 1 && b.slot > 0 {
		if mr, ok := c.t.(multiReader); ok {
			return b.receiveMany(ctx, mr)
		}
	}
	d, err := c.readDatagram(ctx, false)
	if err != nil {
		return b.readFailed(err)
	}
	if c.setAside(d) {
		return nil
	}
	return b.take(d.b)
}

// readFailed handles a read's error: an overrun fails the requests in
// flight, and the batch goes on; any other error ends the read.
func (b *batch) readFailed(err error) error {
	if err != ErrOverrun {
		return err
	}
	if b.c.multicast.Load() {
		b.c.enqueueOverrun()
	}
	for _, p := range b.inflight {
		b.errs[p.i] = ErrOverrun
	}
	b.inflight = b.inflight[:0]
	return nil
}

// receiveMany reads the answers queued, several per system call: the
// kernel has answered a datagram of requests by the time its sendmsg
// returns, and reading each answer alone cost a tenth of a change
// (bench/, BenchmarkRouteInstall). Each answer gets a slot of the receive
// buffer as long as the longest it may be; one longer is dropped, as
// readInto drops it.
func (b *batch) receiveMany(ctx context.Context, mr multiReader) error {
	c := b.c
	k := max(1, min(len(c.rbuf)/b.slot, len(b.inflight)))
	if len(b.bufs) < k {
		b.bufs, b.lens, b.from = make([][]byte, k), make([]int, k), make([]Addr, k)
	}
	for i := range k {
		b.bufs[i] = c.rbuf[i*b.slot : (i+1)*b.slot]
	}
	var n int
	for {
		flags := unix.MSG_TRUNC
		if c.draining || c.nowait {
			flags |= unix.MSG_DONTWAIT
		}
		var err error
		n, err = mr.recvmmsg(b.bufs[:k], b.lens, b.from, flags)
		c.recvCalls.Add(1)
		if err == nil {
			break
		}
		if err = c.readFailed(ctx, false, nil, err); err != nil {
			return b.readFailed(err)
		}
	}
	for i := range n {
		if b.lens[i] > len(b.bufs[i]) {
			c.dropped.Add(1)
			continue
		}
		d := datagram{b: b.bufs[i][:b.lens[i]], from: b.from[i]}
		if c.setAside(d) {
			continue
		}
		if err := b.take(d.b); err != nil {
			return err
		}
	}
	return nil
}

// take takes the answers of one datagram.
func (b *batch) take(d []byte) error {
	c := b.c
	for m, err := range netlink.Messages(d) {
		if err != nil {
			return err
		}
		k := b.find(m)
		if k < 0 {
			c.lostReply(m)
			c.dropped.Add(1)
			continue
		}
		p := &b.inflight[k]
		p.x.step(m)
		if p.x.done {
			b.errs[p.i] = locate(p.x.result(), b.ms[p.i])
			b.settle(k)
		}
	}
	return nil
}

// settle takes the request at position k in flight, whose answer is
// complete, off the list; when it is a fence, the requests sent before it
// that wait for no answer of their own succeeded. Unless the kernel has
// reported an overrun that no read has caught up with (Conn.draining): an
// answer it lost may have been one of theirs (it drops a failure's answer
// when it cannot allocate it, and may deliver the next), so they fail with
// ErrOverrun, as requests whose answers were lost do.
func (b *batch) settle(k int) {
	n := 0 // what stays before k: fences yet to be answered
	if b.inflight[k].fence {
		lost := b.c.draining
		for _, p := range b.inflight[:k] {
			switch {
			case p.fence:
				b.inflight[n] = p
				n++
			case lost:
				b.errs[p.i] = ErrOverrun
			}
		}
	} else {
		n = k
	}
	if n == 0 {
		// The usual case: nothing to move. send moves what is left to
		// the front of the array.
		b.inflight = b.inflight[k+1:]
		return
	}
	b.inflight = append(b.inflight[:n], b.inflight[k+1:]...)
}

// find returns the position in flight of the request m answers, or -1.
// Answers come in order, so the first is nearly always the one.
func (b *batch) find(m netlink.RawMessage) int {
	for k := range b.inflight {
		if b.c.isReply(&b.inflight[k].x, m) {
			return k
		}
	}
	return -1
}

// fail gives every request without a result err: those in flight, whose
// late answers the Conn then discards, and those not sent.
func (b *batch) fail(err error) {
	c := b.c
	for _, p := range b.inflight {
		b.errs[p.i] = err
		if len(c.lost) < maxLost {
			c.lost = append(c.lost, p.x)
		}
	}
	b.inflight = nil
	for i := b.next; i < len(b.ms); i++ {
		b.errs[i] = operr.Wrap("netlink: not sent", err)
	}
}
