package route

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestCacheCost measures, with NLTEST_CACHE_COST_ROUTES routes (default
// 2,000), the time of a full resync beside a plain RouteList of the same
// routes (best of 5 each, interleaved), and the heap a Cache holds per
// route beside a RouteList's result. The bounds are loose: they catch a
// resync that does far more than list, or a per-route cost that balloons.
// Under the race detector it only checks that the Cache holds the routes.
func TestCacheCost(t *testing.T) {
	n := nltest.EnvInt(t, "NLTEST_CACHE_COST_ROUTES", 2000)
	ns := newCacheNS(t)
	var b strings.Builder
	b.WriteString("link add d0 type veth peer name d0p\nlink set d0p up\nlink set d0 up\n")
	for i := range n {
		fmt.Fprintf(&b, "route add 10.%d.%d.%d/32 dev d0\n", i>>16&0xff, i>>8&0xff, i&0xff)
	}
	ns.Batch(t, b.String())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := heap()
	c, cc := dialCache(t, ns.NS, 0, nil)
	cached := heap()
	_, _, routes, _ := cc.Snapshot().Len()
	if routes < n {
		t.Fatalf("the Cache holds %d routes, want at least %d", routes, n)
	}
	perCached := float64(cached-base) / float64(routes)
	list, err := c.RouteList(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	perListed := float64(heap()-cached) / float64(len(list))
	runtime.KeepAlive(list)
	list = nil

	var listTimes, resyncTimes []time.Duration
	for range 5 {
		start := time.Now()
		if _, err := c.RouteList(ctx, nil); err != nil {
			t.Fatal(err)
		}
		listTimes = append(listTimes, time.Since(start))
		start = time.Now()
		if err := cc.Resync(ctx); err != nil {
			t.Fatal(err)
		}
		resyncTimes = append(resyncTimes, time.Since(start))
	}
	bestList, bestResync := slices.Min(listTimes), slices.Min(resyncTimes)
	ratio := float64(bestResync) / float64(bestList)
	t.Logf("%d routes: RouteList %v, full resync %v (%.2f×), best of 5; heap per route: cached %.0f B, listed %.0f B",
		routes, bestList.Round(time.Microsecond), bestResync.Round(time.Microsecond), ratio, perCached, perListed)
	if membound.RaceEnabled {
		return
	}
	if perCached > 2048 {
		t.Errorf("%.0f bytes per cached route, want at most 2048", perCached)
	}
	// A resync also opens a socket and lists links, addresses and
	// neighbours: 20 ms covers that.
	if bestResync > 4*bestList+20*time.Millisecond {
		t.Errorf("a resync takes %.2f× a RouteList, want at most 4× and 20 ms", ratio)
	}
}
