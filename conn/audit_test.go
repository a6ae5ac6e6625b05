package conn

import (
	"context"
	"errors"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
)

// Tests of promises of the package documentation that no other test held
// the code to.

// TestSetReadDeadlineKeepsWakeUp sets the read deadline from another
// goroutine just after a cancelled context woke the request's read, before
// the read began: the doc lets deadline setters run concurrently with
// anything, and a cancelled context must still end the request.
func TestSetReadDeadlineKeepsWakeUp(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var c *Conn
	var f *fake
	c, f = newFakeConn(t, func(netlink.Header, []byte) []fakeDatagram {
		// Between the send and the read: the context ends, its wake-up
		// reaches the socket, then the user moves the deadline.
		cancel()
		for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(time.Millisecond) {
			woken := f.ReadDeadline().Equal(pastDeadline)
			if woken || time.Now().After(deadline) {
				break
			}
		}
		go func() { c.SetReadDeadline(time.Time{}) }()
		time.Sleep(10 * time.Millisecond)
		return nil // never answered
	})
	errc := make(chan error, 1)
	go func() { _, err := c.Execute(ctx, ackReq); errc <- err }()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Execute = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Execute still blocked after its context was cancelled: SetReadDeadline undid the wake-up")
	}
	// The deadline set meanwhile holds for what follows.
	c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	if _, err := c.Receive(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Receive = %v, want os.ErrDeadlineExceeded", err)
	}
}

// TestReceiveOwnsData checks that the messages Receive returns, whether it
// read them or a request set them aside, survive later reads.
func TestReceiveOwnsData(t *testing.T) {
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{event(1, "set aside"), dgram(ack(r, 0, ""))}
	})
	c.multicast.Store(true)
	f.Push(event(1, "first"))
	first, err := c.Receive()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(context.Background(), ackReq); err != nil {
		t.Fatal(err)
	}
	aside, err := c.Receive()
	if err != nil {
		t.Fatal(err)
	}
	f.Push(event(1, "xxxxxxxxxxxxx"), event(1, "yyyyyyyyyyyyy"))
	for range 2 {
		if _, err := c.Receive(); err != nil {
			t.Fatal(err)
		}
	}
	if d := cmp.Diff([]string{"first", "set aside"}, append(texts(first), texts(aside)...)); d != "" {
		t.Errorf("Receive's messages changed by later reads (-want +got):\n%s", d)
	}
}

// TestReceiveMalformed checks that a malformed datagram gives an error
// matching netlink.ErrMalformed with the messages before the fault, and
// that the next datagram is read normally.
func TestReceiveMalformed(t *testing.T) {
	c, f := newFakeConn(t, nil)
	bad := dgram(msg(typeData, 0, 0, 0, []byte("good")), msg(typeData, 0, 0, 0, []byte("cut short")))
	bad.Data = bad.Data[:len(bad.Data)-4]
	bad.From.Groups = 1
	f.Push(bad, event(1, "next"))
	msgs, err := c.Receive()
	if !errors.Is(err, netlink.ErrMalformed) || cmp.Diff([]string{"good"}, texts(msgs)) != "" {
		t.Errorf("Receive = %q, %v; want [good] and netlink.ErrMalformed", texts(msgs), err)
	}
	if msgs, err := c.Receive(); err != nil || cmp.Diff([]string{"next"}, texts(msgs)) != "" {
		t.Errorf("next Receive = %q, %v", texts(msgs), err)
	}
}

// TestStreamContract checks what Stream's doc says of the iterator: the
// request is sent when iteration starts, not when Stream is called; the
// error comes last, alone, with a zero message.
func TestStreamContract(t *testing.T) {
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{dgram(reply(r, netlink.Multi, "a"), done(r, 0, unix.EPERM, ""))}
	})
	seq := c.Stream(context.Background(), dumpReq)
	time.Sleep(10 * time.Millisecond)
	if f.Pending() != 0 || len(f.Requests()) != 0 {
		t.Fatalf("Stream sent %d requests before iteration", len(f.Requests()))
	}
	var got []string
	for m, err := range seq {
		if err != nil {
			if !errors.Is(err, unix.EPERM) || m.Header != (netlink.Header{}) || m.Data != nil {
				t.Errorf("final error %v with message %+v; want EPERM with a zero message", err, m)
			}
			got = append(got, "error")
			continue
		}
		got = append(got, string(m.Data))
	}
	if d := cmp.Diff([]string{"a", "error"}, got); d != "" || len(f.Requests()) != 1 {
		t.Errorf("%d requests sent; yielded (-want +got):\n%s", len(f.Requests()), d)
	}
}

