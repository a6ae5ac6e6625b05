package iproute

import (
	"context"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/route"
)

// Dial connects a route.Client with o, in the network namespace named
// netns (-n NETNS), or in the current one when netns is empty.
func Dial(ctx context.Context, netns string, o route.Options) (*route.Client, error) {
	if netns != "" {
		o.NetNS = conn.NetNSName(netns)
	}
	return route.Dial(ctx, &o)
}
