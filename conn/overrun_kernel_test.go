package conn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/nltest"
)

// aliasBatch returns ip -batch lines that set the alias of link n times.
func aliasBatch(link string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "link set dev %s alias a%d\n", link, i)
	}
	return b.String()
}

// congest overflows c, a subscriber to RTNLGRP_LINK with a small buffer
// that nobody reads, with alias changes: the kernel reports ENOBUFS once
// and then drops every message for c, replies too, until a read finds the
// socket empty.
func congest(t *testing.T, ns *nltest.NS, link string) {
	t.Helper()
	ns.Batch(t, aliasBatch(link, 200))
}

// TestKernelRequestOnCongestedSocket sends a request on a subscribed socket
// that the kernel has stopped delivering to. The kernel would drop the
// reply with the events, and the request would wait forever; the Conn
// empties the socket before sending, so the reply comes.
func TestKernelRequestOnCongestedSocket(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "al", 1)
	c := dial(t, ns, Config{Groups: unix.RTMGRP_LINK, ReadBufferSize: 4096})
	congest(t, ns, "al0")
	err := within(t, "Execute on a congested socket", func() error {
		_, err := c.Execute(context.Background(), getLo)
		return err
	})
	if err != nil {
		t.Errorf("Execute = %v", err)
	}
	// Receive reports the loss, after the events read meanwhile.
	c.SetReadDeadline(time.Now().Add(time.Second))
	for {
		_, err := c.Receive()
		if errors.Is(err, ErrOverrun) {
			break
		}
		if err != nil {
			t.Fatalf("Receive: %v, want the overrun", err)
		}
	}
}

// TestKernelRequestsInStorm makes requests on a subscribed socket with a
// 4 KiB buffer while two goroutines flood it with alias changes (issue 15,
// item 1: 3 of 30 requests never returned). Each must return within 2 s,
// with its reply or ErrOverrun.
func TestKernelRequestsInStorm(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "st", 2)
	c := dial(t, ns, Config{Groups: unix.RTMGRP_LINK, ReadBufferSize: 4096})
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			batch := aliasBatch(fmt.Sprintf("st%d", i), 500)
			for ctx.Err() == nil {
				cmd := exec.CommandContext(ctx, "ip", "-n", ns.Name, "-batch", "-")
				cmd.Stdin = strings.NewReader(batch)
				cmd.Run()
			}
		})
	}
	defer wg.Wait()
	defer stop()
	n := nltest.EnvInt(t, "NLTEST_STORM_REQUESTS", 30)
	var ok, overruns int
	time.Sleep(100 * time.Millisecond) // the storm begins
	for i := range n {
		time.Sleep(10 * time.Millisecond)
		err := within(t, fmt.Sprintf("request %d", i), func() error {
			_, err := c.Execute(context.Background(), getLo)
			return err
		})
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrOverrun):
			overruns++
		default:
			t.Fatalf("request %d: %v", i, err)
		}
	}
	t.Logf("%d requests: %d answered, %d failed with ErrOverrun", n, ok, overruns)
}

// TestKernelLateReplies gives up on two requests before reading their
// replies (issue 15, item 4): neither reply may reach Receive afterwards.
// Only the last abandoned request was remembered.
func TestKernelLateReplies(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dial(t, ns, Config{})
	c.SetReadDeadline(pastDeadline)
	for i := range 3 {
		if _, err := c.Execute(context.Background(), getLo); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("Execute %d past the deadline: %v", i, err)
		}
	}
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if msgs, err := c.Receive(); !errors.Is(err, os.ErrDeadlineExceeded) {
		var types []string
		for _, m := range msgs {
			types = append(types, fmt.Sprintf("type %d seq %d", m.Header.Type, m.Header.Seq))
		}
		t.Errorf("Receive = %v, %v; want nothing until the deadline", types, err)
	}
	if d := c.Dropped(); d != 3 {
		t.Errorf("Dropped = %d, want 3 (the late replies)", d)
	}
	// Requests still work.
	c.SetReadDeadline(time.Time{})
	if _, err := c.Execute(context.Background(), getLo); err != nil {
		t.Error(err)
	}
}

// TestKernelReceiveInStreamBody calls Receive, Execute and Stream on the
// Conn whose Stream loop body is running: each fails at once with
// ErrInStream instead of waiting for the loop, which waits for them, and
// would wait forever.
func TestKernelReceiveInStreamBody(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "sb", 3)
	c := dial(t, ns, Config{Groups: unix.RTMGRP_LINK})
	var calls []string
	err := within(t, "Stream loop body calling the Conn", func() error {
		for _, err := range c.Stream(context.Background(), linkDump) {
			if err != nil {
				return err
			}
			if _, err := c.Receive(); !errors.Is(err, ErrInStream) {
				return fmt.Errorf("Receive in the loop body: %v", err)
			}
			if _, err := c.Execute(context.Background(), getLo); !errors.Is(err, ErrInStream) {
				return fmt.Errorf("Execute in the loop body: %v", err)
			}
			for _, err := range c.Stream(context.Background(), getLo) {
				if !errors.Is(err, ErrInStream) {
					return fmt.Errorf("Stream in the loop body: %v", err)
				}
			}
			calls = append(calls, "ok")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 4 {
		t.Errorf("the loop body ran %d times, want one per link", len(calls))
	}

	// Another goroutine's Receive waits for the loop instead, and gets
	// the event made meanwhile.
	got := make(chan error, 1)
	for _, err := range c.Stream(context.Background(), linkDump) {
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, err := c.Receive()
			got <- err
		}()
		addDummies(t, ns, "sbx", 1)
		time.Sleep(50 * time.Millisecond)
		select {
		case err := <-got:
			t.Fatalf("Receive from another goroutine returned during the loop: %v", err)
		default:
		}
		break
	}
	if err := within(t, "Receive after the loop", func() error { return <-got }); err != nil {
		t.Errorf("Receive after the loop: %v", err)
	}
}

// TestKernelCloseFreesWaitingReceive: a Receive waiting for a Stream loop
// to end returns net.ErrClosed when the Conn is closed.
func TestKernelCloseFreesWaitingReceive(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "cf", 2)
	c := dial(t, ns, Config{Groups: unix.RTMGRP_LINK})
	got := make(chan error, 1)
	for _, err := range c.Stream(context.Background(), linkDump) {
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			_, err := c.Receive()
			got <- err
		}()
		time.Sleep(50 * time.Millisecond)
		c.Close()
		if err := within(t, "Receive after Close", func() error { return <-got }); !errors.Is(err, net.ErrClosed) {
			t.Errorf("Receive after Close = %v, want net.ErrClosed", err)
		}
		break
	}
}

// TestKernelLateRepliesBounded abandons more requests than the Conn keeps
// track of at once: their replies still never reach Receive, and the Conn
// remembers only a bounded number of them.
func TestKernelLateRepliesBounded(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dial(t, ns, Config{ReadBufferSize: 1 << 20})
	const n = 5 * maxLost
	for i := range n {
		c.SetReadDeadline(pastDeadline)
		if _, err := c.Execute(context.Background(), getLo); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("Execute %d past the deadline: %v", i, err)
		}
		if len(c.lost) > maxLost {
			t.Fatalf("after %d abandoned requests the Conn remembers %d", i+1, len(c.lost))
		}
	}
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if msgs, err := c.Receive(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Receive = %d messages, %v; want nothing until the deadline", len(msgs), err)
	}
	if d := c.Dropped(); d != n {
		t.Errorf("Dropped = %d, want %d", d, n)
	}
}
