package conn

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"time"
	"unsafe"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// datagram is one received datagram. b aliases the Conn's receive buffer
// and is valid until the next read.
type datagram struct {
	b     []byte
	from  Addr
	group uint32 // the multicast group, from NETLINK_PKTINFO; 0 if unicast or unknown
}

// multicast reports whether d was sent to a group rather than to this
// socket. The source address names only groups 1 to 32; PKTINFO names all.
func (d datagram) multicast() bool { return d.from.Groups != 0 || d.group != 0 }

// readDatagram reads the next datagram whole. The caller holds readMu and
// has armed the read deadline. ctx, if not nil, ends the wait when done;
// receive makes the read step aside (errYield) for a waiting request.
//
// Each datagram takes two recvmsg calls: a peek with MSG_TRUNC into the
// buffer, which reports the datagram's true size, then a zero-length read
// that only dequeues it. A datagram larger than the buffer stays queued
// while the buffer grows, so none is ever truncated. The extra call copies
// nothing: on a dump of 100k routes it added about 2% to the time of a bare
// loop of single reads, while the 32 KiB buffer makes the kernel pack the
// dump into an eighth as many datagrams as an empty-buffer peek does.
func (c *Conn) readDatagram(ctx context.Context, receive bool) (datagram, error) {
	return c.readInto(ctx, receive, &c.rbuf, nil)
}

// readInto is readDatagram into *buf, which it grows as needed. The reader
// of a read-ahead (see pipe) calls it with buffers of its own, and with
// quit, whose closing ends the wait with errStopped.
//
// An overrun is reported where the kernel resumes delivery, not where it
// reports the loss. The kernel reports ENOBUFS at its first drop, ahead of
// the datagrams still queued, and from then on drops every message for the
// socket, without another report, until a read leaves the queue empty.
// Reporting the overrun at once would let a caller list afresh while the
// kernel still drops the changes that follow. So after ENOBUFS readInto
// returns the queued datagrams without waiting, and ErrOverrun when it
// finds the socket empty: from then on, any loss is reported again.
func (c *Conn) readInto(ctx context.Context, receive bool, buf *[]byte, quit <-chan struct{}) (datagram, error) {
	for {
		if receive && c.reqs.Load() > 0 {
			return datagram{}, errYield
		}
		flags := unix.MSG_PEEK | unix.MSG_TRUNC
		if c.acks {
			flags = unix.MSG_TRUNC
		}
		if c.draining || c.nowait {
			flags |= unix.MSG_DONTWAIT
		}
		oob := c.oob
		if c.acks {
			// No groups: no NETLINK_PKTINFO to read.
			oob = nil
		}
		n, oobn, _, from, err := c.t.recvmsg(*buf, oob, flags)
		c.recvCalls.Add(1)
		if err != nil {
			if err = c.readFailed(ctx, receive, quit, err); err != nil {
				return datagram{}, err
			}
			continue
		}
		if n > len(*buf) && c.acks {
			// Taken off the queue, cut short: no answer a batch
			// takes is this long (see Conn.acks).
			c.dropped.Add(1)
			continue
		}
		if n > len(*buf) {
			// Round up to a power of two so a series of growing datagrams
			// costs few allocations.
			*buf = make([]byte, 1<<bits.Len(uint(n-1)))
			continue
		}
		if c.acks {
			return datagram{b: (*buf)[:n], from: from}, nil
		}
		if err := c.dequeue(n); err != nil {
			return datagram{}, err
		}
		return datagram{b: (*buf)[:n], from: from, group: pktinfoGroup(c.oob[:oobn])}, nil
	}
}

// readFailed decides what a read that failed with err means: nil to read
// again, or the error the read ends with.
func (c *Conn) readFailed(ctx context.Context, receive bool, quit <-chan struct{}, err error) error {
	switch {
	case c.closed.Load():
	case errors.Is(err, unix.ENOBUFS):
		c.draining = true
		return nil
	case errors.Is(err, unix.EAGAIN) && c.draining:
		c.draining = false
		return ErrOverrun
	case errors.Is(err, unix.EAGAIN) && c.nowait:
		return errEmpty
	case errors.Is(err, os.ErrDeadlineExceeded):
		return c.timedOut(ctx, receive, quit)
	}
	return c.mapErr(err)
}

// errEmpty ends a read that must not wait (Conn.nowait) on an empty socket.
var errEmpty = errors.New("netlink: nothing queued")

// dequeue removes the datagram of n bytes just peeked at. It does not wait:
// the datagram is there, and a deadline that passed since must not leave it
// queued to be read twice.
func (c *Conn) dequeue(n int) error {
	for {
		m, _, _, _, err := c.t.recvmsg(nil, nil, unix.MSG_TRUNC|unix.MSG_DONTWAIT)
		c.recvCalls.Add(1)
		switch {
		case err == nil && m == n:
			return nil
		case err == nil:
			return fmt.Errorf("netlink: datagram of %d bytes read as %d bytes", n, m)
		case errors.Is(err, unix.ENOBUFS):
			// The loss happened after the peeked datagram was queued;
			// it is reported once the socket is empty (readInto).
			c.draining = true
		default:
			return c.mapErr(err)
		}
	}
}

// timedOut decides what a read that hit its deadline means: the caller's
// context ended, the user's deadline passed, a request wants the socket,
// the consumer of a read-ahead stopped (quit is closed), or a stale wake-up
// that only needs the deadline restored (nil).
func (c *Conn) timedOut(ctx context.Context, receive bool, quit <-chan struct{}) error {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	c.dlMu.Lock()
	defer c.dlMu.Unlock()
	// Checked under dlMu: whoever closes quit wakes the read afterwards,
	// and that wake-up cannot be undone by the deadline restored below.
	select {
	case <-quit:
		return errStopped
	default:
	}
	if dl := c.readDL; !dl.IsZero() && !time.Now().Before(dl) {
		return os.ErrDeadlineExceeded
	}
	if receive && c.reqs.Load() > 0 {
		return errYield
	}
	c.woken = false
	c.t.setReadDeadline(c.readDL)
	return nil
}

// watch wakes the read in progress when ctx is done. The returned function
// stops watching.
func (c *Conn) watch(ctx context.Context) (stop func() bool) {
	if ctx.Done() == nil {
		return func() bool { return true }
	}
	return context.AfterFunc(ctx, c.wake)
}

// pktinfoGroup returns the group of a NETLINK_PKTINFO control message in
// oob, or 0.
func pktinfoGroup(oob []byte) uint32 {
	hdr := unix.CmsgLen(0)
	for len(oob) >= hdr {
		h := (*unix.Cmsghdr)(unsafe.Pointer(&oob[0]))
		l := int(h.Len)
		if l < hdr || l > len(oob) {
			return 0
		}
		if h.Level == unix.SOL_NETLINK && h.Type == unix.NETLINK_PKTINFO && l >= hdr+4 {
			return binary.NativeEndian.Uint32(oob[hdr:])
		}
		oob = oob[min(unix.CmsgSpace(l-hdr), len(oob)):]
	}
	return 0
}

// countMessages returns how many messages b holds, at least 1: what is
// dropped when a whole datagram is.
func countMessages(b []byte) uint64 {
	var n uint64
	for _, err := range netlink.Messages(b) {
		n++
		if err != nil {
			break
		}
	}
	return max(n, 1)
}
