package conntrack_test

import (
	"context"
	"fmt"
	"log"
	"net/netip"

	"github.com/nltag/go-netlink/netfilter/conntrack"
	"github.com/nltag/go-netlink/nltag"
)

// The entries with mark 1, filtered by the kernel, as conntrack -L -m 1.
func ExampleClient_List() {
	c, err := conntrack.Dial(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	es, err := c.List(context.Background(), &conntrack.Filter{Mark: new(uint32(1))})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range es {
		fmt.Println(e.Orig.IP.Src(), "->", e.Orig.IP.Dst(), e.Orig.Proto.Num)
	}
}

// Events as conntrack -E prints them, until the process ends.
func ExampleClient_Monitor() {
	c, err := conntrack.Dial(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	m, err := c.Monitor(context.Background(), conntrack.EventNew, conntrack.EventDestroy)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	for ev, err := range m.Events() {
		if err != nil {
			log.Print(err) // ENOBUFS: events were lost; the loop goes on
			continue
		}
		fmt.Println(ev.Type, ev.Entry.Orig.IP.Src(), ev.Entry.Orig.IP.Dst())
	}
}

// A tuple's ports go on the wire in network byte order, as its tags say.
func ExamplePortTuple() {
	t := conntrack.PortTuple(conntrack.ProtoUDP,
		netip.MustParseAddrPort("192.0.2.1:53"), netip.MustParseAddrPort("192.0.2.2:4096"))
	b, _ := nltag.Marshal(&t.Proto)
	fmt.Printf("% x\n", b)
	// Output: 05 00 01 00 11 00 00 00 06 00 02 00 00 35 00 00 06 00 03 00 10 00 00 00
}

func ExampleStatus_String() {
	fmt.Println(conntrack.StatusSeenReply | conntrack.StatusAssured | conntrack.StatusConfirmed)
	// Output: IPS_SEEN_REPLY|IPS_ASSURED|IPS_CONFIRMED
}
