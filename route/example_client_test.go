package route_test

// Examples of the Client. They change the kernel's state and need
// CAP_NET_ADMIN, so they are compiled but not run.

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// Open a Client in the namespace that `ip netns add blue` made.
func ExampleDial() {
	ctx := context.Background()
	c, err := route.Dial(ctx, &route.Options{NetNS: conn.NetNSName("blue")})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	links, err := c.LinkList(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range links {
		fmt.Println(l.Index, l.Name, l.OperState)
	}
}

// Create a veth pair with one end in another namespace, both ends with an
// MTU of 1400, bring the near end up and give it an address: ip link add
// veth0 mtu 1400 type veth peer name veth1 mtu 1400 netns blue; ip link set
// veth0 up; ip addr add 192.0.2.1/24 dev veth0.
func ExampleClient_LinkAdd() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	veth := &route.Veth{Peer: "veth1", PeerNetNS: conn.NetNSName("blue"), PeerMTU: 1400}
	if err := c.LinkAdd(ctx, "veth0", veth, &route.LinkOptions{Up: new(true), MTU: 1400}); err != nil {
		if errors.Is(err, unix.EEXIST) {
			log.Fatal("veth0 exists already")
		}
		log.Fatal(err)
	}
	if err := c.AddrAdd(ctx, route.ByName("veth0"), netip.MustParsePrefix("192.0.2.1/24"), nil); err != nil {
		log.Fatal(err)
	}
}

// Add a default route, or replace the one there: ip route replace default
// via 192.0.2.254 dev veth0 metric 100.
func ExampleClient_RouteReplace() {
	ctx := context.Background()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	err = c.RouteReplace(ctx, netip.MustParsePrefix("0.0.0.0/0"), &route.RouteOptions{
		Gateway: netip.MustParseAddr("192.0.2.254"),
		Dev:     route.ByName("veth0"),
		Metric:  100,
	})
	if err != nil {
		log.Fatal(err) // such as "... network is unreachable: Nexthop has invalid gateway"
	}
	r, err := c.RouteGet(ctx, netip.MustParseAddr("198.51.100.7"), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("via", r.Gateway)
}

// Watch links come and go until interrupted: ip monitor link.
func ExampleClient_Monitor() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	m, err := c.Monitor(ctx, route.MonitorLink)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	for ev, err := range m.Events() {
		if err != nil {
			// Events were lost (ENOBUFS): list the links afresh.
			log.Print(err)
			continue
		}
		if l, ok := ev.Body.(*route.Link); ok {
			if ev.Deleted() {
				fmt.Println("gone:", l.Name)
			} else {
				fmt.Println(l.Name, l.Flags, l.OperState)
			}
		}
	}
}

// Wait for a link that another program creates, such as the tap device of
// a virtual machine.
func ExampleClient_WaitForLink() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	l, err := c.WaitForLink(ctx, "tap0")
	if err != nil {
		log.Fatal(err) // context.DeadlineExceeded after 30 s
	}
	if err := c.LinkSet(ctx, l.Ref(), &route.LinkOptions{Up: new(true), Master: route.ByName("br0")}); err != nil {
		log.Fatal(err)
	}
}

// Stream the routes of a large table, filtered by the kernel: ip route show
// table 100 proto bgp.
func ExampleClient_Routes() {
	ctx := context.Background()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	n := 0
	for r, err := range c.Routes(ctx, &route.RouteFilter{Family: route.FamilyIPv4, Table: 100, Protocol: route.ProtoBGP}) {
		if err != nil {
			log.Fatal(err)
		}
		if r.DstLen < 8 {
			fmt.Println("short prefix:", r.DstPrefix())
		}
		n++
	}
	fmt.Println(n, "routes")
}

// List one link's IPv4 addresses: ip -4 addr show dev eth0.
func ExampleClient_AddrList() {
	ctx := context.Background()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	addrs, err := c.AddrList(ctx, &route.AddrFilter{Dev: route.ByName("eth0"), Family: route.FamilyIPv4})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range addrs {
		fmt.Println(a.Prefix(), a.Scope)
	}
}

// Ask which route a packet would take: ip route get 192.0.2.1.
func ExampleClient_RouteGet() {
	ctx := context.Background()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	r, err := c.RouteGet(ctx, netip.MustParseAddr("192.0.2.1"), nil)
	if err != nil {
		log.Fatal(err)
	}
	l, err := c.LinkByIndex(ctx, r.OIF)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("via", r.Gateway, "dev", l.Name, "src", r.PrefSrc)
}

