package route

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

func FuzzRoute(f *testing.F) { fuzzRouteBody[Route](f, "route-") }

func TestRouteHelpers(t *testing.T) {
	r := Route{Family: FamilyIPv6, Table: Table8(TableCompat), TableID: 1000}
	if got := r.DstPrefix().String(); got != "::/0" {
		t.Errorf("DstPrefix = %s", got)
	}
	if got := r.FullTable(); got != 1000 {
		t.Errorf("FullTable = %v", got)
	}
	r = Route{Family: FamilyIPv4, DstLen: 16, Dst: netip.MustParseAddr("10.1.0.0"), Table: Table8(TableLocal)}
	if got := r.DstPrefix().String(); got != "10.1.0.0/16" {
		t.Errorf("DstPrefix = %s", got)
	}
	if got := r.FullTable(); got != TableLocal {
		t.Errorf("FullTable = %v", got)
	}
	if got, want := (RouteOnLink | RouteCloned).String(), "RTNH_F_ONLINK|RTM_F_CLONED"; got != want {
		t.Errorf("flags %s, want %s", got, want)
	}
}

func TestVia(t *testing.T) {
	for _, s := range []string{"192.0.2.1", "2001:db8::1"} {
		a := netip.MustParseAddr(s)
		v := NewVia(a)
		if v.Addr() != a {
			t.Errorf("NewVia(%s).Addr() = %s", a, v.Addr())
		}
	}
	if got, want := NewVia(netip.MustParseAddr("2001:db8::2")).String(), "AF_INET6 2001:db8::2"; got != want {
		t.Errorf("String = %s, want %s", got, want)
	}
	// AF_PACKET via (MPLS over a link-layer address) has no IP address.
	v := Via(binary.NativeEndian.AppendUint16(nil, uint16(FamilyPacket)))
	v = append(v, 2, 0, 0, 0, 0, 1)
	if v.Addr().IsValid() || v.String() != "AF_PACKET [020000000001]" {
		t.Errorf("AF_PACKET via: %s, %v", v, v.Addr())
	}
	// Wrong length for the family.
	v = Via(binary.NativeEndian.AppendUint16(nil, uint16(FamilyIPv6)))
	if a := append(v, 1, 2, 3, 4); Via(a).Addr().IsValid() {
		t.Errorf("4 bytes for AF_INET6 gave %s", Via(a).Addr())
	}
	if got := (Via{1}).String(); got != "[01]" {
		t.Errorf("short via: %s", got)
	}
}

func TestMPLSLabels(t *testing.T) {
	l := NewMPLSLabels(100, 101)
	if got := l.String(); got != "100/101" {
		t.Errorf("String = %s", got)
	}
	if got := l.Labels(); !slices.Equal(got, []uint32{100, 101}) {
		t.Errorf("Labels = %v", got)
	}
	if got := (MPLSLabels{1, 2, 3}).String(); got != "[010203]" {
		t.Errorf("partial: %s", got)
	}
}

func TestNextHopsMalformed(t *testing.T) {
	nh := func(n uint16, rest ...byte) []byte {
		b := binary.NativeEndian.AppendUint16(nil, n)
		return append(append(b, 0, 0, 3, 0, 0, 0), rest...)
	}
	for name, payload := range map[string][]byte{
		"short len":   nh(4),
		"len too big": nh(16),
		"trailing":    append(nh(8), 1, 2),
		"bad attr":    nh(12, 9, 0, 5, 0),
	} {
		var ns NextHops
		if err := nltag.Unmarshal(payload, &ns); err == nil {
			t.Errorf("%s: no error for %x", name, payload)
		} else if name != "bad attr" && !errors.Is(err, ErrNextHop) {
			t.Errorf("%s: %v", name, err)
		}
	}
	var ns NextHops
	if err := nltag.Unmarshal(nh(8), &ns); err != nil || len(ns) != 1 || ns[0].Index != 3 {
		t.Errorf("one bare next hop: %v %+v", err, ns)
	}
	b, err := ns.MarshalNetlink(nil)
	if err != nil || !slices.Equal(b, nh(8)) {
		t.Errorf("re-encoding: %x %v", b, err)
	}
	// Inside a route, the error names the field.
	in := nltag.AppendAttr(make([]byte, 12), 9, nh(4))
	var r Route
	var e *nltag.Error
	if err := nltag.Unmarshal(in, &r); !errors.As(err, &e) || e.Path != "Extra.Multipath" || !errors.Is(err, ErrNextHop) {
		t.Errorf("Unmarshal = %v", err)
	}
}
