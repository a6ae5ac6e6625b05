package netdev

import (
	"context"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
)

// Client makes netdev requests through a generic netlink connection, which
// resolves the family on first use.
type Client struct {
	c *genl.Conn
}

// New returns a Client that uses c.
func New(c *genl.Conn) *Client { return &Client{c: c} }

func header(cmd uint8) genl.Header { return genl.Header{Command: cmd, Version: Version} }

// Dev returns what the device with index ifindex offers to XDP.
func (c *Client) Dev(ctx context.Context, ifindex netlink.IfIndex) (*Dev, error) {
	return genl.Do[Dev](ctx, c.c, FamilyName, &Dev{Header: header(CmdDevGet), Ifindex: ifindex})
}

// Devs returns the same of every device.
func (c *Client) Devs(ctx context.Context) ([]*Dev, error) {
	return genl.Dump[Dev](ctx, c.c, FamilyName, &Dev{Header: header(CmdDevGet)})
}

// Queues returns the queues of the device with index ifindex, or of every
// device if ifindex is 0.
func (c *Client) Queues(ctx context.Context, ifindex netlink.IfIndex) ([]*Queue, error) {
	return genl.Dump[Queue](ctx, c.c, FamilyName, &Queue{Header: header(CmdQueueGet), Ifindex: ifindex})
}

// NAPIs returns the NAPI instances of the device with index ifindex, or of
// every device if ifindex is 0.
func (c *Client) NAPIs(ctx context.Context, ifindex netlink.IfIndex) ([]*NAPI, error) {
	return genl.Dump[NAPI](ctx, c.c, FamilyName, &NAPI{Header: header(CmdNAPIGet), Ifindex: ifindex})
}

// QStats returns the statistics of the device with index ifindex (every
// device if 0), in totals or per queue as scope says.
func (c *Client) QStats(ctx context.Context, ifindex netlink.IfIndex, scope QStatsScope) ([]*QStats, error) {
	return genl.Dump[QStats](ctx, c.c, FamilyName, &QStats{Header: header(CmdQStatsGet), Ifindex: ifindex, Scope: scope})
}
