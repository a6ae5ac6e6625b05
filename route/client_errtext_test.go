package route_test

import (
	"context"
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// takenPortDial returns a Dial option whose sockets fail to bind: they ask
// for the port id of a socket that holds it. No root needed.
func takenPortDial(t *testing.T) func(uint32) (*conn.Conn, error) {
	holder, err := conn.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Close() })
	a, err := holder.LocalAddr()
	if err != nil {
		t.Fatal(err)
	}
	return func(groups uint32) (*conn.Conn, error) {
		return conn.Dial(unix.NETLINK_ROUTE, &conn.Config{PID: a.PID, Groups: groups})
	}
}

// TestClientErrorsNameEachStepOnce: errors of socket failures, kernel
// refusals and ended contexts say "route: OP: cause", without a second
// package prefix or a repeated step ("route: dial: netlink: dial: bind:
// ...").
func TestClientErrorsNameEachStepOnce(t *testing.T) {
	ctx := context.Background()
	bad := takenPortDial(t)
	_, err := route.Dial(ctx, &route.Options{Dial: bad})
	if !errors.Is(err, unix.EADDRINUSE) {
		t.Errorf("Dial over a taken port: %v, want EADDRINUSE", err)
	}
	nltest.OnePrefix(t, "Dial", err)

	refuse := func(req netlink.RawMessage) []conntest.Datagram {
		return []conntest.Datagram{conntest.Pack(conntest.Ack(req.Header, unix.ENODEV, "no such device here"))}
	}
	nc, err := conn.NewConn(conntest.New(refuse))
	if err != nil {
		t.Fatal(err)
	}
	c := route.NewClient(nc, &route.Options{Dial: bad})
	defer c.Close()
	nltest.OnePrefix(t, "LinkDel refused", c.LinkDel(ctx, route.ByIndex(7)))
	_, err = c.LinkList(ctx, nil)
	nltest.OnePrefix(t, "LinkList refused", err)
	for _, err := range c.Links(ctx, nil) {
		nltest.OnePrefix(t, "Links over a failing dial", err)
	}
	_, err = c.Monitor(ctx)
	nltest.OnePrefix(t, "Monitor over a failing dial", err)
	_, err = c.WaitForLink(ctx, "x0")
	nltest.OnePrefix(t, "WaitForLink over a failing dial", err)
	_, err = c.Cache(ctx, nil)
	nltest.OnePrefix(t, "Cache over a failing dial", err)
	done, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.LinkByName(done, "lo")
	nltest.OnePrefix(t, "LinkByName with an ended context", err)
	c.Close()
	nltest.OnePrefix(t, "LinkDel after Close", c.LinkDel(ctx, route.ByName("x0")))
}
