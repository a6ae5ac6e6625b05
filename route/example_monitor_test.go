package route_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/route"
)

// A daemon that changes addresses and routes and watches them too ignores
// the events of its own changes: they carry its Client's port id. On an
// overrun it lists afresh; the Monitor yields every change made after the
// overrun, or another overrun. Like the Client's other examples, it needs
// privileges and is compiled but not run.
func ExampleClient_PortID() {
	ctx := context.Background()
	c, err := route.Dial(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	self, err := c.PortID()
	if err != nil {
		log.Fatal(err)
	}
	m, err := c.Monitor(ctx, route.MonitorIPv4Addr, route.MonitorIPv4Route)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	for ev, err := range m.Events() {
		switch {
		case errors.Is(err, conn.ErrOverrun):
			routes, err := c.RouteList(ctx, nil)
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println("resync:", len(routes), "routes")
			continue
		case err != nil:
			log.Fatal(err)
		case ev.Header.PID == self:
			continue // our own change
		}
		fmt.Println("someone else:", ev)
	}
}
