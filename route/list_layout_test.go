package route

import (
	"net/netip"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/nltag/go-netlink/internal/blocks"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/internal/zeroed"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// commonRoute holds only the attributes of the routes in a full table
// (bench/cmd/scale's): what Route would cost if its other fields took no
// room. Its Wire is optional: A is commonAttrs or commonAttrsWire.
type commonRoute[A any] struct {
	// Header is struct rtmsg, as bytes: the layouts differ in their
	// attributes only.
	Header [12]byte
	Attrs  A `nla:",attrs"`
}

type commonAttrsWire struct {
	Common commonAttrs `nla:",attrs"`
	Wire   nltag.Wire
}

type commonAttrs struct {
	_         nltag.Set       `nla:"rt-route"`
	TableID   Table           `nla:"RTA_TABLE,omitempty"`
	Dst       netip.Addr      `nla:"RTA_DST"`
	Gateway   netip.Addr      `nla:"RTA_GATEWAY"`
	OIF       netlink.IfIndex `nla:"RTA_OIF,omitempty"`
	Priority  uint32          `nla:"RTA_PRIORITY,omitempty"`
	CacheInfo *RouteCacheInfo `nla:"RTA_CACHEINFO"`
	Pref      RoutePref       `nla:"RTA_PREF,omitempty"`
}

// BenchmarkListLayout decodes a full table's worth of route messages
// (LIST_LAYOUT_ROUTES, 1,000,000 by default; one in five IPv6) into blocks
// as RouteList does, keeping every value until the end, into Route and
// into the two smaller layouts above: how much of a large list's cost is
// the size of the value, its pointers and its Wire (garbage collection
// with a growing heap, first touches of fresh memory), not decoding.
//
//	go test -run '^$' -bench ListLayout -benchtime 3x ./route
func BenchmarkListLayout(b *testing.B) {
	msgs := tableMessages(b, nltest.EnvInt(b, "LIST_LAYOUT_ROUTES", 1_000_000))
	b.Run("type=Route", func(b *testing.B) { benchLayout[Route](b, msgs) })
	b.Run("type=common", func(b *testing.B) { benchLayout[commonRoute[commonAttrsWire]](b, msgs) })
	b.Run("type=common-nowire", func(b *testing.B) { benchLayout[commonRoute[commonAttrs]](b, msgs) })
}

func benchLayout[T any](b *testing.B, msgs [][]byte) {
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heap0 := ms.HeapAlloc
	var kept []*T
	c0 := processCPU()
	for b.Loop() {
		kept = nil
		var vs blocks.Blocks[T]
		dec := zeroed.NewDecoder()
		for _, m := range msgs {
			if err := dec(m, vs.Next()); err != nil {
				b.Fatal(err)
			}
		}
		if kept = vs.Pointers(); len(kept) != len(msgs) {
			b.Fatal("lost values")
		}
	}
	per := float64(b.N * len(msgs))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/route")
	b.ReportMetric(float64((processCPU()-c0).Nanoseconds())/per, "cpu-ns/route")
	// The heap the last list keeps, per route: its values, their blocks
	// as the allocator sized them, and the slice of pointers.
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(int64(ms.HeapAlloc)-int64(heap0))/float64(len(msgs)), "kept-B/route")
	runtime.KeepAlive(kept)
}

// tableMessages returns n RTM_NEWROUTE bodies as the kernel dumps the
// table of bench/cmd/scale: IPv4 routes with RTA_TABLE, RTA_DST,
// RTA_GATEWAY and RTA_OIF; one in five IPv6, with RTA_PRIORITY,
// RTA_CACHEINFO and RTA_PREF besides.
func tableMessages(b *testing.B, n int) [][]byte {
	v4 := &Route{Family: FamilyIPv4, DstLen: 24, Protocol: ProtoBoot, Type: TypeUnicast, TableID: 100,
		Dst: netip.MustParseAddr("11.2.3.0"), Gateway: netip.MustParseAddr("192.0.2.2"), OIF: 2}
	v6 := &Route{Family: FamilyIPv6, DstLen: 48, Protocol: ProtoBoot, Type: TypeUnicast, TableID: 100,
		Dst: netip.MustParseAddr("2a00:1::"), Gateway: netip.MustParseAddr("2001:db8::2"), OIF: 2,
		Priority: 1024, CacheInfo: &RouteCacheInfo{}, Pref: PrefHigh}
	b4, err := nltag.Marshal(v4)
	if err != nil {
		b.Fatal(err)
	}
	b6, err := nltag.Marshal(v6)
	if err != nil {
		b.Fatal(err)
	}
	out := make([][]byte, n)
	for i := range out {
		out[i] = b4
		if i%5 == 4 {
			out[i] = b6
		}
	}
	return out
}

// processCPU returns the user and system time of the process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
