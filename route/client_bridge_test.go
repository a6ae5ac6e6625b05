package route

// The bridge VLAN requests, checked against bytes laid out by hand from
// if_bridge.h: this kernel has no VLAN filtering, so it cannot answer them
// (see TestClientBridgeVLANKernel).

import (
	"encoding/hex"
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// The IFLA_BRIDGE_* and IFLA_BRIDGE_VLAN_TUNNEL_* numbers of if_bridge.h.
const (
	hBridgeFlags, hBridgeVLANInfo, hBridgeVLANTunnelInfo = 0, 2, 3
	hTunnelID, hTunnelVID, hTunnelFlags                  = 1, 2, 3
)

// hvlan is struct bridge_vlan_info.
func hvlan(flags, vid uint16) []byte { return append(hu16(flags), hu16(vid)...) }

func bridgeVLANCases() []struct {
	name string
	v    *BridgeVLAN
	want []byte // the ifinfomsg and its attributes
} {
	spec := func(attrs ...[]byte) []byte {
		return append(hifinfo(unix.AF_BRIDGE, 0, 3, 0), ha(unix.IFLA_AF_SPEC, hnest(attrs...))...)
	}
	return []struct {
		name string
		v    *BridgeVLAN
		want []byte
	}{
		{"vid 10 pvid untagged master", &BridgeVLAN{VID: 10, PVID: true, Untagged: true, Master: true},
			spec(ha(hBridgeFlags, hu16(1)), ha(hBridgeVLANInfo, hvlan(2|4, 10)))},
		{"vid 20", &BridgeVLAN{VID: 20},
			spec(ha(hBridgeVLANInfo, hvlan(0, 20)))},
		{"vid 100-200 untagged self", &BridgeVLAN{VID: 100, VIDEnd: 200, Untagged: true, Self: true},
			spec(ha(hBridgeFlags, hu16(2)), ha(hBridgeVLANInfo, hvlan(4|8, 100)), ha(hBridgeVLANInfo, hvlan(4|16, 200)))},
		{"vid 30 tunnel_info id 3000", &BridgeVLAN{VID: 30, TunnelID: 3000},
			spec(ha(hBridgeVLANTunnelInfo, hnest(ha(hTunnelID, hu32(3000)), ha(hTunnelVID, hu16(30)))))},
		{"vid 40-49 tunnel_info id 4000-4009", &BridgeVLAN{VID: 40, VIDEnd: 49, TunnelID: 4000},
			spec(ha(hBridgeVLANTunnelInfo, hnest(ha(hTunnelID, hu32(4000)), ha(hTunnelVID, hu16(40)), ha(hTunnelFlags, hu16(8)))),
				ha(hBridgeVLANTunnelInfo, hnest(ha(hTunnelID, hu32(4009)), ha(hTunnelVID, hu16(49)), ha(hTunnelFlags, hu16(16)))))},
	}
}

func TestBridgeVLANMessage(t *testing.T) {
	for _, c := range bridgeVLANCases() {
		req, err := bridgeVLANMessage(3, c.v)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b, err := nltag.Marshal(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got, want := hex.EncodeToString(b), hex.EncodeToString(c.want); got != want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, want)
		}
		// And back: the bytes laid out by hand decode to the request.
		var l Link
		if err := nltag.Unmarshal(c.want, &l); err != nil {
			t.Fatalf("%s: decoding: %v", c.name, err)
		}
		nltag.ClearWire(&l)
		b2, _ := nltag.Marshal(&l)
		if hex.EncodeToString(b2) != hex.EncodeToString(c.want) {
			t.Errorf("%s: decoded and encoded again:\n got %x\nwant %x", c.name, b2, c.want)
		}
	}
	for _, tc := range []struct {
		v    *BridgeVLAN
		want string
	}{
		{nil, "v"},
		{&BridgeVLAN{}, "BridgeVLAN.VID"},
		{&BridgeVLAN{VID: 4095}, "BridgeVLAN.VID"},
		{&BridgeVLAN{VID: 10, VIDEnd: 10}, "BridgeVLAN.VIDEnd"},
		{&BridgeVLAN{VID: 10, VIDEnd: 4095}, "BridgeVLAN.VIDEnd"},
		{&BridgeVLAN{VID: 10, VIDEnd: 20, PVID: true}, "BridgeVLAN.PVID"},
		{&BridgeVLAN{VID: 10, VIDEnd: 20, TunnelID: 1<<24 - 5}, "BridgeVLAN.TunnelID"},
	} {
		_, err := bridgeVLANMessage(3, tc.v)
		var ae *ArgError
		if !errors.As(err, &ae) || ae.Arg != tc.want {
			t.Errorf("%+v: %v, want an ArgError for %s", tc.v, err, tc.want)
		}
	}
}

// TestBridgeVLANGolden keeps the requests as golden files, as bridge(8)
// would send them for the commands their names give (dev with index 3).
func TestBridgeVLANGolden(t *testing.T) {
	var b []byte
	comment := "RTM_SETLINK requests of bridge vlan add, as BridgeVLANAdd builds them for dev (ifindex 3):"
	for i, c := range bridgeVLANCases() {
		comment += "\n  bridge vlan add " + c.name
		b = append(b, hmsg(unix.RTM_SETLINK, netlink.Request|netlink.Acknowledge, uint32(i+1), c.want)...)
	}
	comment += "\nbuilt by hand from if_bridge.h (this kernel has no VLAN filtering), by TestBridgeVLANGolden"
	routeGolden.Bytes(t, "link-bridge-vlan-requests", comment, b)
}
