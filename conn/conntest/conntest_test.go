package conntest_test

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/netlink"
)

var _ conn.Transport = (*conntest.Fake)(nil)

// TestFakeAnswersEachMessage sends a datagram of two messages: the handler
// sees each, both are recorded, and Sent keeps the datagram byte for byte.
func TestFakeAnswersEachMessage(t *testing.T) {
	var seen []uint32
	f := conntest.New(func(req netlink.RawMessage) []conntest.Datagram {
		seen = append(seen, req.Header.Seq)
		return nil
	})
	var b []byte
	for _, seq := range []uint32{7, 8} {
		b = append(b, conntest.Message(netlink.Message{Header: netlink.Header{Type: 99, Seq: seq}, Body: []byte("abcd")})...)
	}
	if err := f.Sendmsg(b, netlink.Addr{}); err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	if len(seen) != 2 || len(reqs) != 2 || reqs[1].Header.Seq != 8 || string(reqs[1].Data) != "abcd" {
		t.Errorf("handler saw %v; recorded %+v", seen, reqs)
	}
	if sent := f.Sent(); len(sent) != 1 || string(sent[0]) != string(b) {
		t.Errorf("Sent = %x, want one datagram %x", sent, b)
	}
	if err := f.Sendmsg(b[:10], netlink.Addr{}); !errors.Is(err, unix.EINVAL) {
		t.Errorf("a truncated header: %v, want EINVAL", err)
	}
}

// TestFakeThroughConn runs the fake under a Conn: a request the handler
// rejects gives the kernel's error, an overrun gives conn.ErrOverrun, a
// silent fake the deadline, and Close ends a blocked read.
func TestFakeThroughConn(t *testing.T) {
	f := conntest.New(func(req netlink.RawMessage) []conntest.Datagram {
		if req.Header.Type == 100 {
			return nil // never answered
		}
		return []conntest.Datagram{conntest.Pack(conntest.Ack(req, unix.EEXIST, "exists"))}
	})
	c, err := conn.NewConn(f)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = c.Execute(ctx, netlink.Message{Header: netlink.Header{Type: 99, Flags: netlink.Acknowledge}})
	if !errors.Is(err, unix.EEXIST) {
		t.Errorf("Execute: %v, want EEXIST", err)
	}

	f.Push(conntest.Pack(conntest.Message(netlink.Message{Header: netlink.Header{Type: 99}})))
	f.Overrun(1)
	// The datagram was peeked before the overrun struck: it comes first.
	if ms, err := c.Receive(); err != nil || len(ms) != 1 {
		t.Errorf("Receive: %d messages, %v; want the one pushed", len(ms), err)
	}
	if _, err := c.Receive(); !errors.Is(err, conn.ErrOverrun) {
		t.Errorf("Receive after Overrun: %v, want ErrOverrun", err)
	}

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := c.Execute(short, netlink.Message{Header: netlink.Header{Type: 100}}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("unanswered request: %v, want its deadline", err)
	}

	done := make(chan error)
	go func() {
		_, err := c.Receive()
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	c.Close()
	if err := <-done; !errors.Is(err, net.ErrClosed) {
		t.Errorf("Receive blocked across Close: %v, want net.ErrClosed", err)
	}
	if _, _, _, _, err := f.Recvmsg(make([]byte, 16), nil, 0); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Recvmsg after Close: %v", err)
	}
}

// TestFakeHonoursPastDeadline: as a socket read through Go's poller, a
// read past the deadline fails even with a datagram queued (a Conn's
// Execute under a passed deadline must fail with the fake as with the
// kernel); a read that does not wait ignores the deadline.
func TestFakeHonoursPastDeadline(t *testing.T) {
	f := conntest.New(nil)
	f.Push(conntest.Pack(conntest.Message(netlink.Message{Header: netlink.Header{Type: 16}})))
	f.SetReadDeadline(time.Now().Add(-time.Second))
	buf := make([]byte, 64)
	if _, _, _, _, err := f.Recvmsg(buf, nil, 0); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read past the deadline: %v, want os.ErrDeadlineExceeded", err)
	}
	if n, _, _, _, err := f.Recvmsg(buf, nil, unix.MSG_DONTWAIT); err != nil || n != 16 {
		t.Errorf("read that does not wait: %d bytes, %v", n, err)
	}
}

// TestAckEchoesRequestLen checks that an ACK echoes the request's header
// whole, its length included, as the kernel's capped ACK does (since
// netlink.Header lost its length, it echoed length 0).
func TestAckEchoesRequestLen(t *testing.T) {
	req, err := netlink.ParseMessages(conntest.Message(netlink.Message{Header: netlink.Header{Type: 99, Flags: netlink.Request, Seq: 5}, Body: []byte("abcdefgh")}))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{conntest.AckAll(req[0])[0].Data, conntest.Ack(req[0], unix.EEXIST, "no")} {
		ms, err := netlink.NewTable("test").DecodeAll(b)
		if err != nil || len(ms) != 1 {
			t.Fatalf("%x: %v", b, err)
		}
		if e := ms[0].Body.(*netlink.ErrorMessage); e.RequestLen != 24 || e.Request != req[0].Header {
			t.Errorf("ACK echoes %+v of length %d, want %+v of length 24", e.Request, e.RequestLen, req[0].Header)
		}
	}
}
