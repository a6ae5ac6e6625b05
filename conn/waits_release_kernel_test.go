//go:build linux

package conn

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
)

// noGC stops the garbage collector for the rest of the test, so that an
// *os.File left open is not closed by its finalizer before it is counted.
func noGC(t *testing.T) {
	old := debug.SetGCPercent(-1)
	t.Cleanup(func() { debug.SetGCPercent(old) })
}

// openFDs returns how many descriptors the process has open.
func openFDs(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(fds)
}

// quietBatchResult reports whether err is a result a quiet batch of
// requests that all fail with EEXIST may give: never success.
func quietBatchResult(err error) bool {
	return errors.Is(err, unix.EEXIST) || isWait(err) || errors.Is(err, ErrOverrun) ||
		(err != nil && strings.Contains(err.Error(), "not sent"))
}

// TestKernelWaitsLeakNoDescriptor: a read that waits does so through a
// duplicate of the socket's descriptor; 1,000 waits ended every way (read
// deadline, context deadline and cancellation, a deadline moved into the
// past by another goroutine, quiet batches cancelled part way), on a
// request socket and on one with groups, leave no descriptor open. The
// quiet batches, whose requests all fail (EEXIST), never report one as a
// success.
func TestKernelWaitsLeakNoDescriptor(t *testing.T) {
	ns, oif := batchNS(t)
	c := dial(t, ns, Config{})
	mc := dial(t, ns, Config{Groups: unix.RTMGRP_LINK})
	adds := routeAdds(3*batchPerSend+5, oif)
	for i, err := range c.ExecuteBatch(context.Background(), adds) {
		if err != nil {
			t.Fatalf("install %d: %v", i, err)
		}
	}
	// A socket with groups keeps the duplicate of its first wait.
	mc.SetReadDeadline(time.Now().Add(time.Millisecond))
	mc.Receive()
	mc.SetReadDeadline(time.Time{})
	noGC(t)
	before := openFDs(t)
	var failed, cut int // quiet batch results: EEXIST, and cut short
	for i := range 1000 {
		d := time.Duration(rand.IntN(300)) * time.Microsecond
		switch i % 5 {
		case 0:
			c.SetReadDeadline(time.Now().Add(d))
			if _, err := c.Receive(); !os.IsTimeout(err) {
				t.Fatalf("Receive past its deadline: %v", err)
			}
			c.SetReadDeadline(time.Time{})
		case 1:
			ctx, cancel := context.WithTimeout(context.Background(), d)
			if _, err := c.Execute(ctx, noop); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Execute past its context's deadline: %v", err)
			}
			cancel()
		case 2:
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(d/4, cancel)
			for k, err := range c.ExecuteBatchQuiet(ctx, adds) {
				if !quietBatchResult(err) {
					t.Fatalf("quiet batch, request %d of %d (all fail): %v", k, len(adds), err)
				}
				if errors.Is(err, unix.EEXIST) {
					failed++
				} else {
					cut++
				}
			}
			cancel()
		case 3:
			mc.SetReadDeadline(time.Now().Add(d))
			if _, err := mc.Receive(); !os.IsTimeout(err) {
				t.Fatalf("Receive with groups past its deadline: %v", err)
			}
			mc.SetReadDeadline(time.Time{})
		case 4:
			cc := c
			if i%2 == 0 {
				cc = mc
			}
			time.AfterFunc(d, func() { cc.SetReadDeadline(time.Unix(1, 0)) })
			if _, err := cc.Receive(); !os.IsTimeout(err) {
				t.Fatalf("Receive with its deadline moved into the past: %v", err)
			}
			cc.SetReadDeadline(time.Time{})
		}
	}
	if after := openFDs(t); after != before {
		t.Errorf("%d descriptors open before 1,000 waits, %d after", before, after)
	}
	t.Logf("quiet batches cancelled: %d requests failed (EEXIST), %d cut short", failed, cut)
	// Still in step with the kernel.
	if _, err := c.Execute(context.Background(), getLo); err != nil {
		t.Fatal(err)
	}
}

