package route

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/netip"
	"sync"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// RouteFilter selects the routes of RouteList and Routes. The kernel
// applies it to the dump, as for `ip route show table N`. The zero
// RouteFilter lists the routes of every table and family (including the
// local table, which `ip route show` leaves out: ask for TableMain).
type RouteFilter struct {
	// Family keeps one family: FamilyIPv4 or FamilyIPv6.
	Family Family
	// Table keeps one table; 0 keeps all. A table that does not exist is
	// an error (ENOENT) when Family is given.
	Table Table
	// Protocol keeps the routes installed by one protocol.
	Protocol Protocol
	// Type keeps one type of route, such as TypeUnicast.
	Type RouteType
	// Dev keeps the routes through one link.
	Dev LinkRef
}

// request builds the dump request for f.
func (f *RouteFilter) request(ctx context.Context, c *Client) (*Route, error) {
	req := &Route{}
	if f == nil {
		return req, nil
	}
	req.Family, req.Protocol, req.Type = f.Family, f.Protocol, f.Type
	// RTA_TABLE carries any id; the header's byte stays 0.
	req.TableID = f.Table
	i, err := c.optIndex(ctx, "RouteFilter.Dev", f.Dev)
	req.OIF = i
	return req, err
}

// RouteList returns the routes f selects (nil: all), as `ip route show`.
// Cached routes (exceptions) are left out.
func (c *Client) RouteList(ctx context.Context, f *RouteFilter) ([]*Route, error) {
	req, err := f.request(ctx, c)
	if err != nil {
		return nil, opError("route list", err)
	}
	rs, err := dump[Route](ctx, c, unix.RTM_GETROUTE, unix.RTM_NEWROUTE, req, nil)
	return rs, opError("route list", err)
}

// Routes is RouteList as an iterator over a socket of its own: a table of
// any size streams in constant memory, and the loop body may call c.
func (c *Client) Routes(ctx context.Context, f *RouteFilter) iter.Seq2[*Route, error] {
	req, err := f.request(ctx, c)
	if err != nil {
		return func(yield func(*Route, error) bool) { yield(nil, opError("route list", err)) }
	}
	return stream[Route](ctx, c, "route list", unix.RTM_GETROUTE, unix.RTM_NEWROUTE, req, nil)
}

// RouteGetOptions describe the packet whose route RouteGet looks up.
type RouteGetOptions struct {
	// Src is the packet's source address.
	Src netip.Addr
	// IIF is the link the packet arrives on (a forwarded packet); OIF the
	// link it must leave through.
	IIF, OIF LinkRef
	// Mark is the packet's firewall mark.
	Mark uint32
	// FIBMatch returns the routing table entry that matched rather than
	// the route computed from it.
	FIBMatch bool
}

// RouteGet returns the route the kernel would use for a packet to dst:
// `ip route get`.
func (c *Client) RouteGet(ctx context.Context, dst netip.Addr, o *RouteGetOptions) (*Route, error) {
	op := fmt.Sprintf("route get %s", dst)
	if !dst.IsValid() {
		return nil, opError(op, argErr("dst", "invalid address"))
	}
	req := &Route{Family: familyOf(dst), DstLen: uint8(dst.BitLen()), Dst: dst}
	if o != nil {
		if o.Src.IsValid() {
			req.Ext().Src, req.SrcLen = o.Src, uint8(o.Src.BitLen())
		}
		iif, err := c.optIndex(ctx, "RouteGetOptions.IIF", o.IIF)
		if err != nil {
			return nil, opError(op, err)
		}
		oif, err := c.optIndex(ctx, "RouteGetOptions.OIF", o.OIF)
		if err != nil {
			return nil, opError(op, err)
		}
		req.OIF = oif
		if iif != 0 || o.Mark != 0 {
			req.Ext().IIF, req.Ext().Mark = iif, o.Mark
		}
		if o.FIBMatch {
			req.Flags |= RouteFIBMatch
		}
	}
	r, err := get[Route](ctx, c, unix.RTM_GETROUTE, req)
	return r, opError(op, err)
}

