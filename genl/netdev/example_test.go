package netdev_test

import (
	"context"
	"fmt"
	"log"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/netdev"
)

func ExampleClient_Devs() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	devs, err := netdev.New(c).Devs(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range devs {
		fmt.Println(d.Ifindex, d.XDPFeatures)
	}
}

// Devices coming and going, from the mgmt group (MgmtGroup). godoc shows
// examples of functions, types and packages only, so this is the package's.
func Example_mgmtGroup() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.JoinGroup(context.Background(), netdev.FamilyName, netdev.MgmtGroup); err != nil {
		log.Fatal(err)
	}
	for {
		ms, err := c.Receive(netdev.Messages)
		if err != nil {
			log.Fatal(err)
		}
		for _, m := range ms {
			if d, ok := m.Body.(*netdev.Dev); ok {
				fmt.Println(netdev.Messages.CommandName(genl.FromKernel, d.Command), d.Ifindex)
			}
		}
	}
}

func ExampleXDPAct_String() {
	fmt.Println(netdev.XDPActBasic | netdev.XDPActRedirect | netdev.XDPActRxSG)
	// Output: NETDEV_XDP_ACT_BASIC|NETDEV_XDP_ACT_REDIRECT|NETDEV_XDP_ACT_RX_SG
}

// The queues of every device, and the NAPI instance serving each.
func ExampleClient_Queues() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	queues, err := netdev.New(c).Queues(context.Background(), 0)
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range queues {
		fmt.Println(q.Ifindex, *q.Type, *q.ID, q.NAPIID)
	}
}
