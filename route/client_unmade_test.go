package route_test

import (
	"context"
	"net"
	"net/netip"
	"testing"

	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/route"
)

// TestUnmadeClientFails: a zero Client, and one NewClient made over a nil
// socket, fail every call with an error matching net.ErrClosed, as a
// closed Client does, instead of panicking.
func TestUnmadeClientFails(t *testing.T) {
	ctx := context.Background()
	for name, c := range map[string]*route.Client{"zero": {}, "NewClient(nil)": route.NewClient(nil, nil)} {
		calls := map[string]func() error{
			"LinkGet":  func() error { _, err := c.LinkGet(ctx, route.ByName("lo")); return err },
			"LinkList": func() error { _, err := c.LinkList(ctx, nil); return err },
			"Links": func() error {
				for _, err := range c.Links(ctx, nil) {
					return err
				}
				return nil
			},
			"LinkDel":  func() error { return c.LinkDel(ctx, route.ByIndex(1)) },
			"AddrAdd":  func() error { return c.AddrAdd(ctx, route.ByName("lo"), netip.MustParsePrefix("10.0.0.1/8"), nil) },
			"RouteAdd": func() error { return c.RouteAdd(ctx, netip.MustParsePrefix("10.0.0.0/8"), nil) },
			"Monitor":  func() error { _, err := c.Monitor(ctx); return err },
			"Cache":    func() error { _, err := c.Cache(ctx, nil); return err },
			"Close":    c.Close,
		}
		nltest.CallsFail(t, name+" Client", calls, net.ErrClosed)
	}
}
