package conn

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
)

// event is a multicast datagram to group.
func event(group uint32, text string) fakeDatagram {
	d := dgram(msg(typeData, 0, 0, 0, []byte(text)))
	if group <= 32 {
		d.From.Groups = 1 << (group - 1)
	}
	d.Group = group
	return d
}

// TestEventsDuringRequest checks that events arriving in the middle of a
// reply are kept for Receive, in order, even when they carry the request's
// sequence number (as the kernel's notifications of a change do), and for
// groups above 32 that the source address cannot name.
func TestEventsDuringRequest(t *testing.T) {
	c, _ := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		mine := event(1, "caused by the request")
		mine.Data = msg(typeData, 0, r.Seq, fakePID, []byte("caused by the request"))
		return []fakeDatagram{
			dgram(reply(r, netlink.Multi, "a")),
			event(1, "e1"),
			mine,
			event(40, "e40"),
			{Err: unix.ENOBUFS},
			event(2, "e2"),
			dgram(done(r, 0, 0, "")),
		}
	})
	if err := c.JoinGroup(40); err != nil {
		t.Fatal(err)
	}
	got, err := c.Execute(context.Background(), dumpReq)
	if err != nil || cmp.Diff([]string{"a"}, texts(got)) != "" {
		t.Fatalf("Execute = %q, %v", texts(got), err)
	}
	var events []string
	for range 5 {
		msgs, err := c.Receive()
		if errors.Is(err, ErrOverrun) {
			events = append(events, "overrun")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, texts(msgs)...)
	}
	// The overrun comes once the socket is empty, after e2, which was
	// queued when the kernel reported it.
	want := []string{"e1", "caused by the request", "e40", "e2", "overrun"}
	if d := cmp.Diff(want, events); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
	if c.Dropped() != 0 {
		t.Errorf("Dropped = %d", c.Dropped())
	}
}

// TestOverrunWhileDequeuing injects ENOBUFS between the peek and the
// dequeue of a datagram: the datagram must be returned once, and the loss
// after the datagrams still queued.
func TestOverrunWhileDequeuing(t *testing.T) {
	c, f := newFakeConn(t, nil)
	f.Push(event(1, "one"), event(1, "two"))
	f.Overrun(1)
	var got []string
	for range 3 {
		msgs, err := c.Receive()
		if errors.Is(err, ErrOverrun) {
			got = append(got, "overrun")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, texts(msgs)...)
	}
	if d := cmp.Diff([]string{"one", "two", "overrun"}, got); d != "" {
		t.Errorf("Receive (-want +got):\n%s", d)
	}
}

// TestReceiveStepsAside blocks a Receive on an empty socket and checks
// that requests on the same Conn still complete, and that the Receive
// then gets the next event.
func TestReceiveStepsAside(t *testing.T) {
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{dgram(reply(r, 0, "ok"))}
	})
	type result struct {
		msgs []netlink.RawMessage
		err  error
	}
	rc := make(chan result, 1)
	go func() {
		msgs, err := c.Receive()
		rc <- result{msgs, err}
	}()
	time.Sleep(20 * time.Millisecond) // let it block
	for i := range 20 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		got, err := c.Execute(ctx, getReq)
		cancel()
		if err != nil || len(got) != 1 {
			t.Fatalf("Execute %d while Receive waits = %q, %v", i, texts(got), err)
		}
	}
	select {
	case r := <-rc:
		t.Fatalf("Receive returned %q, %v before any event", texts(r.msgs), r.err)
	default:
	}
	f.Push(event(1, "event"))
	select {
	case r := <-rc:
		if r.err != nil || cmp.Diff([]string{"event"}, texts(r.msgs)) != "" {
			t.Errorf("Receive = %q, %v", texts(r.msgs), r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Receive did not resume after the requests")
	}
}

// TestConcurrentRequests runs requests from many goroutines on one Conn,
// with a Receive loop alongside; each request must get its own reply.
func TestConcurrentRequests(t *testing.T) {
	c, f := newFakeConn(t, func(r netlink.Header, body []byte) []fakeDatagram {
		// Echo the body back, split over a multipart reply.
		return []fakeDatagram{
			dgram(reply(r, netlink.Multi, string(body))),
			dgram(reply(r, netlink.Multi, string(body)), done(r, 0, 0, "")),
		}
	})
	var events sync.WaitGroup
	events.Go(func() {
		for {
			if _, err := c.Receive(); err != nil {
				return
			}
		}
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				body := fmt.Sprintf("g%d-%d", g, i)
				req := netlink.Message{Header: netlink.Header{Type: typeData, Flags: netlink.Dump}, Body: []byte(body)}
				var got []netlink.RawMessage
				var err error
				if i%2 == 0 {
					got, err = c.Execute(context.Background(), req)
				} else {
					for m, e := range c.Stream(context.Background(), req) {
						if e != nil {
							err = e
							break
						}
						m.Data = append([]byte(nil), m.Data...)
						got = append(got, m)
					}
				}
				if err != nil || cmp.Diff([]string{body, body}, texts(got)) != "" {
					t.Errorf("request %s = %q, %v", body, texts(got), err)
				}
				if i%10 == 0 {
					f.Push(event(1, body))
				}
			}
		})
	}
	wg.Wait()
	c.Close()
	events.Wait()
	if c.Dropped() != 0 {
		t.Errorf("Dropped = %d", c.Dropped())
	}
}

func TestJoinGroupEnablesPktinfo(t *testing.T) {
	c, f := newFakeConn(t, nil)
	if err := c.JoinGroup(33); err != nil {
		t.Fatal(err)
	}
	if err := c.LeaveGroup(33); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.Sockopt(unix.SOL_NETLINK, unix.NETLINK_PKTINFO); v != 1 {
		t.Error("NETLINK_PKTINFO not enabled by JoinGroup")
	}
	if v, _ := f.Sockopt(unix.SOL_NETLINK, unix.NETLINK_DROP_MEMBERSHIP); v != 33 {
		t.Error("LeaveGroup did not drop membership")
	}
}

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
