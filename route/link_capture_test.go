package route

import (
	"fmt"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
)

// TestCaptureLink writes the kernel captures testdata/route/link-* (hex and
// text) when run with -update; review the diff afterwards.
func TestCaptureLink(t *testing.T) {
	if !golden.Updating() {
		t.Skip("run with -update to capture golden files from the kernel")
	}
	ns := newLinkNS(t)
	kernel := golden.Kernel()
	write := func(name, what string, ms ...netlink.RawMessage) {
		t.Helper()
		comment := fmt.Sprintf("%s\nkernel %s, captured by TestCaptureLink (route/link_capture_test.go), %d message(s)", what, kernel, len(ms))
		routeGolden.Write(t, name, comment, golden.Wire(nil, ms...))
	}
	get := func(name string) netlink.RawMessage { return ns.getLink(t, name) }

	write("link-lo", "RTM_GETLINK lo: the loopback device, up", get("lo"))
	write("link-veth", "RTM_GETLINK v0 and v1: ip link add v0 type veth peer name v1, both up;\nv0 has altname veth-zero and alias first-veth", get("v0"), get("v1"))
	write("link-bridge", "RTM_GETLINK br0: ip link add br0 type bridge (defaults), up, with port v2", get("br0"))
	write("link-bridge-port", "RTM_GETLINK v2: a veth enslaved to bridge br0 (IFLA_INFO_SLAVE_DATA of kind bridge)", get("v2"))
	write("link-macvlan", "RTM_GETLINK mv0: ip link add mv0 link v0 type macvlan mode bridge", get("mv0"))
	write("link-macvtap", "RTM_GETLINK mt0: ip link add mt0 link v0 type macvtap mode vepa", get("mt0"))
	write("link-vxlan", "RTM_GETLINK vx0: ip link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 remote 192.0.2.2 ttl 64", get("vx0"))
	write("link-tun", "RTM_GETLINK tap0 and tun0: ip tuntap add tap0 mode tap; ip tuntap add tun0 mode tun", get("tap0"), get("tun0"))
	write("link-ifb", "RTM_GETLINK ifb0: ip link add ifb0 type ifb", get("ifb0"))

	// The per-family views of a link.
	v2 := decodeLink(t, get("v2")).Index
	for _, m := range ns.execute(t, unix.RTM_GETLINK, netlink.Dump, &Link{Family: unix.AF_BRIDGE}) {
		if decodeLink(t, m).Index == v2 {
			write("link-afbridge", "RTM_GETLINK dump, AF_BRIDGE (bridge link show): the entry of port v2 of br0 (IFLA_PROTINFO)", m)
		}
	}
	lo := decodeLink(t, get("lo")).Index
	for _, m := range ns.execute(t, unix.RTM_GETLINK, netlink.Dump, &Link{Family: unix.AF_INET6}) {
		if decodeLink(t, m).Index == lo {
			write("link-afinet6", "RTM_GETLINK dump, AF_INET6: the entry of lo (IFLA_PROTINFO with IPv6 state)", m)
		}
	}
}
