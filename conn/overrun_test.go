package conn

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
)

// receiveAll calls Receive n times and names what each returned.
func receiveAll(t *testing.T, c *Conn, n int) []string {
	t.Helper()
	var got []string
	for range n {
		msgs, err := c.Receive()
		switch {
		case errors.Is(err, ErrOverrun):
			got = append(got, "overrun")
		case err != nil:
			t.Fatal(err)
		default:
			got = append(got, texts(msgs)...)
		}
	}
	return got
}

// TestRequestReplyLost: the kernel reports an overrun in place of the reply
// to a request (it dropped it). Execute fails with ErrOverrun once the
// socket is empty, instead of waiting for the reply; Receive reports the
// loss after the events queued before it; a dump goes on, since the kernel
// never drops a dump's replies.
func TestRequestReplyLost(t *testing.T) {
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		if r.Flags&netlink.Dump != 0 {
			return []fakeDatagram{{Err: unix.ENOBUFS}, event(1, "e2"), dgram(reply(r, netlink.Multi, "d"), done(r, 0, 0, ""))}
		}
		return []fakeDatagram{{Err: unix.ENOBUFS}, event(1, "e1")}
	})
	c.JoinGroup(1)
	if _, err := c.Execute(context.Background(), getReq); !errors.Is(err, ErrOverrun) {
		t.Errorf("Execute whose reply was lost = %v, want ErrOverrun", err)
	}
	got, err := c.Execute(context.Background(), dumpReq)
	if err != nil || cmp.Diff([]string{"d"}, texts(got)) != "" {
		t.Errorf("dump after an overrun = %q, %v", texts(got), err)
	}
	if d := cmp.Diff([]string{"e1", "overrun", "e2", "overrun"}, receiveAll(t, c, 4)); d != "" {
		t.Errorf("Receive (-want +got):\n%s", d)
	}
	if f.Pending() != 0 {
		t.Errorf("%d datagrams left", f.Pending())
	}
}

// TestRequestEmptiesSocket: a request on a socket that receives events first
// reads what is queued (set aside for Receive, with the overrun where it
// falls), so that the kernel, which drops replies too while the socket is
// full or overrun and not yet emptied, has room for the reply.
func TestRequestEmptiesSocket(t *testing.T) {
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{dgram(reply(r, 0, "ok"))}
	})
	c.JoinGroup(1)
	f.Push(event(1, "e1"), fakeDatagram{Err: unix.ENOBUFS}, event(1, "e2"))
	sent := len(f.Sent())
	got, err := c.Execute(context.Background(), getReq)
	if err != nil || cmp.Diff([]string{"ok"}, texts(got)) != "" {
		t.Fatalf("Execute = %q, %v", texts(got), err)
	}
	if len(f.Sent()) != sent+1 {
		t.Fatalf("%d requests sent", len(f.Sent())-sent)
	}
	if d := cmp.Diff([]string{"e1", "e2", "overrun"}, receiveAll(t, c, 3)); d != "" {
		t.Errorf("Receive (-want +got):\n%s", d)
	}
}

// TestOverrunPending: while the datagrams queued before a loss are being
// returned, OverrunPending says the overrun is still to come; once Receive
// has reported it, or with no loss at all, it does not.
func TestOverrunPending(t *testing.T) {
	c, f := newFakeConn(t, nil)
	c.JoinGroup(1)
	f.Push(event(1, "fresh"))
	var got []string
	note := func(what string) { got = append(got, fmt.Sprintf("%s %v", what, c.OverrunPending())) }
	receive := func() {
		msgs, err := c.Receive()
		switch {
		case errors.Is(err, ErrOverrun):
			note("overrun")
		case err != nil:
			t.Fatal(err)
		default:
			note(strings.Join(texts(msgs), ","))
		}
	}
	receive()
	f.Push(fakeDatagram{Err: unix.ENOBUFS}, event(1, "e1"), event(1, "e2"))
	receive()
	receive()
	receive()
	want := []string{"fresh false", "e1 true", "e2 true", "overrun false"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
