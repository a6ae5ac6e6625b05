package route

import (
	"context"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
)

// FilterOptions describe a filter: what follows `tc filter add dev DEV`.
type FilterOptions struct {
	// Parent is the qdisc or class the filter hangs on: NewHandle(1, 0),
	// or NewHandle(0xffff, MinorIngress) (or MinorEgress) on ingress and
	// clsact.
	Parent Handle
	// Handle identifies the filter within its kind (u32 handles such as
	// 800::800); 0 lets the kernel choose.
	Handle Handle
	// Priority orders the filters of a parent; 0 lets the kernel choose
	// when adding.
	Priority uint16
	// Protocol is the ETH_P_* the filter applies to; 0 is ETH_P_ALL.
	Protocol uint16
	// Chain is the filter chain; nil is chain 0.
	Chain *uint32
	// Kind is the classifier and its options: *U32Options,
	// *MatchallOptions, *FlowerOptions, *BPFOptions. Deleting needs none.
	Kind TcKind
}

// filterMessage builds the body of a filter request on link dev.
func (c *Client) filterMessage(ctx context.Context, dev LinkRef, o *FilterOptions) (*Tc, error) {
	if o == nil || o.Parent == 0 {
		return nil, argErr("FilterOptions.Parent", "a filter needs a parent")
	}
	i, err := c.index(ctx, "dev", dev)
	if err != nil {
		return nil, err
	}
	proto := o.Protocol
	if proto == 0 {
		proto = unix.ETH_P_ALL
	}
	t := &Tc{Index: i, Parent: o.Parent, Handle: o.Handle, Info: MakeFilterInfo(o.Priority, proto), Chain: o.Chain}
	if o.Kind != nil {
		t.tcKind(o.Kind)
	}
	return t, nil
}

func (c *Client) filter(ctx context.Context, op string, typ netlink.MsgType, flags netlink.Flags, dev LinkRef, o *FilterOptions) error {
	t, err := c.filterMessage(ctx, dev, o)
	return c.sendTc(ctx, op, typ, flags, dev, t, err)
}

// FilterAdd adds a filter to link dev: `tc filter add`.
func (c *Client) FilterAdd(ctx context.Context, dev LinkRef, o *FilterOptions) error {
	return c.filter(ctx, "filter add", unix.RTM_NEWTFILTER, netlink.Create|netlink.Excl, dev, o)
}

// FilterReplace adds a filter or replaces the one with its priority,
// protocol and handle: `tc filter replace`.
func (c *Client) FilterReplace(ctx context.Context, dev LinkRef, o *FilterOptions) error {
	return c.filter(ctx, "filter replace", unix.RTM_NEWTFILTER, netlink.Create|netlink.Replace, dev, o)
}

// FilterDel deletes the filters o selects: with only Parent, all of the
// parent's; with Priority (and Protocol), those of that priority; with
// Handle and Kind too, that one: `tc filter del`.
func (c *Client) FilterDel(ctx context.Context, dev LinkRef, o *FilterOptions) error {
	return c.filter(ctx, "filter del", unix.RTM_DELTFILTER, 0, dev, o)
}

// FilterList returns the filters of link dev under parent: `tc filter
// show dev DEV parent PARENT`. The kernel sends, for each classifier
// instance (a priority and protocol), a message without options before its
// filters; FilterList leaves those out. (u32 lists its hash tables too,
// with Divisor set.)
func (c *Client) FilterList(ctx context.Context, dev LinkRef, parent Handle) ([]*Tc, error) {
	i, err := c.index(ctx, "dev", dev)
	if err != nil {
		return nil, opError("filter list", err)
	}
	fs, err := dump[Tc](ctx, c, unix.RTM_GETTFILTER, unix.RTM_NEWTFILTER, &Tc{Index: i, Parent: parent},
		func(t *Tc) bool { return t.Options != nil })
	return fs, opError("filter list", err)
}
