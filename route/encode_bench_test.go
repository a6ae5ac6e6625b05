package route

import (
	"net/netip"
	"testing"

	"github.com/nltag/go-netlink/netlink"
	"golang.org/x/sys/unix"
)

// BenchmarkRouteAddEncode encodes the request of a route add as RouteAdd
// builds it (a /24 through a gateway and a link, in table 100): most of
// Route's attribute fields are absent.
func BenchmarkRouteAddEncode(b *testing.B) {
	r := &Route{Family: FamilyIPv4, DstLen: 24, Dst: netip.MustParseAddr("10.1.2.0"), Table: 100, TableID: 100,
		Protocol: ProtoBoot, Type: TypeUnicast, Gateway: netip.MustParseAddr("192.0.2.2"), OIF: 3}
	m := netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWROUTE, Flags: netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Excl}, Body: r}
	var w []byte
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if w, err = netlink.AppendMessage(w[:0], m); err != nil {
			b.Fatal(err)
		}
	}
	if len(w) != 60 {
		b.Fatalf("%d bytes, want 60", len(w))
	}
}
