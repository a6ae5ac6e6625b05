package route_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// TestLoadSharedClient has 8 goroutines share one Client for
// NLTEST_LOAD_REQUESTS (default 2000) mixed requests: lists and gets of
// links, additions and deletions of addresses and routes that race each
// other over a few prefixes, route and neighbour lists. The only errors
// allowed are the kernel's answers to those races; after Close no
// goroutine or file descriptor may be left, and the heap stays small.
func TestLoadSharedClient(t *testing.T) {
	total := nltest.EnvInt(t, "NLTEST_LOAD_REQUESTS", 2000)
	const workers = 8
	ns := nltest.NewNS(t)
	ns.IP(t, "link", "add", "ld0", "type", "veth", "peer", "name", "ld1")
	ns.IP(t, "link", "set", "ld0", "up")
	ns.IP(t, "link", "set", "ld1", "up")

	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	opts := &route.Options{NetNS: conn.NetNSPath(ns.Path)}
	// A first Client warms up what the runtime opens once and keeps (the
	// poller's descriptors), so that it does not count as a leak.
	warm, err := route.Dial(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	warm.Close()
	before := nltest.Now(t)

	c, err := route.Dial(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	ld0, err := c.LinkByName(ctx, "ld0")
	if err != nil {
		t.Fatal(err)
	}

	// The errnos racing additions and deletions may get.
	allowed := []unix.Errno{unix.EEXIST, unix.EADDRNOTAVAIL, unix.ESRCH, unix.ENOENT}
	var (
		next     atomic.Int64
		mu       sync.Mutex
		byErrno  = map[string]int{}
		failures int
	)
	record := func(op string, err error) {
		if err == nil {
			return
		}
		var oe *netlink.OpError
		key := ""
		switch {
		case errors.As(err, &oe) && slices.Contains(allowed, oe.Errno):
			key = unix.ErrnoName(oe.Errno)
		case errors.Is(err, conn.ErrDumpInterrupted):
			key = "DUMP_INTR"
		}
		mu.Lock()
		defer mu.Unlock()
		if key == "" {
			failures++
			if failures <= 10 {
				t.Errorf("%s: %v", op, err)
			}
			return
		}
		byErrno[key]++
	}
	// Few prefixes, so that the goroutines' additions and deletions meet.
	addr := func(r *rand.Rand) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 51, 0, byte(r.IntN(16))}), 32)
	}
	dst := func(r *rand.Rand) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 60, byte(r.IntN(16)), 0}), 24)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for i := next.Add(1); i <= int64(total); i = next.Add(1) {
				var err error
				op := ""
				switch i % 10 {
				case 0:
					op = "link list"
					_, err = c.LinkList(ctx, nil)
				case 1:
					op = "link by name"
					_, err = c.LinkByName(ctx, "ld0")
				case 2:
					op = "link by index"
					_, err = c.LinkByIndex(ctx, ld0.Index)
				case 3:
					op = "addr add"
					err = c.AddrAdd(ctx, route.ByName("ld0"), addr(r), nil)
				case 4:
					op = "addr del"
					err = c.AddrDel(ctx, route.ByName("ld0"), addr(r), nil)
				case 5:
					op = "route list"
					_, err = c.RouteList(ctx, nil)
				case 6:
					op = "route add"
					err = c.RouteAdd(ctx, dst(r), &route.RouteOptions{Dev: route.ByName("ld0")})
				case 7:
					op = "route del"
					err = c.RouteDel(ctx, dst(r), &route.RouteOptions{Dev: route.ByName("ld0")})
				case 8:
					op = "neigh list"
					_, err = c.NeighList(ctx, nil)
				case 9:
					op = "addr list"
					_, err = c.AddrList(ctx, nil)
				}
				record(op, err)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap := float64(ms.HeapInuse) / (1 << 20)
	if err := c.Close(); err != nil {
		t.Errorf("close: %v", err)
	}

	after := before.WaitReleased(t, 5*time.Second, "after Close")
	// The state is small and the Client keeps no history: a heap beyond
	// this holds on to replies it should have dropped.
	const heapBound = 64
	if heap > heapBound {
		t.Errorf("heap in use after GC: %.1f MiB, want below %d MiB", heap, heapBound)
	}
	t.Logf("requests %d in %v (%d goroutines), errors by errno %v, failures %d, goroutines before/after %d/%d, fds before/after %d/%d, heap %.1f MiB",
		total, elapsed.Round(time.Millisecond), workers, byErrno, failures, before.Goroutines, after.Goroutines, before.FDs, after.FDs, heap)
}
