package conn

import (
	"context"
	"errors"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
)

// batchOf returns n requests of type 100 whose body is their index, so a
// fake's handler knows which one it got.
func batchOf(n int) []netlink.Message {
	ms := make([]netlink.Message, n)
	for i := range ms {
		ms[i] = netlink.Message{Header: netlink.Header{Type: 100}, Body: []byte{byte(i), byte(i >> 8), 0, 0}}
	}
	return ms
}

// batchIndex returns the index batchOf put in a request.
func batchIndex(body []byte) int {
	if len(body) < 2 {
		return -1
	}
	return int(body[0]) | int(body[1])<<8
}

// TestBatchMatching: every request gets its own answer, errors with the
// kernel's text; requests are packed 64 to a datagram, each with a fresh
// sequence number and NLM_F_ACK, and no more than 128 wait for answers.
func TestBatchMatching(t *testing.T) {
	const n = 300
	c, f := newFakeConn(t, func(h netlink.Header, body []byte) []fakeDatagram {
		if i := batchIndex(body); i%7 == 3 {
			return []fakeDatagram{dgram(ack(h, unix.EEXIST, "exists "+string(rune('0'+i%10))))}
		}
		return []fakeDatagram{dgram(ack(h, 0, ""))}
	})
	errs := c.ExecuteBatch(context.Background(), batchOf(n))
	if len(errs) != n {
		t.Fatalf("%d results for %d requests", len(errs), n)
	}
	for i, err := range errs {
		switch {
		case i%7 == 3 && (!errors.Is(err, unix.EEXIST) || !strings.Contains(err.Error(), "exists "+string(rune('0'+i%10)))):
			t.Errorf("request %d: %v, want EEXIST with its text", i, err)
		case i%7 != 3 && err != nil:
			t.Errorf("request %d: %v", i, err)
		}
	}
	sent := f.Sent()
	if want := (n + batchPerSend - 1) / batchPerSend; len(sent) != want {
		t.Errorf("%d datagrams sent, want %d", len(sent), want)
	}
	seqs := map[uint32]bool{}
	for k, m := range f.Requests() {
		if m.Header.Flags&(netlink.Request|netlink.Acknowledge) != netlink.Request|netlink.Acknowledge {
			t.Errorf("request %d flags %v", k, m.Header.Flags)
		}
		if seqs[m.Header.Seq] || m.Header.Seq == 0 {
			t.Errorf("request %d: sequence number %d reused", k, m.Header.Seq)
		}
		seqs[m.Header.Seq] = true
		if batchIndex(m.Data) != k {
			t.Errorf("request %d sent as %d-th", batchIndex(m.Data), k)
		}
	}
	if c.Dropped() != 0 {
		t.Errorf("Dropped = %d", c.Dropped())
	}
}

// answerLater is a fake whose answers a test pushes itself.
func answerLater(t *testing.T) (*Conn, *fake) {
	return newFakeConn(t, func(netlink.Header, []byte) []fakeDatagram { return nil })
}

// waitSent waits until f has received n requests and returns them.
func waitSent(t *testing.T, f *fake, n int) []netlink.RawMessage {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if rs := f.Requests(); len(rs) >= n {
			return rs
		}
	}
	t.Fatalf("%d requests sent, waited for %d", len(f.Requests()), n)
	return nil
}

