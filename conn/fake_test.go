package conn

import (
	"encoding/binary"
	"errors"
	"os"
	"sync"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
)

// fakePID is the port id of every fake socket.
const fakePID = 4242

// fakeDatagram is one datagram a fake socket delivers, or an error that a
// read reports in its place (as the kernel reports ENOBUFS).
type fakeDatagram struct {
	b     []byte
	from  Addr
	group uint32
	err   error
}

// fake is a scripted transport. Its respond function plays the kernel:
// given each request sent, it returns the datagrams to queue.
type fake struct {
	respond func(req netlink.Header, body []byte) []fakeDatagram

	mu       sync.Mutex
	queue    []fakeDatagram
	changed  chan struct{} // closed and replaced on every change
	closed   bool
	readDL   time.Time
	sent     []netlink.Header
	recvs    int
	opts     map[[2]int]int
	overrunN int // make the next overrunN dequeues fail with ENOBUFS first
}

func newFake(respond func(req netlink.Header, body []byte) []fakeDatagram) *fake {
	return &fake{respond: respond, changed: make(chan struct{}), opts: map[[2]int]int{}}
}

// newFakeConn returns a Conn over a new fake.
func newFakeConn(t *testing.T, respond func(req netlink.Header, body []byte) []fakeDatagram) (*Conn, *fake) {
	t.Helper()
	f := newFake(respond)
	c, err := newConn(f, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, f
}

// notify wakes readers; f.mu must be held.
func (f *fake) notify() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// push queues datagrams as if the kernel sent them unprompted.
func (f *fake) push(ds ...fakeDatagram) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, ds...)
	f.notify()
}

func (f *fake) recvmsg(p, oob []byte, flags int) (n, oobn, rflags int, from Addr, err error) {
	for {
		f.mu.Lock()
		if f.closed {
			f.mu.Unlock()
			return 0, 0, 0, Addr{}, errors.New("use of closed file")
		}
		if len(f.queue) > 0 {
			d := f.queue[0]
			f.recvs++
			if d.err != nil {
				f.queue = f.queue[1:]
				f.mu.Unlock()
				return 0, 0, 0, Addr{}, os.NewSyscallError("recvmsg", d.err)
			}
			if flags&unix.MSG_PEEK == 0 {
				if f.overrunN > 0 {
					f.overrunN--
					f.mu.Unlock()
					return 0, 0, 0, Addr{}, os.NewSyscallError("recvmsg", unix.ENOBUFS)
				}
				f.queue = f.queue[1:]
			}
			f.mu.Unlock()
			n = copy(p, d.b)
			if n < len(d.b) {
				rflags |= unix.MSG_TRUNC
				if flags&unix.MSG_TRUNC != 0 {
					n = len(d.b)
				}
			}
			if d.group != 0 && len(oob) >= unix.CmsgSpace(4) {
				h := (*unix.Cmsghdr)(unsafe.Pointer(&oob[0]))
				h.Level, h.Type = unix.SOL_NETLINK, unix.NETLINK_PKTINFO
				h.SetLen(unix.CmsgLen(4))
				binary.NativeEndian.PutUint32(oob[unix.CmsgLen(0):], d.group)
				oobn = unix.CmsgSpace(4)
			}
			return n, oobn, rflags, d.from, nil
		}
		if flags&unix.MSG_DONTWAIT != 0 {
			f.mu.Unlock()
			return 0, 0, 0, Addr{}, os.NewSyscallError("recvmsg", unix.EAGAIN)
		}
		dl, ch := f.readDL, f.changed
		f.mu.Unlock()
		var timeout <-chan time.Time
		if !dl.IsZero() {
			d := time.Until(dl)
			if d <= 0 {
				return 0, 0, 0, Addr{}, os.ErrDeadlineExceeded
			}
			tm := time.NewTimer(d)
			defer tm.Stop()
			timeout = tm.C
		}
		select {
		case <-ch:
		case <-timeout:
		}
	}
}

func (f *fake) sendmsg(p []byte, to Addr) error {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return errors.New("use of closed file")
	}
	f.mu.Unlock()
	h, err := netlink.ParseHeader(p)
	if err != nil {
		return err
	}
	body := append([]byte(nil), p[netlink.HeaderLen:h.Len]...)
	var ds []fakeDatagram
	if f.respond != nil {
		ds = f.respond(h, body)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, h)
	f.queue = append(f.queue, ds...)
	f.notify()
	return nil
}

func (f *fake) setReadDeadline(t time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.readDL = t
	f.notify()
	return nil
}

func (f *fake) setWriteDeadline(time.Time) error { return nil }

func (f *fake) setsockoptInt(level, name, value int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opts[[2]int{level, name}] = value
	return nil
}

func (f *fake) localAddr() (Addr, error) { return Addr{PID: fakePID}, nil }

func (f *fake) close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.notify()
	return nil
}

// pending returns how many datagrams are still queued.
func (f *fake) pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queue)
}

// msg encodes one message for a script.
func msg(t netlink.MsgType, flags netlink.Flags, seq, pid uint32, body any) []byte {
	b, err := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: t, Flags: flags, Seq: seq, PID: pid},
		Body:   body,
	})
	if err != nil {
		panic(err)
	}
	return b
}

// dgram packs messages into one datagram from the kernel.
func dgram(msgs ...[]byte) fakeDatagram {
	var b []byte
	for _, m := range msgs {
		b = append(b, m...)
	}
	return fakeDatagram{b: b}
}

// ack encodes an NLMSG_ERROR for req: an ACK when errno is 0.
func ack(req netlink.Header, errno unix.Errno, text string) []byte {
	h := netlink.Header{Type: netlink.Error, Seq: req.Seq, PID: fakePID, Flags: netlink.Capped}
	e := &netlink.ErrorMessage{Errno: -int32(errno), Request: req}
	if text != "" {
		h.Flags |= netlink.AckTLVs
		e.Ext.Msg = text
	}
	b, err := netlink.AppendMessage(nil, netlink.Message{Header: h, Body: e})
	if err != nil {
		panic(err)
	}
	return b
}

// done encodes an NLMSG_DONE for req carrying errno.
func done(req netlink.Header, flags netlink.Flags, errno unix.Errno, text string) []byte {
	h := netlink.Header{Type: netlink.Done, Seq: req.Seq, PID: fakePID, Flags: netlink.Multi | flags}
	d := &netlink.DoneMessage{Errno: -int32(errno)}
	if text != "" {
		h.Flags |= netlink.AckTLVs
		d.Ext.Msg = text
	}
	b, err := netlink.AppendMessage(nil, netlink.Message{Header: h, Body: d})
	if err != nil {
		panic(err)
	}
	return b
}
