package route

import (
	"testing"
	"unsafe"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/nltag"
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

// TestExtraOnlyWhenRare: in the kernel's captured dumps, routes and
// addresses with only the common attributes decode with Extra nil, those
// with a rarer one (RTA_MULTIPATH, RTA_VIA, RTA_ENCAP, a lookup's RTA_UID)
// get it, and a nil Extra encodes nothing.
func TestExtraOnlyWhenRare(t *testing.T) {
	for _, c := range []struct {
		file  string
		extra bool
	}{
		{"route-ipv4", false}, {"route-ipv6", false}, {"route-ipv4-local", false}, {"route-table1000", false},
		{"route-metrics", false}, {"route-nhid", true}, {"route-multipath", true}, {"route-via", true},
		{"route-encap", true}, {"route-get", true},
		{"addr-ipv4", false}, {"addr-ipv6", false}, {"addr-loopback", false},
	} {
		b, err := golden.ReadHex("../testdata/route/" + c.file + ".hex")
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := Messages.DecodeAll(b)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		n := 0
		for _, m := range msgs {
			var has bool
			switch body := m.Body.(type) {
			case *Route:
				has = body.Extra != nil
			case *Address:
				has = body.Extra != nil
			default:
				continue
			}
			n++
			if has != c.extra {
				t.Errorf("%s: message %d: Extra allocated %v, want %v:\n%s", c.file, n, has, c.extra, nltag.Format(m.Body))
			}
		}
		if n == 0 {
			t.Errorf("%s: no route or address", c.file)
		}
	}
	b, err := nltag.Marshal(&Route{Family: FamilyIPv4, OIF: 3})
	if err != nil || len(b) != 12+8 {
		t.Errorf("a route with OIF alone encodes to %x, %v", b, err)
	}
}
