package route_test

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/netip"

	"github.com/nltag/go-netlink/route"
)

// Send a vxlan device's broadcast, unknown unicast and multicast frames to
// two remote tunnel ends (head-end replication), as an overlay network
// does: bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.0.2.2, and
// the same for 192.0.2.3.
func ExampleClient_FDBAppend() {
	ctx := context.Background()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	all := net.HardwareAddr{0, 0, 0, 0, 0, 0}
	for _, remote := range []string{"192.0.2.2", "192.0.2.3"} {
		o := &route.FDBOptions{Dst: netip.MustParseAddr(remote)}
		if err := c.FDBAppend(ctx, route.ByName("vxlan0"), all, o); err != nil {
			log.Fatal(err)
		}
	}
	entries, err := c.FDBList(ctx, &route.FDBFilter{Dev: route.ByName("vxlan0")})
	if err != nil {
		log.Fatal(err)
	}
	for _, n := range entries {
		fmt.Println(n.LLAddr, n.Dst, n.Flags)
	}
}

// Let frames go back out the bridge port they came in on, and keep the
// port from talking to other isolated ports, as a CNI bridge plugin's
// hairpin mode does: ip link set dev veth0 type bridge_slave hairpin on
// isolated on.
func ExampleLinkOptions_bridgePort() {
	ctx := context.Background()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	o := &route.LinkOptions{BridgePort: &route.BridgePortData{Hairpin: new(true), Isolated: new(true)}}
	if err := c.LinkSet(ctx, route.ByName("veth0"), o); err != nil {
		log.Fatal(err)
	}
}
