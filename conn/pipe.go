package conn

import (
	"context"
	"encoding/binary"
	"net"
	"sync"

	"github.com/nltag/go-netlink/netlink"
)

// A dump's read-ahead starts with aheadStart receive buffers and takes more
// from aheadPool, up to aheadBuffers, while the caller is behind. Four were
// too few: a decoding loop that keeps its results pauses for the garbage
// collector and the scheduler for milliseconds at a time, during which the
// kernel could have filled dozens of datagrams (bench/: 100k routes through
// Client.RouteList took 1.5-1.9 times the raw loop with four, 1.4 with 16).
// Short dumps, or callers that keep up, never take more than a few.
const (
	aheadStart   = 2
	aheadBuffers = 16
)

// pipe reads a dump ahead on a goroutine of its own. The kernel builds each
// datagram of a dump inside the recvmsg call that follows the previous one,
// so a reader that takes turns with the decoding leaves one core idle. With
// the pipe, the kernel's work for the next datagrams runs while the caller
// decodes this one (bench/: the live list of 100k routes, BENCHMARKS.md).
// The pipe starts only once a dump's reply spans datagrams, so short
// replies cost no goroutine.
//
// Buffers are recycled only after every message of their datagram has been
// handled, which keeps Stream's rule (Data valid until the loop body
// returns); Execute copies each datagram as before.
//
// The reader owns the socket's read state (readInto, the control buffer,
// the overrun flag) from start until it closes full; the request's
// goroutine, which holds readMu throughout, does everything else: it
// checks, counts, sets aside and yields what the reader delivers, in order.
type pipe struct {
	full chan ahead    // datagrams read, in order; closed when the reader ends
	free chan *[]byte  // buffers for the reader
	quit chan struct{} // closed when the consumer gives up
	cur  *[]byte       // the buffer the consumer is working on, if any
	left datagram      // read, but not handed out: for stopPipe to discard
	// taken counts the buffers taken from aheadPool. The reader grows it;
	// stopPipe reads it once the reader has closed full.
	taken int
}

// aheadPool holds the read-ahead buffers between dumps, of any Conn.
var aheadPool = sync.Pool{New: func() any {
	b := make([]byte, minReadBuffer)
	return &b
}}

// ahead is one read by the reader: a datagram, or the error in its place.
type ahead struct {
	d    datagram
	buf  *[]byte // the buffer d.b lies in, to go back to free
	err  error
	more bool // after an error: the reader goes on
}

// startPipe starts reading ahead the replies to the dump x.
func (c *Conn) startPipe(ctx context.Context, x *exchange) *pipe {
	p := &pipe{
		full: make(chan ahead, aheadBuffers),
		free: make(chan *[]byte, aheadBuffers),
		quit: make(chan struct{}),
	}
	for range aheadStart {
		p.free <- aheadPool.Get().(*[]byte)
	}
	p.taken = aheadStart
	go c.readAhead(ctx, exchange{seq: x.seq}, p)
	return p
}

// readAhead is the reader: it reads until the datagram that ends the reply
// to x, an error, or quit. It never blocks on full, which has room for
// every buffer.
func (c *Conn) readAhead(ctx context.Context, x exchange, p *pipe) {
	defer close(p.full)
	for {
		b := p.buffer()
		if b == nil {
			return
		}
		d, err := c.readInto(ctx, false, b, p.quit)
		// Events may have been lost; they are reported to Receive and the
		// dump goes on, as in replies.
		more := err == ErrOverrun && c.multicast.Load()
		p.full <- ahead{d: d, buf: b, err: err, more: more}
		if err != nil && !more || err == nil && c.ends(&x, d) {
			return
		}
	}
}

// buffer returns a free buffer for the reader: a recycled one, a new one
// from the pool while fewer than aheadBuffers are out, or else the next
// one recycled. It returns nil when the consumer quits.
func (p *pipe) buffer() *[]byte {
	select {
	case b := <-p.free:
		return b
	default:
	}
	if p.taken < aheadBuffers {
		p.taken++
		return aheadPool.Get().(*[]byte)
	}
	select {
	case b := <-p.free:
		return b
	case <-p.quit:
		return nil
	}
}

// ends reports whether d ends the reply to x: it holds x's NLMSG_DONE or
// NLMSG_ERROR, or cannot be followed. The consumer decides the same from
// the same messages.
func (c *Conn) ends(x *exchange, d datagram) bool {
	if d.multicast() || d.from.PID != 0 {
		return false
	}
	// The reader runs this over every datagram of a dump: a walk of the
	// headers with the checks of netlink.Messages, without its iterator,
	// takes a third of its time (BenchmarkEnds).
	b := d.b
	for off := 0; off < len(b); {
		rest := b[off:]
		if len(rest) < netlink.HeaderLen {
			return true
		}
		l := binary.NativeEndian.Uint32(rest)
		if l < netlink.HeaderLen || uint64(l) > uint64(len(rest)) {
			return true
		}
		switch netlink.MsgType(binary.NativeEndian.Uint16(rest[4:])) {
		case netlink.Done, netlink.Error, netlink.Overrun:
			if h, _, _ := netlink.ParseHeader(rest); c.isReply(x, netlink.RawMessage{Header: h}) {
				return true
			}
		}
		off += netlink.Align(int(l))
	}
	return false
}

// next returns the next datagram the reader delivers. The buffer of the
// previous one goes back to the reader.
func (p *pipe) next(ctx context.Context, c *Conn) (datagram, bool, error) {
	p.recycle()
	a, ok := <-p.full
	if !ok {
		// The reader ends only after delivering the datagram that ends
		// the reply, or an error, after which nobody asks again.
		panic("conn: read-ahead ended early")
	}
	p.cur = a.buf
	if a.err != nil {
		return datagram{}, a.more, a.err
	}
	// What was read ahead is not handed out after Close, nor after ctx
	// ended, as a reader in step would not have read it.
	err := ctx.Err()
	if c.closed.Load() {
		err = net.ErrClosed
	}
	if err != nil {
		p.left = a.d
		return datagram{}, false, err
	}
	return a.d, false, nil
}

// recycle gives the consumer's buffer back to the reader.
func (p *pipe) recycle() {
	if p.cur != nil {
		p.free <- p.cur
		p.cur = nil
	}
}

// stopPipe ends the pipe: it stops the reader, waits for it, and deals with
// what it read as abandon deals with the rest of a datagram. The buffers go
// back to the pool, for the next dump.
func (c *Conn) stopPipe(x *exchange, p *pipe) {
	close(p.quit)
	c.wake()
	if p.left.b != nil {
		c.discard(x, p.left)
		p.left = datagram{}
	}
	p.recycle()
	for a := range p.full {
		switch {
		case a.err == ErrOverrun && a.more:
			c.enqueueOverrun()
		case a.err == nil:
			c.discard(x, a.d)
		}
		p.free <- a.buf
	}
	for range p.taken {
		aheadPool.Put(<-p.free)
	}
}

// discard drops a datagram that arrived for a request given up on, setting
// multicast events aside and following x to its end.
func (c *Conn) discard(x *exchange, d datagram) {
	switch {
	case d.multicast():
		c.enqueue(d)
	case d.from.PID != 0:
		c.dropped.Add(countMessages(d.b))
	default:
		c.discardReplies(x, d.b)
	}
}
