package sockdiag_test

import (
	"context"
	"fmt"
	"log"

	"github.com/nltag/go-netlink/sockdiag"
)

// List the listening TCP sockets, as `ss -t -l -n`.
func ExampleClient_InetList() {
	ctx := context.Background()
	c, err := sockdiag.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ss, err := c.InetList(ctx, &sockdiag.InetFilter{States: sockdiag.StatesOf(sockdiag.StateListen)})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range ss {
		fmt.Println(s.Local(), s.State)
	}
}

// Let the kernel pick the TCP sockets of one port, local or remote, over
// IPv4 and IPv6: ss -t -a '( sport = :5001 or dport = :5001 )'.
func ExampleClient_InetSockets() {
	ctx := context.Background()
	c, err := sockdiag.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	f := &sockdiag.InetFilter{
		Filter: sockdiag.Or(sockdiag.SrcPort(sockdiag.OpEq, 5001), sockdiag.DstPort(sockdiag.OpEq, 5001)),
		Ext:    sockdiag.ExtInfo,
	}
	for s, err := range c.InetSockets(ctx, f) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(s.Local(), s.Remote(), s.State, s.Info.SndMSS > 0)
	}
}

// List the unix sockets bound to a name and their peers, as `ss -x -a`.
func ExampleClient_UnixList() {
	ctx := context.Background()
	c, err := sockdiag.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	us, err := c.UnixList(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range us {
		if u.Path != nil {
			fmt.Println(u.Type, u.State, u.Path)
		}
	}
}

// The kernel's bytecode for a filter, as ss compiles "sport = :22".
func ExampleCompile() {
	b, err := sockdiag.Compile(sockdiag.SrcPort(sockdiag.OpEq, 22))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("% x\n", b)
	// Output: 0b 08 0c 00 00 00 16 00
}
