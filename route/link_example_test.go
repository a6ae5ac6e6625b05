package route_test

import (
	"encoding/hex"
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// The request of ip link add v0 type veth peer name v1: the peer is a whole
// link message (an ifinfomsg and attributes) inside VETH_INFO_PEER.
func ExampleLink() {
	req := &route.Link{
		Name: "v0",
		LinkInfo: &route.LinkInfo{
			Kind: "veth",
			Data: &route.VethData{Peer: &route.Link{Name: "v1"}},
		},
	}
	b, err := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Excl, Seq: 1},
		Body:   req,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hex.EncodeToString(b))
	// Output:
	// 5800000010000506010000000000000000000000000000000000000000000000070003007630000030001200090001007665746800000000200002001c000100000000000000000000000000000000000700030076310000
}

// Reading a link from a reply: header fields, attributes, and the kind's
// data, a pointer to the type registered for the kind.
func ExampleLinkInfo() {
	// The RTM_NEWLINK body of a macvlan in bridge mode, index 5, on link 3.
	body, _ := hex.DecodeString("" +
		"00000100050000000210000000000000" + // ifinfomsg: ETHER, index 5, BROADCAST|MULTICAST
		"0800030076310000" + // IFLA_IFNAME "v1"
		"0800050003000000" + // IFLA_LINK 3
		"0500100002000000" + // IFLA_OPERSTATE DOWN
		"1c001200" + "0c0001006d6163766c616e00" + // IFLA_LINKINFO: IFLA_INFO_KIND "macvlan"
		"0c0002000800010004000000") // IFLA_INFO_DATA: IFLA_MACVLAN_MODE BRIDGE
	var l route.Link
	if err := nltag.Unmarshal(body, &l); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Name, l.Index, l.Type, l.Flags, l.OperState, "on", l.Link)
	if d, ok := l.LinkInfo.Data.(*route.MacvlanData); ok {
		fmt.Println(l.LinkInfo.Kind, "mode", d.Mode)
	}
	// Output:
	// v1 5 ETHER BROADCAST|MULTICAST DOWN on 3
	// macvlan mode BRIDGE
}
