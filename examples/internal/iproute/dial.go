package iproute

import (
	"context"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/route"
)

// LazyClient is a command's route.Client, dialled on first use so that
// bad arguments are reported before anything touches the kernel.
type LazyClient struct{ c *route.Client }

// Get returns the Client, dialling it the first time with o, in the
// network namespace named netns (-n NETNS), or in the current one when
// netns is empty.
func (l *LazyClient) Get(ctx context.Context, netns string, o route.Options) (*route.Client, error) {
	if l.c != nil {
		return l.c, nil
	}
	if netns != "" {
		o.NetNS = conn.NetNSName(netns)
	}
	c, err := route.Dial(ctx, &o)
	if err != nil {
		return nil, err
	}
	l.c = c
	return c, nil
}

// Client returns the Client Get dialled, or nil before that.
func (l *LazyClient) Client() *route.Client { return l.c }

// Close closes the Client, if Get dialled one.
func (l *LazyClient) Close() {
	if l.c != nil {
		l.c.Close()
	}
}