// RouteOptions describe a route beyond its destination: what follows `ip
// route add PREFIX`. Zero fields take ip(8)'s defaults.
type RouteOptions struct {
	// Gateway is the next hop. An IPv6 gateway of an IPv4 route is sent
	// as RTA_VIA.
	Gateway netip.Addr
	// Dev is the output link.
	Dev LinkRef
	// OnLink takes the gateway to be on Dev's link even without a matching
	// prefix there.
	OnLink bool
	// Table is the routing table; 0 is the main table. Ids above 255 are
	// sent in RTA_TABLE.
	Table Table
	// Metric is the route's priority (RTA_PRIORITY); lower wins.
	Metric uint32
	// Scope is the route's scope. Nil lets it follow ip(8)'s rule: link for
	// unicast routes without gateway, host for local routes, link for
	// broadcast, multicast and anycast, else global (and any, when
	// deleting).
	Scope *Scope
	// Protocol says who installs the route; 0 is ProtoBoot, as ip(8) sends
	// (and any, when deleting).
	Protocol Protocol
	// Type is the route's type; 0 is TypeUnicast (and any, when deleting).
	// TypeBlackhole, TypeUnreachable and TypeProhibit need no next hop.
	Type RouteType
	// PrefSrc is the preferred source address of packets the route sends
	// (`src` in ip(8), RTA_PREFSRC; RouteExtra.Src is RTA_SRC, another thing).
	PrefSrc netip.Addr
	// Metrics are the route's metrics: MTU, AdvMSS, InitCWnd ...
	Metrics *Metrics
	// Multipath lists the next hops of a multipath route, instead of
	// Gateway and Dev.
	Multipath []RoutePath
	// NHID is the nexthop object the route goes through (`nhid` in ip(8)),
	// instead of Gateway, Dev and Multipath.
	NHID uint32
}

// RoutePath is one next hop of a multipath route.
type RoutePath struct {
	// Gateway is the next hop's address.
	Gateway netip.Addr
	// Dev is its output link.
	Dev LinkRef
	// Weight is its share of the traffic, from 1 to 256; 0 is 1.
	Weight int
	// OnLink takes the gateway to be on Dev's link.
	OnLink bool
}

// routeMessage builds the body of a request about the route to dst.
func (c *Client) routeMessage(ctx context.Context, dst netip.Prefix, o *RouteOptions, del bool) (*Route, error) {
	r := &Route{}
	if err := c.fillRoute(ctx, r, dst, o, del); err != nil {
		return nil, err
	}
	return r, nil
}

// fillRoute builds in the zero *r the body of a request about the route to
// dst.
func (c *Client) fillRoute(ctx context.Context, r *Route, dst netip.Prefix, o *RouteOptions, del bool) error {
	if !dst.IsValid() {
		return argErr("dst", "invalid prefix")
	}
	if o == nil {
		o = &RouteOptions{}
	}
	r.Family, r.DstLen, r.Protocol, r.Type = familyOf(dst.Addr()), uint8(dst.Bits()), o.Protocol, o.Type
	if dst.Bits() > 0 || !dst.Addr().IsUnspecified() {
		r.Dst = dst.Addr()
	}
	table := o.Table
	if table == 0 {
		table = TableMain
	}
	r.TableID = table
	if table < 256 {
		r.Table = Table8(table)
	}
	if !del {
		if r.Protocol == 0 {
			r.Protocol = ProtoBoot
		}
		if r.Type == 0 {
			r.Type = TypeUnicast
		}
	}
	gw := o.Gateway.IsValid() || len(o.Multipath) > 0 || o.NHID != 0
	if del {
		r.Scope = ScopeNowhere // matches any scope
	}
	switch {
	case o.Scope != nil:
		r.Scope = *o.Scope
	case r.Family == FamilyIPv6:
		r.Scope = ScopeUniverse
	case r.Type == TypeLocal || r.Type == TypeNAT:
		r.Scope = ScopeHost
	case r.Type == TypeBroadcast || r.Type == TypeMulticast || r.Type == TypeAnycast:
		r.Scope = ScopeLink
	case (r.Type == TypeUnicast || r.Type == TypeUnspec) && !del && !gw:
		r.Scope = ScopeLink
	}
	if o.Gateway.IsValid() {
		gw, via, err := gatewayOf(r.Family, o.Gateway)
		if err != nil {
			return err
		}
		r.Gateway = gw
		if via != nil {
			r.Ext().Via = via
		}
	}
	oif, err := c.optIndex(ctx, "RouteOptions.Dev", o.Dev)
	if err != nil {
		return err
	}
	r.OIF = oif
	if o.OnLink {
		r.Flags |= RouteOnLink
	}
	r.Priority, r.PrefSrc, r.Metrics, r.NHID = o.Metric, o.PrefSrc, o.Metrics, o.NHID
	for i, p := range o.Multipath {
		if p.Weight < 0 || p.Weight > 256 {
			return argErr(fmt.Sprintf("RouteOptions.Multipath[%d].Weight", i), "%d out of range 1-256", p.Weight)
		}
		nh := NextHop{}
		if p.Weight > 0 {
			nh.SetWeight(p.Weight)
		}
		if p.OnLink {
			nh.Flags |= NextHopFlags(RouteOnLink)
		}
		if p.Gateway.IsValid() {
			var err error
			if nh.Gateway, nh.Via, err = gatewayOf(r.Family, p.Gateway); err != nil {
				return fmt.Errorf("RouteOptions.Multipath[%d].Gateway: %w", i, err)
			}
		}
		idx, err := c.optIndex(ctx, fmt.Sprintf("RouteOptions.Multipath[%d].Dev", i), p.Dev)
		if err != nil {
			return err
		}
		nh.Index = idx
		r.Ext().Multipath = append(r.Ext().Multipath, nh)
	}
	return nil
}

