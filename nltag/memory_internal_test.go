package nltag

import (
	"reflect"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
)

// A chunk of carved values fits in one 2 KiB size class with the
// allocator's header: sixteen 128-byte values (an Address) took 2,304
// bytes, an eighth more than each allocated alone.
func TestSlabChunkFitsItsClass(t *testing.T) {
	if membound.RaceEnabled {
		t.Skip("the race detector allocates besides")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for _, size := range []int{64, 128, 136, 200, 560} {
		typ := reflect.StructOf([]reflect.StructField{
			{Name: "P", Type: reflect.TypeFor[*byte]()},
			{Name: "B", Type: reflect.ArrayOf(size-8, reflect.TypeFor[byte]())},
		})
		k := allocFor(typ)
		if k.slab == nil {
			t.Fatalf("%d bytes: not carved from chunks", size)
		}
		const chunks = 64
		ds := &decodeState{spare: 1 << 30}
		ds.alloc(&k, typ) // the slabs slice
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range chunks * k.slab.n {
			ds.alloc(&k, typ)
		}
		runtime.ReadMemStats(&after)
		if per := (after.TotalAlloc - before.TotalAlloc) / chunks; per > slabBytes {
			t.Errorf("%d-byte values, %d a chunk: %d bytes a chunk, want at most %d", size, k.slab.n, per, slabBytes)
		}
	}
}