// A daemon that reacts to events names links by the index the event
// carries: no lookup, and no race with a rename in between.
func ExampleByIndex() {
	ctx := context.Background()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	m, err := c.Monitor(ctx, route.MonitorLink)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	for ev, err := range m.Events() {
		if err != nil {
			continue // events lost: a real daemon lists the links again
		}
		l, ok := ev.Body.(*route.Link)
		if !ok || ev.Deleted() || l.LinkInfo == nil || l.LinkInfo.Kind != "veth" {
			continue
		}
		err := c.AddrReplace(ctx, route.ByIndex(l.Index), netip.MustParsePrefix("192.0.2.1/24"), nil)
		if err != nil {
			log.Print(err)
		}
	}
}

// Arguments are checked before anything is sent; the error names the
// argument and the rule.
func ExampleArgError() {
	c, err := route.Dial(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	err = c.LinkDel(context.Background(), route.ByName("victim\x00-tmp"))
	var ae *route.ArgError
	if errors.As(err, &ae) {
		fmt.Println(ae.Arg)
	}
	// Output: link
}

// Test code that uses a Client, without root: conntest's fake socket
// acknowledges every request and records it.
func ExampleNewClient() {
	f := conntest.New(conntest.AckAll)
	nc, err := conn.NewConn(f)
	if err != nil {
		log.Fatal(err)
	}
	c := route.NewClient(nc, nil)
	defer c.Close()

	if err := c.LinkSet(context.Background(), route.ByName("eth0"), &route.LinkOptions{MTU: 9000}); err != nil {
		log.Fatal(err)
	}
	req := f.Requests()[0]
	var l route.Link
	if err := nltag.Unmarshal(req.Data, &l); err != nil {
		log.Fatal(err)
	}
	fmt.Println(route.Messages.TypeName(req.Header.Type), l.Name, l.MTU)
	// Output: RTM_SETLINK eth0 9000
}

// Mirror the namespace's routes and follow their changes: a Cache lists,
// then applies the kernel's events, and lists again by itself when the
// kernel drops some, so the loop never sees an overrun.
func ExampleClient_Cache() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	cache, err := c.Cache(ctx, &route.CacheOptions{Kinds: route.CacheRoutes, Tables: []route.Table{route.TableMain}})
	if err != nil {
		log.Fatal(err)
	}
	defer cache.Close()
	snap, changes := cache.Watch(ctx)
	for _, r := range snap.RoutesTo(netip.MustParsePrefix("0.0.0.0/0")) {
		fmt.Println("default route via", r.Gateway)
	}
	for ch := range changes {
		switch ch.Op {
		case route.ChangeResync:
			fmt.Println("events were lost; the differences follow")
		case route.ChangeAdd, route.ChangeUpdate:
			if r, ok := ch.New.(*route.Route); ok {
				fmt.Println(ch.Op, r.DstPrefix(), "resync:", ch.Resync)
			}
		case route.ChangeDelete:
			if r, ok := ch.Old.(*route.Route); ok {
				fmt.Println("delete", r.DstPrefix())
			}
		}
	}
}

// Shape eth0's outgoing traffic with htb: 1 Mbit/s guaranteed to class
// 1:10 (the default), which may borrow up to 5 Mbit/s, with a fifo of 50
// packets under it: tc qdisc add dev eth0 root handle 1: htb default 10; tc
// class add dev eth0 parent 1: classid 1:10 htb rate 1mbit ceil 5mbit; tc
// qdisc add dev eth0 parent 1:10 handle 10: pfifo limit 50.
func ExampleClient_QdiscAdd() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	eth0 := route.ByName("eth0")
	root, class := route.NewHandle(1, 0), route.NewHandle(1, 0x10)
	const mbit = 1e6 / 8 // bytes per second
	for _, step := range []struct {
		op func(context.Context, route.LinkRef, *route.TcOptions) error
		o  route.TcOptions
	}{
		{c.QdiscAdd, route.TcOptions{Handle: root, Kind: route.NewHTB(0x10)}},
		{c.ClassAdd, route.TcOptions{Parent: root, Handle: class, Kind: route.HTBClass(1*mbit, 5*mbit, 0, 0)}},
		{c.QdiscAdd, route.TcOptions{Parent: class, Handle: route.NewHandle(0x10, 0), Kind: &route.PfifoOptions{Limit: 50}}},
	} {
		if err := step.op(ctx, eth0, &step.o); err != nil {
			log.Fatal(err)
		}
	}
}
