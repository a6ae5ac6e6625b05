package route_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/netip"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// Install a table of routes in one batch and report the few that failed.
// The kernel is played here by conntest's fake, which refuses 10.0.7.0/24
// as existing; the requests go 64 to a datagram.
func ExampleClient_NewBatch() {
	f := conntest.New(func(req netlink.RawMessage) []conntest.Datagram {
		var r route.Route
		if err := nltag.Unmarshal(req.Data, &r); err == nil && r.Dst == netip.MustParseAddr("10.0.7.0") {
			return []conntest.Datagram{conntest.Pack(conntest.Ack(req, unix.EEXIST, ""))}
		}
		return conntest.AckAll(req)
	})
	nc, err := conn.NewConn(f)
	if err != nil {
		log.Fatal(err)
	}
	c := route.NewClient(nc, nil)
	defer c.Close()

	ctx := context.Background()
	b := c.NewBatch()
	for i := range 200 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(i), 0}), 24)
		o := &route.RouteOptions{Dev: route.ByIndex(2), Gateway: netip.MustParseAddr("192.0.2.2")}
		if err := b.RouteAdd(ctx, p, o); err != nil {
			log.Fatal(err) // refused before sending: a bad argument
		}
	}
	err = b.Run(ctx)
	var be *route.BatchError
	if errors.As(err, &be) {
		for i, err := range be.Errs {
			if errors.Is(err, unix.EEXIST) {
				fmt.Println(i, err)
			}
		}
	}
	fmt.Println(len(f.Requests()), "requests in", len(f.Sent()), "datagrams")
	// Output:
	// 7 route: route add 10.0.7.0/24: file exists
	// 200 requests in 4 datagrams
}