// TestBatchOutOfOrder: answers in any order, several to a datagram, reach
// their requests; the batch waits for answers before it has more than 128
// requests in flight.
func TestBatchOutOfOrder(t *testing.T) {
	const n = 200
	c, f := answerLater(t)
	done := make(chan []error)
	go func() { done <- c.ExecuteBatch(context.Background(), batchOf(n)) }()

	answer := func(rs []netlink.RawMessage) {
		// Backwards, two answers to a datagram; odd indexes fail.
		for k := len(rs) - 1; k >= 0; k -= 2 {
			var ms [][]byte
			for _, r := range rs[max(k-1, 0) : k+1] {
				errno := unix.Errno(0)
				if batchIndex(r.Data)%2 == 1 {
					errno = unix.ENOENT
				}
				ms = append(ms, ack(r.Header, errno, ""))
			}
			f.Push(dgram(ms...))
		}
	}
	rs := waitSent(t, f, batchInFlight)
	time.Sleep(20 * time.Millisecond)
	if got := len(f.Requests()); got != batchInFlight {
		t.Fatalf("%d requests sent before any answer, want %d", got, batchInFlight)
	}
	answer(rs)
	rs = waitSent(t, f, n)
	answer(rs[batchInFlight:])
	errs := <-done
	for i, err := range errs {
		if (i%2 == 1) != errors.Is(err, unix.ENOENT) || (i%2 == 0 && err != nil) {
			t.Errorf("request %d: %v", i, err)
		}
	}
}

