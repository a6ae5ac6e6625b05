package route

import (
	"testing"
	"unsafe"
)

// TestValueSizes pins the size of the values a dump allocates one of per
// message. Allocating, zeroing and collecting them costs in proportion to
// their bytes (about 0.35 ns a byte where it was measured), and a dump of a
// full routing table keeps a million routes on the heap: an attribute that
// most messages lack belongs in Extra, behind its pointer, not in the
// value itself. The limits are today's sizes: Address fills its size class
// of Go's allocator (128 bytes), and Route (136 bytes, in the 144-byte
// class) is also carved in arrays by the list calls, where each byte counts.
func TestValueSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		size, max uintptr
		extra     string
	}{
		{"Route", unsafe.Sizeof(Route{}), 136, "RouteExtra"},
		{"Address", unsafe.Sizeof(Address{}), 128, "AddressExtra"},
	} {
		if c.size > c.max {
			t.Errorf("%s is %d bytes, more than %d: every message of a dump allocates one, and a full "+
				"routing table keeps a million; put attributes most messages lack in %s", c.name, c.size, c.max, c.extra)
		}
	}
}

// extraOf returns r's rarer attributes, zero when it has none.
func extraOf(r *Route) RouteExtra {
	if r.Extra == nil {
		return RouteExtra{}
	}
	return *r.Extra
}
