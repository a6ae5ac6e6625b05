package route

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestCacheStorm runs NLTEST_CACHE_STORM_RUNS times (default 1) a storm of
// NLTEST_CACHE_STORM_N successful changes (default 2,000): links added,
// deleted, renamed, re-aliased and flapped, addresses added and deleted,
// routes added and deleted in two tables, neighbours replaced and deleted,
// from two goroutines, while a Cache with a 4 KiB socket buffer follows and
// a slow watcher consumes its changes. At rest the Cache must equal ip -j
// -d, the first snapshot with the changes applied must equal the Cache's
// content, and a resync must find nothing more.
func TestCacheStorm(t *testing.T) {
	n := nltest.EnvInt(t, "NLTEST_CACHE_STORM_N", 2000)
	runs := nltest.EnvInt(t, "NLTEST_CACHE_STORM_RUNS", 1)
	for i := range runs {
		t.Run(fmt.Sprint(i), func(t *testing.T) { cacheStorm(t, n) })
	}
}

func cacheStorm(t *testing.T, n int) {
	ns := newCacheNS(t)
	var setup string
	for g := range 2 {
		setup += fmt.Sprintf("link add s%d type veth peer name s%dp\nlink set s%dp up\nlink set s%d up\n", g, g, g, g)
		setup += fmt.Sprintf("addr add 10.%d.0.1/16 dev s%d\naddr add 2001:db8:%d::1/64 dev s%d\n", g, g, g, g)
	}
	ns.Batch(t, setup)

	_, cc := dialCache(t, ns.NS, 4096, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first, changes := cc.Watch(ctx)
	var mu sync.Mutex
	model := newCacheModel(first)
	var seen, resyncs atomic.Int64
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for ch := range changes {
			mu.Lock()
			model.apply(t, ch)
			mu.Unlock()
			if ch.Op == ChangeResync {
				resyncs.Add(1)
			}
			seen.Add(1)
			time.Sleep(100 * time.Microsecond) // a slow consumer
		}
	}()

	start := time.Now()
	var wg sync.WaitGroup
	var made, failed atomic.Int64
	for g := range 2 {
		wg.Go(func() {
			c, err := Dial(ctx, &Options{NetNS: conn.NetNSPath(ns.Path)})
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			w := &stormWorker{c: c, g: g, r: rand.New(rand.NewPCG(uint64(g), uint64(time.Now().UnixNano())))}
			for made.Load() < int64(n) {
				switch err := w.change(ctx); {
				case err == nil:
					made.Add(1)
				case errors.As(err, new(unix.Errno)):
					failed.Add(1) // the kernel refused: EEXIST, ENODEV ...
				default:
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	stormTime := time.Since(start)
	atRest(t, ns, cc, &mu, model)
	cancel()
	<-watched
	st := cc.Stats()
	links, addrs, routes, neighs := cc.Snapshot().Len()
	mu.Lock()
	applied := model.changes
	mu.Unlock()
	t.Logf("%d changes (%d refused) in %v; cache: %d events, %d overruns, %d resyncs, %d refreshes; "+
		"watcher: %d changes, %d resyncs; at rest %d links, %d addresses, %d routes, %d neighbours",
		made.Load(), failed.Load(), stormTime.Round(time.Millisecond), st.Events, st.Overruns, st.Resyncs, st.Refreshes,
		applied, resyncs.Load(), links, addrs, routes, neighs)
	if st.Overruns == 0 || st.Resyncs == 0 {
		t.Errorf("no overrun (%d) or resync (%d): the storm did not test what it should", st.Overruns, st.Resyncs)
	}
}

// resyncAtRest lists again a Cache that should equal the kernel: the
// resync must find no change.
func resyncAtRest(t *testing.T, cc *Cache) {
	t.Helper()
	before := cc.Snapshot()
	n, err := cc.relist(cacheAll, true)
	if err != nil || n != 0 {
		t.Errorf("a resync at rest found %d changes (%v), want none", n, err)
		after := newCacheModel(cc.Snapshot()).m
		for k, v := range newCacheModel(before).m {
			if after[k] != v {
				t.Errorf("%v: held %+v\nthen listed %+v", k, v, after[k])
			}
		}
	}
}

// waitIdle waits until the Cache has done nothing for 1.5 s: the kernel's
// own follow-ups of the last changes (MLD reports) are done by then.
func waitIdle(t *testing.T, cc *Cache) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; {
		before := cc.Stats()
		time.Sleep(1500 * time.Millisecond)
		if cc.Stats() == before {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Cache is still busy after a minute: %+v", cc.Stats())
		}
	}
}

// stormWorker makes random changes in its own part of the namespace: its
// stable link s<g>, churning links w<g>c<i>, and their addresses, routes
// and neighbours.
type stormWorker struct {
	c *Client
	g int
	r *rand.Rand
}

func (w *stormWorker) churnName() string { return fmt.Sprintf("w%dc%d", w.g, w.r.IntN(8)) }

func (w *stormWorker) churn() LinkRef { return ByName(w.churnName()) }

func (w *stormWorker) change(ctx context.Context) error {
	c, g, r := w.c, w.g, w.r
	stable := ByName(fmt.Sprintf("s%d", g))
	v6 := r.IntN(2) == 0
	switch op := r.IntN(20); {
	case op < 2:
		return c.LinkAdd(ctx, w.churnName(), &IFB{}, &LinkOptions{Up: new(r.IntN(2) == 0)})
	case op < 3:
		return c.LinkDel(ctx, w.churn())
	case op < 4:
		return c.LinkSet(ctx, w.churn(), &LinkOptions{NewName: w.churnName()})
	case op < 5:
		return c.LinkSet(ctx, w.churn(), &LinkOptions{Up: new(r.IntN(2) == 0)})
	case op < 6:
		// On a link that is up: the kernel announces no alias change of a
		// link that is down (see Cache.Resync).
		return c.LinkSet(ctx, stable, &LinkOptions{Alias: new(fmt.Sprintf("a%d", r.IntN(100)))})
	case op < 9:
		p := netip.MustParsePrefix(fmt.Sprintf("10.%d.%d.1/24", 100+g, r.IntN(16)))
		if v6 {
			p = netip.MustParsePrefix(fmt.Sprintf("2001:db8:1%d:%x::1/64", g, r.IntN(16)))
		}
		if op < 7 {
			return c.AddrDel(ctx, w.churn(), p, nil)
		}
		return c.AddrAdd(ctx, w.churn(), p, nil)
	case op < 16:
		dst := netip.MustParsePrefix(fmt.Sprintf("172.%d.%d.0/24", 16+g, r.IntN(128)))
		if v6 {
			dst = netip.MustParsePrefix(fmt.Sprintf("2001:db8:%d:%x::/64", 100+g, r.IntN(128)))
		}
		o := &RouteOptions{Dev: stable, Table: Table(100 * r.IntN(2))}
		if r.IntN(4) == 0 {
			o.Dev = w.churn() // fails unless up; goes silently with it
		}
		if op < 12 {
			o.Dev = LinkRef{}
			return c.RouteDel(ctx, dst, o)
		}
		return c.RouteAdd(ctx, dst, o)
	default:
		dst := netip.MustParseAddr(fmt.Sprintf("10.%d.1.%d", g, r.IntN(64)))
		if v6 {
			dst = netip.MustParseAddr(fmt.Sprintf("2001:db8:%d::1:%x", g, r.IntN(64)))
		}
		if op < 18 {
			return c.NeighDel(ctx, stable, dst, nil)
		}
		mac := net.HardwareAddr{2, 0, 0, byte(g), byte(r.IntN(256)), byte(r.IntN(256))}
		return c.NeighReplace(ctx, stable, dst, &NeighOptions{LLAddr: mac})
	}
}