// TestBatchMissingAnswer: a request never answered fails when the context
// ends, the others keep their answers, and its late answer is discarded
// rather than returned by Receive or taken for another request's.
func TestBatchMissingAnswer(t *testing.T) {
	const n, missing = 150, 77
	c, f := newFakeConn(t, func(h netlink.Header, body []byte) []fakeDatagram {
		if batchIndex(body) == missing {
			return nil
		}
		return []fakeDatagram{dgram(ack(h, 0, ""))}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	errs := c.ExecuteBatch(ctx, batchOf(n))
	for i, err := range errs {
		if (i == missing) != errors.Is(err, context.DeadlineExceeded) || (i != missing && err != nil) {
			t.Errorf("request %d: %v", i, err)
		}
	}
	late := f.Requests()[missing]
	f.Push(dgram(ack(late.Header, unix.EINVAL, "late")))
	if _, err := c.Execute(context.Background(), netlink.Message{Header: netlink.Header{Type: 100, Flags: netlink.Acknowledge}}); err != nil {
		t.Errorf("Execute after the batch: %v", err)
	}
	if c.Dropped() != 1 {
		t.Errorf("Dropped = %d, want the late answer", c.Dropped())
	}
}

// TestBatchOverrun: when the kernel drops answers and reports ENOBUFS, the
// requests whose answers were lost fail with ErrOverrun, the others keep
// theirs, and the batch goes on with the rest: it never waits for the
// dropped answers.
func TestBatchOverrun(t *testing.T) {
	const n, from, to = 200, 70, 90 // answers of [from, to) are dropped
	c, _ := newFakeConn(t, func(h netlink.Header, body []byte) []fakeDatagram {
		switch i := batchIndex(body); {
		case i == from:
			return []fakeDatagram{{Err: unix.ENOBUFS}}
		case i > from && i < to:
			return nil
		}
		return []fakeDatagram{dgram(ack(h, 0, ""))}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errs := c.ExecuteBatch(ctx, batchOf(n))
	for i, err := range errs {
		lost := i >= from && i < to
		if lost != errors.Is(err, ErrOverrun) || (lost && !errors.Is(err, unix.ENOBUFS)) || (!lost && err != nil) {
			t.Errorf("request %d: %v", i, err)
		}
	}
}

// TestBatchCancel: cancelling fails the requests in flight whose answers
// have not come and those not sent; answers already queued are taken, and
// late ones are discarded.
func TestBatchCancel(t *testing.T) {
	const n, answered = 300, 100
	c, f := newFakeConn(t, func(h netlink.Header, body []byte) []fakeDatagram {
		if batchIndex(body) < answered {
			return []fakeDatagram{dgram(ack(h, 0, ""))}
		}
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan []error)
	go func() { done <- c.ExecuteBatch(ctx, batchOf(n)) }()
	rs := waitSent(t, f, answered+batchInFlight-batchPerSend)
	time.Sleep(10 * time.Millisecond)
	cancel()
	var errs []error
	select {
	case errs = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ExecuteBatch did not return after cancel")
	}
	sent := len(f.Requests())
	for i, err := range errs {
		switch {
		case i < answered && err != nil:
			t.Errorf("request %d, answered: %v", i, err)
		case i >= answered && !errors.Is(err, context.Canceled):
			t.Errorf("request %d: %v, want context.Canceled", i, err)
		case i >= sent && !strings.Contains(err.Error(), "not sent"):
			t.Errorf("request %d, never sent: %v", i, err)
		}
	}
	for _, r := range rs[answered:] {
		f.Push(dgram(ack(r.Header, 0, "")))
	}
	// The late answers are neither events nor answers to a new request.
	if _, err := c.Execute(context.Background(), netlink.Message{Header: netlink.Header{Type: 100, Flags: netlink.Acknowledge}}); err != nil {
		t.Errorf("Execute after the batch: %v", err)
	}
	c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	if ms, err := c.Receive(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Receive after the batch = %v, %v; want nothing", ms, err)
	}
}

// TestBatchRefused: a dump is refused without being sent, a body that does
// not encode fails alone, and the error of an answer is located in its
// request as Execute's are.
func TestBatchRefused(t *testing.T) {
	c, f := newFakeConn(t, func(h netlink.Header, _ []byte) []fakeDatagram {
		if h.Type == 101 {
			e := &netlink.ErrorMessage{Errno: -int32(unix.EINVAL), Request: h, Ext: netlink.ExtAck{Msg: "bad", Offset: 20}}
			return []fakeDatagram{dgram(msg(netlink.Error, netlink.Capped|netlink.AckTLVs, h.Seq, fakePID, e))}
		}
		return []fakeDatagram{dgram(ack(h, 0, ""))}
	})
	errs := c.ExecuteBatch(context.Background(), []netlink.Message{
		{Header: netlink.Header{Type: 100}},
		{Header: netlink.Header{Type: 100, Flags: netlink.Dump}},
		{Header: netlink.Header{Type: 100}, Body: make(chan int)},
		{Header: netlink.Header{Type: 101}, Body: &locateBody{Name: "x"}},
		{Header: netlink.Header{Type: 100}},
	})
	if errs[0] != nil || errs[4] != nil || !errors.Is(errs[1], ErrBatchDump) || errs[2] == nil {
		t.Errorf("results %v", errs)
	}
	if want := "netlink: invalid argument: Name (T_NAME): bad"; errs[3] == nil || errs[3].Error() != want {
		t.Errorf("located error %v, want %q", errs[3], want)
	}
	if got := len(f.Requests()); got != 3 {
		t.Errorf("%d requests sent, want 3", got)
	}
	if errs := c.ExecuteBatch(context.Background(), nil); len(errs) != 0 {
		t.Errorf("empty batch: %v", errs)
	}
	c.Close()
	errs = c.ExecuteBatch(context.Background(), batchOf(2))
	if !slices.ContainsFunc(errs, func(err error) bool { return errors.Is(err, net.ErrClosed) }) {
		t.Errorf("after Close: %v", errs)
	}
}

// TestBatchLongReply: a reply longer than the buffer, which a batch does
// not return, is dropped whole, and the answer after it still counts.
func TestBatchLongReply(t *testing.T) {
	c, _ := newFakeConn(t, func(h netlink.Header, _ []byte) []fakeDatagram {
		long := msg(100, 0, h.Seq, fakePID, make([]byte, 40<<10))
		return []fakeDatagram{dgram(long), dgram(ack(h, unix.EPERM, ""))}
	})
	errs := c.ExecuteBatch(context.Background(), batchOf(3))
	for i, err := range errs {
		if !errors.Is(err, unix.EPERM) {
			t.Errorf("request %d: %v, want EPERM", i, err)
		}
	}
	if c.Dropped() != 3 {
		t.Errorf("Dropped = %d, want the 3 long replies", c.Dropped())
	}
	// Execute still peeks, and takes a long reply whole.
	c2, _ := newFakeConn(t, func(h netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{dgram(msg(100, 0, h.Seq, fakePID, make([]byte, 40<<10)))}
	})
	ms, err := c2.Execute(context.Background(), netlink.Message{Header: netlink.Header{Type: 100}})
	if err != nil || len(ms) != 1 || len(ms[0].Data) != 40<<10 {
		t.Errorf("Execute of a long reply: %d messages, %v", len(ms), err)
	}
}

// TestBatchQuiet: ExecuteBatchQuiet asks for an ACK on the last request of
// each datagram only; a fake that answers as the kernel does (failures,
// and requests that ask) gives every request its result, the failures
// theirs and the silent ones success, whatever the datagram they are in.
func TestBatchQuiet(t *testing.T) {
	const n = 300
	answers := 0
	c, f := newFakeConn(t, func(h netlink.Header, body []byte) []fakeDatagram {
		fails := batchIndex(body)%7 == 3
		if !fails && h.Flags&netlink.Acknowledge == 0 {
			return nil
		}
		answers++
		if fails {
			return []fakeDatagram{dgram(ack(h, unix.EEXIST, ""))}
		}
		return []fakeDatagram{dgram(ack(h, 0, ""))}
	})
	errs := c.ExecuteBatchQuiet(context.Background(), batchOf(n))
	for i, err := range errs {
		if (i%7 == 3) != errors.Is(err, unix.EEXIST) || (i%7 != 3 && err != nil) {
			t.Errorf("request %d: %v", i, err)
		}
	}
	sent := f.Sent()
	if want := (n + batchPerSend - 1) / batchPerSend; len(sent) != want {
		t.Errorf("%d datagrams sent, want %d", len(sent), want)
	}
	want := 0 // the failures and each datagram's last
	for k, m := range f.Requests() {
		last := k%batchPerSend == batchPerSend-1 || k == n-1
		if m.Header.Flags&netlink.Request == 0 || (m.Header.Flags&netlink.Acknowledge != 0) != last {
			t.Errorf("request %d flags %v", k, m.Header.Flags)
		}
		if last || k%7 == 3 {
			want++
		}
	}
	if answers != want {
		t.Errorf("%d answers, want %d", answers, want)
	}
	if c.Dropped() != 0 {
		t.Errorf("Dropped = %d", c.Dropped())
	}
}

// TestBatchQuietLostAnswer: when the kernel reports an overrun, an answer
// may have been lost (a failure's, which it could not allocate) while the
// datagram's last is delivered: the requests the last would settle fail
// with ErrOverrun, never succeed, and those answered keep their answers.
func TestBatchQuietLostAnswer(t *testing.T) {
	const n, lost, failed = 64, 10, 20
	c, _ := newFakeConn(t, func(h netlink.Header, body []byte) []fakeDatagram {
		switch batchIndex(body) {
		case lost:
			return []fakeDatagram{{Err: unix.ENOBUFS}}
		case failed:
			return []fakeDatagram{dgram(ack(h, unix.EEXIST, ""))}
		}
		if h.Flags&netlink.Acknowledge != 0 {
			return []fakeDatagram{dgram(ack(h, 0, ""))}
		}
		return nil
	})
	errs := c.ExecuteBatchQuiet(context.Background(), batchOf(n))
	for i, err := range errs {
		switch {
		case i == failed && !errors.Is(err, unix.EEXIST):
			t.Errorf("request %d: %v, want EEXIST", i, err)
		case i == n-1 && err != nil:
			t.Errorf("request %d, acknowledged: %v", i, err)
		case i != failed && i != n-1 && !errors.Is(err, ErrOverrun):
			t.Errorf("request %d: %v, want ErrOverrun", i, err)
		}
	}
}
