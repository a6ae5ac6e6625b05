package bench

import (
	"fmt"
)

// The population of the benchmark namespace.
const (
	// NumLinks is the number of links in the namespace, lo included.
	NumLinks = 1000
	// NumRoutes is the number of IPv4 routes added to the main table.
	NumRoutes = 100_000
	// NumAddrs is the number of IPv6 addresses added to the bridges.
	NumAddrs = 10_000

	numBridges = 100 // bridges vb0..vb99, which hold the IPv6 addresses
	numVeth    = 199 // veth pairs ve<i>a/ve<i>b; the a ends of the even ones join a bridge
	numMacvlan = 300 // macvlans mv0..mv299 on r0
	numVxlan   = NumLinks - 1 - 2 - numBridges - 2*numVeth - numMacvlan
)

// Populate fills ns with the benchmark's objects:
//
//   - r0 and r1, a veth pair that is up, with 192.0.2.1/24 on r0: the
//     parent of the macvlans and the way out of the routes;
//   - 100 bridges, 199 veth pairs (100 of them with one end in a bridge,
//     which adds the bridge's port data to the link), 300 macvlans on r0 and
//     199 vxlans, so that with lo and r0/r1 there are exactly 1,000 links;
//   - 100,000 IPv4 routes in the main table: /32 and /24 prefixes, three in
//     four through the gateway 192.0.2.2, the others direct on r0, with
//     several protocols and metrics;
//   - 10,000 IPv6 addresses, 100 on each bridge.
func Populate(ns *NS) error {
	var links []string
	links = append(links,
		"link add r0 type veth peer name r1",
		"addr add 192.0.2.1/24 dev r0",
		"link set r0 up",
		"link set r1 up",
	)
	for i := 0; i < numBridges; i++ {
		links = append(links, fmt.Sprintf("link add vb%d type bridge", i))
	}
	for i := 0; i < numVeth; i++ {
		links = append(links, fmt.Sprintf("link add ve%da type veth peer name ve%db", i, i))
		if i%2 == 0 {
			links = append(links, fmt.Sprintf("link set ve%da master vb%d", i, (i/2)%numBridges))
		}
	}
	for i := 0; i < numMacvlan; i++ {
		mode := [...]string{"bridge", "private", "vepa"}[i%3]
		links = append(links, fmt.Sprintf("link add mv%d link r0 type macvlan mode %s", i, mode))
	}
	for i := 0; i < numVxlan; i++ {
		links = append(links, fmt.Sprintf("link add vx%d type vxlan id %d dstport 4789 local 192.0.2.1 dev r0 ttl 64", i, 1000+i))
	}
	if err := ns.Batch(links); err != nil {
		return err
	}

	addrs := make([]string, 0, NumAddrs)
	for i := 0; i < NumAddrs; i++ {
		br := i % numBridges
		addrs = append(addrs, fmt.Sprintf("addr add 2001:db8:%x:%x::1/64 dev vb%d nodad", br, i/numBridges, br))
	}
	if err := ns.Batch(addrs); err != nil {
		return err
	}

	routes := make([]string, 0, NumRoutes)
	protos := [...]string{"static", "boot", "zebra", "bird"}
	for i := 0; i < NumRoutes; i++ {
		var dst string
		if i%4 == 3 {
			// 25,000 /24s, 172.16.0.0/24 to 172.113.167.0/24.
			n := i / 4
			dst = fmt.Sprintf("172.%d.%d.0/24", 16+n>>8, n&0xff)
		} else {
			n := i
			dst = fmt.Sprintf("10.%d.%d.%d/32", n>>16, (n>>8)&0xff, n&0xff)
		}
		line := "route add " + dst
		if i%4 != 1 {
			line += " via 192.0.2.2"
		}
		line += " dev r0 proto " + protos[i%len(protos)]
		if i%5 == 0 {
			line += fmt.Sprintf(" metric %d", 100+i%7)
		}
		routes = append(routes, line)
	}
	return ns.Batch(routes)
}
