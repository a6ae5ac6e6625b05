package main

import (
	"context"
	"fmt"
	"net/netip"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/bench"
	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/blocks"
	"github.com/nltag/go-netlink/internal/zeroed"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// compactRoute is an experiment, not an API: the value a route.Route
// would be with only the attributes a full table carries in place and the
// rest behind one pointer (Rare, never set here), as RouteList would
// decode it. The layout row lists into it exactly as RouteList lists into
// route.Route (conn.Stream, blocks, one decoder), to measure what such a
// reshape would gain end to end.
type compactRoute struct {
	Family   route.Family
	DstLen   uint8
	SrcLen   uint8
	TOS      uint8
	Table    route.Table8
	Protocol route.Protocol
	Scope    route.Scope
	Type     route.RouteType
	Flags    route.RouteFlags

	_         nltag.Set             `nla:"rt-route"`
	TableID   route.Table           `nla:"RTA_TABLE,omitempty"`
	Dst       netip.Addr            `nla:"RTA_DST"`
	Gateway   netip.Addr            `nla:"RTA_GATEWAY"`
	OIF       netlink.IfIndex       `nla:"RTA_OIF,omitempty"`
	Priority  uint32                `nla:"RTA_PRIORITY,omitempty"`
	PrefSrc   netip.Addr            `nla:"RTA_PREFSRC"`
	CacheInfo *route.RouteCacheInfo `nla:"RTA_CACHEINFO"`
	Pref      route.RoutePref       `nla:"RTA_PREF,omitempty"`
	Rare      *int                  `nla:"-"`
	Wire      nltag.Wire
}

// layoutList lists the table into compactRoute values, or with countOnly
// only counts the messages that conn.Stream yields.
func layoutList(ctx context.Context, ns *bench.NS, n int, countOnly bool) (any, error) {
	c, err := conn.Dial(unix.NETLINK_ROUTE, &conn.Config{NetNS: conn.NetNSPath(ns.Path), Strict: true})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	m := netlink.Message{Header: netlink.Header{Type: unix.RTM_GETROUTE, Flags: netlink.Dump}, Body: &route.Route{TableID: table}}
	var vs blocks.Blocks[compactRoute]
	dec := zeroed.NewDecoder()
	count := 0
	for raw, err := range c.Stream(ctx, m) {
		if err != nil {
			return nil, err
		}
		if raw.Header.Type != unix.RTM_NEWROUTE {
			continue
		}
		if countOnly {
			count++
			continue
		}
		if err := dec(raw.Data, vs.Next()); err != nil {
			return nil, err
		}
	}
	if countOnly {
		if count != n {
			return nil, fmt.Errorf("listed %d routes", count)
		}
		return nil, nil
	}
	rs := vs.Pointers()
	if len(rs) != n {
		return nil, fmt.Errorf("listed %d routes", len(rs))
	}
	return rs, nil
}
