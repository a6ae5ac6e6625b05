package route_test

import (
	"encoding/hex"
	"fmt"
	"net/netip"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// Decoding a dump: the bytes of a reply go through route.Messages, which
// gives each message its typed body.
func Example() {
	// The kernel's reply to an RTM_GETROUTE dump: one route (10.1.0.0/24 via
	// inet6 2001:db8::2 dev index 3) and the NLMSG_DONE that ends the dump.
	reply, _ := hex.DecodeString("" +
		"4c000000180002003c0d4168a37b000002180000fe0300010000000008000f00" +
		"fe000000080001000a010000160012000a0020010db800000000000000000000" +
		"000200000800040003000000" +
		"14000000030002003c0d4168a37b000000000000")
	msgs, err := route.Messages.DecodeAll(reply)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range msgs {
		switch body := m.Body.(type) {
		case *route.Route:
			var via route.Via // RTA_VIA is one of the rarer attributes, in Extra
			if body.Extra != nil {
				via = body.Extra.Via
			}
			fmt.Println(route.Messages.TypeName(m.Header.Type), body.DstPrefix(), "via", via,
				"dev", body.OIF, "table", body.FullTable(), "proto", body.Protocol)
		case *netlink.DoneMessage:
			fmt.Println("end of dump, error", body.Err())
		}
	}
	// Output:
	// RTM_NEWROUTE 10.1.0.0/24 via AF_INET6 2001:db8::2 dev 3 table RT_TABLE_MAIN proto RTPROT_BOOT
	// end of dump, error <nil>
}

// An RTM_NEWADDR request for ip addr add 192.0.2.1/24 dev (index 3).
func ExampleAddress() {
	p := netip.MustParsePrefix("192.0.2.1/24")
	a := &route.Address{
		Family:    route.FamilyIPv4,
		PrefixLen: uint8(p.Bits()),
		Index:     3,
		Local:     p.Addr(),
		Address:   p.Addr(),
	}
	b, err := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWADDR, Flags: netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Excl, Seq: 1},
		Body:   a,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x\n", b)
	// Output:
	// 28000000140005060100000000000000021800000300000008000100c000020108000200c0000201
}

// A multipath route: two next hops with weights 1 and 3.
func ExampleRoute() {
	r := &route.Route{
		Family:   route.FamilyIPv4,
		DstLen:   24,
		Table:    route.Table8(route.TableMain),
		Protocol: route.ProtoStatic,
		Type:     route.TypeUnicast,
		Dst:      netip.MustParseAddr("203.0.113.0"),
	}
	for i, gw := range []string{"192.0.2.2", "192.0.2.3"} {
		nh := route.NextHop{Index: 3, Gateway: netip.MustParseAddr(gw)}
		nh.SetWeight(1 + 2*i)
		r.Ext().Multipath = append(r.Ext().Multipath, nh)
	}
	b, err := nltag.Marshal(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	var back route.Route
	if err := nltag.Unmarshal(b, &back); err != nil {
		fmt.Println(err)
		return
	}
	// Decoding allocated back.Extra: RTA_MULTIPATH arrived.
	for _, nh := range back.Extra.Multipath {
		fmt.Println(back.DstPrefix(), "nexthop via", nh.Gateway, "dev", nh.Index, "weight", nh.Weight())
	}
	// Output:
	// 203.0.113.0/24 nexthop via 192.0.2.2 dev 3 weight 1
	// 203.0.113.0/24 nexthop via 192.0.2.3 dev 3 weight 3
}

// A permanent neighbour entry, as ip neigh add 192.0.2.10 lladdr
// 02:00:00:00:00:10 dev (index 3) nud permanent sends it.
func ExampleNeighbour() {
	n := &route.Neighbour{
		Family: route.FamilyIPv4,
		Index:  3,
		State:  route.NUDPermanent,
		Dst:    netip.MustParseAddr("192.0.2.10"),
		LLAddr: []byte{2, 0, 0, 0, 0, 0x10},
	}
	fmt.Print(nltag.Format(n))
	// Output:
	// route.Neighbour
	//   Family: AF_INET
	//   Index: 3
	//   State: NUD_PERMANENT
	//   Flags: 0
	//   Type: RTN_UNSPEC
	//   Dst: 192.0.2.10
	//   LLAddr: 02:00:00:00:00:10
}

// A rule sending marked traffic to table 1000.
func ExampleRule() {
	prio := uint32(100)
	r := &route.Rule{
		Family:   route.FamilyIPv4,
		Table:    route.Table8(route.TableCompat),
		Action:   route.ActionToTable,
		Priority: &prio,
		FwMark:   0x10,
		FwMask:   0xff,
		TableID:  1000,
	}
	fmt.Print(nltag.Format(r))
	// Output:
	// route.Rule
	//   Family: AF_INET
	//   DstLen: 0
	//   SrcLen: 0
	//   TOS: 0
	//   Table: RT_TABLE_COMPAT
	//   Action: FR_ACT_TO_TBL
	//   Flags: 0
	//   Priority: 100
	//   FwMark: 16
	//   TableID: 1000
	//   FwMask: 255
}

// A nexthop group of objects 1 and 2, with weights 1 and 3.
func ExampleNextHopObject() {
	g := &route.NextHopObject{ID: 10}
	for i, id := range []uint32{1, 2} {
		e := route.GroupEntry{ID: id}
		e.SetWeight(1 + 2*i)
		g.Group = append(g.Group, e)
	}
	b, err := nltag.Marshal(g)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x\n", b)
	// Output:
	// 0000000000000000080001000a0000001400020001000000000000000200000002000000
}

// An htb qdisc with default class 1:10, as tc qdisc add dev (index 3)
// root handle 1: htb default 10 sends it.
func ExampleTc() {
	direct := uint32(1000)
	q := &route.Tc{
		Index:  3,
		Handle: route.NewHandle(1, 0),
		Parent: route.HandleRoot,
		Kind:   "htb",
		Options: &route.HTBOptions{
			Init:       &route.HTBGlobal{Version: 3, Rate2Quantum: 10, DefCls: 0x10},
			DirectQLen: &direct,
		},
	}
	fmt.Print(nltag.Format(q))
	// Output:
	// route.Tc
	//   Family: AF_UNSPEC
	//   Index: 3
	//   Handle: 1:
	//   Parent: root
	//   Info: 0
	//   Kind: "htb"
	//   Options(htb):
	//     Init:
	//       Version: 3
	//       Rate2Quantum: 10
	//       DefCls: 16
	//       Debug: 0
	//       DirectPkts: 0
	//     DirectQLen: 1000
}
