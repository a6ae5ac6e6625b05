package conn

import (
	"context"
	"errors"
	"net"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// within runs fn and fails t unless it returns within 2 s.
func within(t *testing.T, what string, fn func() error) error {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- fn() }()
	select {
	case err := <-errc:
		return err
	case <-time.After(2 * time.Second):
		t.Fatalf("%s still blocked after 2s", what)
		return nil
	}
}

// fillPeer sends from a to b's port until b's receive buffer is full,
// which the write deadline reports.
func fillPeer(t *testing.T, a, b *Conn, m netlink.Message) {
	t.Helper()
	to, err := b.LocalAddr()
	if err != nil {
		t.Fatal(err)
	}
	for range 1000 {
		a.SetWriteDeadline(time.Now().Add(20 * time.Millisecond))
		if _, err = a.SendTo(m, to); err != nil {
			break
		}
	}
	a.SetWriteDeadline(time.Time{})
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("sending to a full port: %v, want os.ErrDeadlineExceeded", err)
	}
}

// TestKernelSendBlocked sends to a process's port whose receive buffer is
// full: the Send waits, returns once the peer has read (though nothing
// tells the poller there is room), and Close ends it with net.ErrClosed.
func TestKernelSendBlocked(t *testing.T) {
	ns := nltest.NewNS(t)
	a := dial(t, ns, Config{})
	b := dial(t, ns, Config{ReadBufferSize: 4096})
	to, _ := b.LocalAddr()
	m := netlink.Message{Header: netlink.Header{Type: typeData, Seq: 1}, Body: make([]byte, 1000)}
	fillPeer(t, a, b, m)

	sent := make(chan error, 1)
	go func() { _, err := a.SendTo(m, to); sent <- err }()
	select {
	case err := <-sent:
		t.Fatalf("SendTo a full port returned %v at once", err)
	case <-time.After(30 * time.Millisecond):
	}
	b.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	got := 0
	for {
		msgs, _, err := b.ReceiveFrom()
		if err != nil {
			break
		}
		got += len(msgs)
	}
	select {
	case err := <-sent:
		if err != nil {
			t.Errorf("SendTo once the peer had read = %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("SendTo still blocked after the peer read %d messages", got)
	}

	b.SetReadDeadline(time.Time{})
	fillPeer(t, a, b, m)
	go func() { _, err := a.SendTo(m, to); sent <- err }()
	time.Sleep(20 * time.Millisecond)
	a.Close()
	if err := within(t, "SendTo after Close", func() error { return <-sent }); !errors.Is(err, net.ErrClosed) {
		t.Errorf("blocked SendTo after Close = %v, want net.ErrClosed", err)
	}
}

// TestKernelNoWaitForReads checks the package doc's "Send, the deadline
// setters, group membership and Close do not wait for reads", "Separate
// Conns never wait for each other", and that a past deadline ends blocked
// calls at once, leaving the Conn usable.
func TestKernelNoWaitForReads(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dial(t, ns, Config{Groups: unix.RTMGRP_LINK})
	other := dial(t, ns, Config{})
	before := runtime.NumGoroutine()

	errc := make(chan error, 2)
	go func() { _, err := c.Receive(); errc <- err }()
	time.Sleep(20 * time.Millisecond)
	go func() { _, err := c.Execute(context.Background(), noop); errc <- err }()
	for deadline := time.Now().Add(2 * time.Second); c.reqs.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the request did not start")
		}
	}
	time.Sleep(20 * time.Millisecond) // the request reads, the Receive waits

	for _, tc := range []struct {
		name string
		fn   func() error
	}{
		{"Send", func() error { _, err := c.Send(noop); return err }},
		{"SetWriteDeadline", func() error { return c.SetWriteDeadline(time.Time{}) }},
		{"SetReadDeadline", func() error { return c.SetReadDeadline(time.Time{}) }},
		{"JoinGroup", func() error { return c.JoinGroup(unix.RTNLGRP_IPV4_IFADDR) }},
		{"LeaveGroup", func() error { return c.LeaveGroup(unix.RTNLGRP_IPV4_IFADDR) }},
		{"LocalAddr", func() error { _, err := c.LocalAddr(); return err }},
		{"Dropped", func() error { c.Dropped(); return nil }},
		{"another Conn's Execute", func() error { _, err := other.Execute(context.Background(), getLo); return err }},
	} {
		if err := within(t, tc.name+" while reads wait", tc.fn); err != nil {
			t.Errorf("%s = %v", tc.name, err)
		}
	}
	select {
	case err := <-errc:
		t.Fatalf("a blocked call returned %v", err)
	default:
	}

	// A deadline in the past ends both at once.
	c.SetDeadline(time.Now().Add(-time.Second))
	for range 2 {
		if err := within(t, "a read after a past deadline", func() error { return <-errc }); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("blocked call = %v, want os.ErrDeadlineExceeded", err)
		}
	}
	c.SetDeadline(time.Time{})
	if msgs, err := c.Execute(context.Background(), getLo); err != nil || len(msgs) != 1 {
		t.Fatalf("Execute after the deadline = %d replies, %v", len(msgs), err)
	}

	// A deadline that passes while a Receive steps aside takes effect when
	// the request is done, not before: here a Stream whose loop body
	// outlasts the deadline.
	c.SetReadDeadline(time.Now().Add(60 * time.Millisecond))
	go func() { _, err := c.Receive(); errc <- err }()
	time.Sleep(10 * time.Millisecond)
	for _, err := range c.Stream(context.Background(), getLo) {
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
		select {
		case err := <-errc:
			t.Fatalf("Receive returned %v while the Stream held the socket", err)
		default:
		}
	}
	if err := within(t, "Receive past its deadline", func() error { return <-errc }); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Receive = %v, want os.ErrDeadlineExceeded", err)
	}
	c.SetReadDeadline(time.Time{})

	// Close ends a Receive and a Stream waiting for replies.
	go func() { _, err := c.Receive(); errc <- err }()
	go func() {
		for _, err := range c.Stream(context.Background(), noop) {
			errc <- err
		}
	}()
	time.Sleep(30 * time.Millisecond)
	if err := within(t, "Close", c.Close); err != nil {
		t.Errorf("Close = %v", err)
	}
	for range 2 {
		if err := within(t, "a read after Close", func() error { return <-errc }); !errors.Is(err, net.ErrClosed) {
			t.Errorf("blocked call after Close = %v, want net.ErrClosed", err)
		}
	}
	if _, err := c.LocalAddr(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("LocalAddr after Close = %v", err)
	}
	settle(t, before)
}