// TestExecuteConsistentOnce checks "up to attempts times in all (at least
// once)" for attempts below 1.
func TestExecuteConsistentOnce(t *testing.T) {
	for _, attempts := range []int{0, -1, 1} {
		n := 0
		c, _ := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
			n++
			return []fakeDatagram{dgram(done(r, netlink.DumpIntr, 0, ""))}
		})
		if _, err := c.ExecuteConsistent(context.Background(), dumpReq, attempts); !errors.Is(err, ErrDumpInterrupted) || n != 1 {
			t.Errorf("attempts=%d: %v after %d dumps; want ErrDumpInterrupted after 1", attempts, err, n)
		}
	}
}

// TestPipeHoldsAtMost checks "into at most 16 buffers": however far behind
// the loop body is, the read-ahead takes no more than aheadBuffers
// datagrams beyond the one the loop body is handling.
func TestPipeHoldsAtMost(t *testing.T) {
	const n = 3 * aheadBuffers
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram { return longDump(r, n) })
	before := runtime.NumGoroutine()
	i := 0
	for _, err := range c.Stream(context.Background(), dumpReq) {
		if err != nil {
			t.Fatal(err)
		}
		// Two replies a datagram: reply i is in datagram i/2.
		if at := i / 2; i%2 == 0 && (at == 0 || at == 1 || at == n/2) {
			time.Sleep(30 * time.Millisecond) // the reader's chance to overreach
			read := n + 1 - f.Pending()
			if read > at+1+aheadBuffers {
				t.Errorf("handling datagram %d, %d datagrams read: more than %d ahead", at, read, aheadBuffers)
			}
		}
		i++
	}
	if i != 2*n {
		t.Errorf("%d replies, want %d", i, 2*n)
	}
	settle(t, before)
}

// streamer is a transport that plays one endless-looking dump, of n
// datagrams of 16 replies each, built on demand in a buffer of its own: it
// holds no memory that grows with n, so that Stream's can be measured.
type streamer struct {
	*fake // for what the test does not use; Recvmsg and Sendmsg are ours
	n     int
	seq   uint32
	next  int
	d     []byte
}

func (s *streamer) Sendmsg(p []byte, _ Addr) error {
	h, err := netlink.ParseHeader(p)
	s.seq, s.next = h.Seq, 0
	return err
}

func (s *streamer) Recvmsg(p, _ []byte, flags int) (int, int, int, Addr, error) {
	if s.next > s.n {
		return 0, 0, 0, Addr{}, os.ErrDeadlineExceeded
	}
	s.d = s.d[:0]
	if s.next == s.n {
		s.d = append(s.d, done(netlink.Header{Seq: s.seq}, 0, 0, "")...)
	} else {
		for range 16 {
			s.d = netlink.AppendHeader(s.d, netlink.Header{Len: netlink.HeaderLen + 64, Type: typeData, Flags: netlink.Multi, Seq: s.seq, PID: fakePID})
			s.d = append(s.d, make([]byte, 64)...)
		}
	}
	if flags&unix.MSG_PEEK == 0 {
		s.next++
	}
	n := copy(p, s.d)
	if flags&unix.MSG_TRUNC != 0 {
		n = len(s.d)
	}
	return n, 0, 0, Addr{}, nil
}

// TestStreamConstantMemory checks "a dump of any size is processed in
// constant memory": a dump ten times longer allocates about the same.
func TestStreamConstantMemory(t *testing.T) {
	s := &streamer{fake: newFake(nil), d: make([]byte, 0, 4096)}
	c, err := NewConn(s)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	stream := func(n int) func() {
		return func() {
			s.n = n
			k := 0
			for _, err := range c.Stream(context.Background(), dumpReq) {
				if err != nil {
					t.Fatal(err)
				}
				k++
			}
			if k != 16*n {
				t.Fatalf("%d replies, want %d", k, 16*n)
			}
		}
	}
	stream(100)() // pools and buffers warmed
	least := func(n int) uint64 {
		m := ^uint64(0)
		for range 3 {
			m = min(m, membound.Bytes(stream(n)))
		}
		return m
	}
	small, large := least(100), least(3000)
	t.Logf("100 datagrams: %d bytes; 3000: %d bytes", small, large)
	// A copy of each datagram would be 3.8 MB more. Allow a few bytes a
	// datagram for the race detector, and a refill of the read-ahead's
	// buffers, which a garbage collection may take from their pool.
	if large > small+64*2900+aheadBuffers*minReadBuffer {
		t.Errorf("a dump of 3000 datagrams allocated %d bytes, of 100 %d: memory grows with the dump", large, small)
	}
}