// gatewayOf returns gw as RTA_GATEWAY, or as RTA_VIA when its family is
// not the route's (an IPv6 next hop of an IPv4 route).
func gatewayOf(f Family, gw netip.Addr) (netip.Addr, Via, error) {
	switch {
	case familyOf(gw) == f:
		return gw, nil, nil
	case f == FamilyIPv4:
		return netip.Addr{}, NewVia(gw), nil
	default:
		return netip.Addr{}, nil, errors.New("an IPv6 route needs an IPv6 gateway")
	}
}

// RouteAdd adds a route to dst: `ip route add`. A route that exists gives
// an error matching unix.EEXIST.
func (c *Client) RouteAdd(ctx context.Context, dst netip.Prefix, o *RouteOptions) error {
	return c.route(ctx, "add", unix.RTM_NEWROUTE, netlink.Create|netlink.Excl, dst, o)
}

// RouteReplace adds a route to dst or replaces the one there: `ip route
// replace`.
func (c *Client) RouteReplace(ctx context.Context, dst netip.Prefix, o *RouteOptions) error {
	return c.route(ctx, "replace", unix.RTM_NEWROUTE, netlink.Create|netlink.Replace, dst, o)
}

// RouteAppend adds a route to dst after those already there, with the same
// metric if need be: `ip route append`.
func (c *Client) RouteAppend(ctx context.Context, dst netip.Prefix, o *RouteOptions) error {
	return c.route(ctx, "append", unix.RTM_NEWROUTE, netlink.Create|netlink.Append, dst, o)
}

// RouteDel deletes the route to dst that o describes (nil: the first in
// the main table): `ip route del`.
func (c *Client) RouteDel(ctx context.Context, dst netip.Prefix, o *RouteOptions) error {
	return c.route(ctx, "del", unix.RTM_DELROUTE, 0, dst, o)
}

// routes holds the bodies of route changes: a request is encoded and
// answered before its call returns (or its Batch.Run does), which keeps no
// reference to it, and a change then allocates no Route.
var routes = sync.Pool{New: func() any { return new(Route) }}

func (c *Client) route(ctx context.Context, verb string, typ netlink.MsgType, flags netlink.Flags, dst netip.Prefix, o *RouteOptions) error {
	r := routes.Get().(*Route)
	err := c.fillRoute(ctx, r, dst, o, typ == unix.RTM_DELROUTE)
	if err == nil {
		err = c.do(ctx, typ, flags, r)
	}
	if c.batch == nil || err != nil {
		// Else the batch holds it until it has run (Batch.Run).
		*r = Route{}
		routes.Put(r)
	}
	if err != nil {
		// Formatted only here: it costs as much as a tenth of a change.
		return opError(routeOp(verb, dst), err)
	}
	return nil
}

// routeOp names a route change in its errors.
func routeOp(verb string, dst netip.Prefix) string { return fmt.Sprintf("route %s %s", verb, dst) }