// TestKernelReleases checks that Close releases the socket's descriptor
// and leaves no goroutine, after requests, an abandoned read-ahead dump and
// a blocked Receive; that a failed Dial leaks no descriptor; and that
// Config.PID is the port bound.
func TestKernelReleases(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "dummy", 1)
	ns.Batch(t, routeBatch(1500, "dummy0"))
	nsFile, err := os.Open(ns.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer nsFile.Close()
	before := nltest.Now(t)

	const pid = 0x7e57
	held, err := Dial(unix.NETLINK_ROUTE, &Config{NetNS: NetNSPath(ns.Path), PID: pid})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := held.LocalAddr(); err != nil || a.PID != pid {
		t.Errorf("LocalAddr with Config.PID %d = %v, %v", pid, a, err)
	}
	for _, cfg := range []*Config{
		{NetNS: NetNSPath(ns.Path), PID: pid}, // taken
		{NetNS: NetNSPath(ns.Path + "/nope")},
		{NetNS: NetNSPath("/proc/self/exe")},
		{NetNS: NetNSPath("/no/such/namespace")},
	} {
		if c, err := Dial(unix.NETLINK_ROUTE, cfg); err == nil {
			c.Close()
			t.Errorf("Dial(%+v) succeeded", cfg)
		}
	}
	if _, err := Dial(unix.NETLINK_ROUTE, &Config{NetNS: NetNSPath(ns.Path), PID: pid}); !errors.Is(err, unix.EADDRINUSE) {
		t.Errorf("Dial to a taken port = %v, want EADDRINUSE", err)
	}
	held.Close()

	for i := range 3 {
		c, err := Dial(unix.NETLINK_ROUTE, &Config{NetNS: NetNSFD(int(nsFile.Fd())), Groups: unix.RTMGRP_LINK})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Execute(context.Background(), routeDump); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, err := range c.Stream(context.Background(), routeDump) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 100*(i+1) {
				break
			}
		}
		var wg sync.WaitGroup
		wg.Go(func() { c.Receive() })
		time.Sleep(10 * time.Millisecond)
		c.Close()
		wg.Wait()
	}
	before.WaitReleased(t, 2*time.Second, "after Close")
}