// TestKernelCloseEndsEveryWait: Close, at any moment, ends a Receive,
// an Execute waiting for an answer and a quiet batch in progress, on
// sockets with and without groups, promptly and with net.ErrClosed, and
// the duplicates they waited on are closed with the socket.
func TestKernelCloseEndsEveryWait(t *testing.T) {
	ns, oif := batchNS(t)
	adds := routeAdds(4*batchPerSend, oif)
	noGC(t)
	before := openFDs(t)
	for i := range 200 {
		cfg := Config{}
		if i%2 == 1 {
			cfg.Groups = unix.RTMGRP_LINK
		}
		c := dial(t, ns, cfg)
		var wg sync.WaitGroup
		errs := make(chan error, 3+len(adds))
		wg.Add(3)
		go func() { defer wg.Done(); _, err := c.Receive(); errs <- err }()
		go func() { defer wg.Done(); _, err := c.Execute(context.Background(), noop); errs <- err }()
		go func() {
			defer wg.Done()
			for _, err := range c.ExecuteBatchQuiet(context.Background(), adds) {
				if err != nil && !errors.Is(err, unix.EEXIST) {
					errs <- err
				}
			}
		}()
		time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
		c.Close()
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("round %d: Close left a call blocked", i)
		}
		close(errs)
		for err := range errs {
			if !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "not sent") {
				t.Errorf("round %d: a call ended by Close: %v", i, err)
			}
		}
	}
	if after := openFDs(t); after != before {
		t.Errorf("%d descriptors open before 200 Conns closed while waiting, %d after", before, after)
	}
}

// TestKernelBatchReadsManyTruncated: a datagram longer than the slot a
// multi-read gives each answer is taken off the queue cut short (MSG_TRUNC
// reports its true length) and dropped whole, counted once, without its
// first message (an error for the batch's first request, forged) being
// read; the batch's answers around it are read and matched as usual.
func TestKernelBatchReadsManyTruncated(t *testing.T) {
	const n = 2 * batchPerSend
	ns, oif := batchNS(t)
	c := dial(t, ns, Config{})
	s := newSpoofer(t, ns)
	seq := predictSeq(c)
	req := netlink.Header{Type: unix.RTM_NEWROUTE, Flags: netlink.Request, Seq: seq, PID: c.pid}
	pad := msg(netlink.Noop, 0, 0, 0, make([]byte, 16<<10))
	if err := s.send(c.pid, 0, forgedError(req, unix.EPERM), pad); err != nil {
		t.Fatal(err)
	}
	dropped0 := c.Dropped()
	for i, err := range c.ExecuteBatchQuiet(context.Background(), routeAdds(n, oif)) {
		if err != nil {
			t.Errorf("request %d: %v", i, err)
		}
	}
	if d := c.Dropped() - dropped0; d != 1 {
		t.Errorf("dropped %d messages for one datagram longer than a slot, want 1", d)
	}
	if got := len(countRoutes(t, ns)); got != n {
		t.Errorf("%d routes, want %d", got, n)
	}
}

// TestKernelBatchQuietOverrunWithGroups: a quiet batch on a socket that
// receives the events of its own changes, in buffers so small that they
// overrun, reports none of the changes the kernel refused (every other
// one: the route exists) as a success, and each one it carried out as a
// success or ErrOverrun.
func TestKernelBatchQuietOverrunWithGroups(t *testing.T) {
	for _, size := range []int{4096, 16 << 10, 64 << 10} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			const n = 1000
			ns, oif := batchNS(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			ms := routeAdds(n, oif)
			var even []netlink.Message
			for i := 0; i < n; i += 2 {
				even = append(even, ms[i])
			}
			for i, err := range dial(t, ns, Config{}).ExecuteBatch(ctx, even) {
				if err != nil {
					t.Fatalf("adding route %d: %v", 2*i, err)
				}
			}
			c := dial(t, ns, Config{Groups: unix.RTMGRP_IPV4_ROUTE, ReadBufferSize: size})
			overruns := 0
			for i, err := range c.ExecuteBatchQuiet(ctx, ms) {
				switch {
				case errors.Is(err, ErrOverrun):
					overruns++
				case i%2 == 0 && !errors.Is(err, unix.EEXIST):
					t.Errorf("request %d (refused: exists): %v, want EEXIST or ErrOverrun", i, err)
				case i%2 == 1 && err != nil:
					t.Errorf("request %d: %v, want success or ErrOverrun", i, err)
				}
			}
			t.Logf("%d of %d answers lost", overruns, n)
			if overruns == 0 && size == 4096 {
				t.Error("no answer lost in a 4 KiB buffer")
			}
			if seen := countRoutes(t, ns); len(seen) != n {
				t.Errorf("%d routes after the batch, want %d", len(seen), n)
			}
		})
	}
}