// TestKernelNoThreadPerRead checks "a read deadline or the end of a
// request's context interrupts a blocked read without a thread waiting in
// the kernel": many blocked reads take no thread each, and all end.
func TestKernelNoThreadPerRead(t *testing.T) {
	const n = 32
	ns := nltest.NewNS(t)
	threads := func() int {
		ents, err := os.ReadDir("/proc/self/task")
		if err != nil {
			t.Fatal(err)
		}
		return len(ents)
	}
	before := threads()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 2*n)
	for range n {
		r, e := dial(t, ns, Config{Groups: unix.RTMGRP_LINK}), dial(t, ns, Config{})
		r.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		go func() { _, err := r.Receive(); errc <- err }()
		go func() { _, err := e.Execute(ctx, noop); errc <- err }()
	}
	time.Sleep(100 * time.Millisecond)
	if grown := threads() - before; grown >= n/2 {
		t.Errorf("%d threads more with %d blocked reads", grown, 2*n)
	}
	cancel()
	for range 2 * n {
		err := within(t, "a blocked read", func() error { return <-errc })
		if !errors.Is(err, context.Canceled) && !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("blocked read = %v", err)
		}
	}
}

// TestKernelAllMethodsConcurrently calls every method of one Conn from
// goroutines at once, under the race detector, then closes it while they
// run: "All methods may be called from several goroutines at once", and
// Close ends them all.
func TestKernelAllMethodsConcurrently(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "dummy", 2)
	c := dial(t, ns, Config{Groups: unix.RTMGRP_LINK})
	before := runtime.NumGoroutine()
	var wg sync.WaitGroup
	loop := func(name string, fn func(i int) error) {
		wg.Go(func() {
			for i := 0; ; i++ {
				if err := fn(i); errors.Is(err, net.ErrClosed) {
					return
				} else if err != nil {
					t.Errorf("%s: %v", name, err)
					return
				}
			}
		})
	}
	loop("Execute", func(int) error {
		msgs, err := c.Execute(context.Background(), getLo)
		if err == nil && len(msgs) != 1 {
			t.Errorf("Execute: %d replies", len(msgs))
		}
		return err
	})
	loop("Stream", func(i int) error {
		n := 0
		for _, err := range c.Stream(context.Background(), linkDump) {
			if err != nil {
				return err
			}
			if n++; i%2 == 0 {
				break
			}
		}
		return nil
	})
	loop("cancelled Execute", func(int) error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		_, err := c.Execute(ctx, noop)
		if errors.Is(err, context.DeadlineExceeded) {
			return nil
		}
		return err
	})
	loop("Receive", func(int) error {
		_, err := c.Receive()
		return err
	})
	loop("Send", func(int) error { _, err := c.Send(noop); return err })
	loop("deadlines", func(int) error {
		if err := c.SetReadDeadline(time.Time{}); err != nil {
			return err
		}
		return c.SetWriteDeadline(time.Time{})
	})
	loop("groups", func(i int) error {
		if i%2 == 0 {
			return c.JoinGroup(unix.RTNLGRP_IPV4_IFADDR)
		}
		return c.LeaveGroup(unix.RTNLGRP_IPV4_IFADDR)
	})
	loop("LocalAddr", func(int) error {
		_, err := c.LocalAddr()
		c.Dropped()
		return err
	})
	time.Sleep(300 * time.Millisecond)
	c.Close()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		buf := make([]byte, 1<<16)
		t.Fatalf("calls still running 5s after Close:\n%s", buf[:runtime.Stack(buf, true)])
	}
	settle(t, before)
}
