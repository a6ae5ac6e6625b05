package route

import (
	"cmp"
	"net/netip"

	"github.com/nltag/go-netlink/netlink"
)

// The identities under which a Cache holds objects, in one place: an object
// the kernel announces again with the same key replaces the one held, and a
// deletion removes the one with its key.

// LinkKey identifies a link: its interface index.
type LinkKey struct {
	Index netlink.IfIndex
}

// AddrKey identifies an address as the kernel does: the link, the local
// address with its prefix length, and the peer of a point-to-point address
// (invalid otherwise).
type AddrKey struct {
	Index netlink.IfIndex
	Local netip.Prefix
	Peer  netip.Addr
}

// RouteKey identifies a route as the kernel does: family, table,
// destination and source prefixes, TOS and priority (metric), and the next
// hop of a single-path route (Dev and Gateway; zero for multipath routes).
// The kernel holds routes that differ only in their next hop side by side:
// IPv6 routes through different links, and the IPv4 routes of `ip route
// append` (as for one address on two links).
type RouteKey struct {
	Family   Family
	Table    Table
	Dst      netip.Prefix
	Src      netip.Prefix
	TOS      uint8
	Priority uint32
	Dev      netlink.IfIndex
	Gateway  netip.Addr
}

// base returns the key without its next hop: what a replace replaces.
func (k RouteKey) base() RouteKey {
	k.Dev, k.Gateway = 0, netip.Addr{}
	return k
}

// NeighKey identifies a neighbour entry: the link and the neighbour's
// network address.
type NeighKey struct {
	Index netlink.IfIndex
	Dst   netip.Addr
}

func keyOfLink(l *Link) LinkKey { return LinkKey{Index: l.Index} }

func keyOfAddr(a *Address) AddrKey {
	k := AddrKey{Index: a.Index}
	local := a.Local
	if !local.IsValid() {
		local = a.Address
	}
	k.Local = netip.PrefixFrom(local, int(a.PrefixLen))
	if a.Local.IsValid() && a.Address.IsValid() && a.Address != a.Local {
		k.Peer = a.Address
	}
	return k
}

func keyOfRoute(r *Route) RouteKey {
	k := RouteKey{Family: r.Family, Table: r.FullTable(), Dst: r.DstPrefix(), TOS: r.TOS, Priority: r.Priority}
	if r.Extra == nil || len(r.Extra.Multipath) == 0 {
		k.Dev, k.Gateway = r.OIF, r.Gateway
	}
	if r.Extra != nil && r.Extra.Src.IsValid() {
		k.Src = netip.PrefixFrom(r.Extra.Src, int(r.SrcLen))
	}
	return k
}

func keyOfNeigh(n *Neighbour) NeighKey { return NeighKey{Index: n.Index, Dst: n.Dst} }

// routeUses calls fn with each link index r sends through, until fn
// returns true; it reports whether one did.
func routeUses(r *Route, fn func(netlink.IfIndex) bool) bool {
	if r.OIF != 0 && fn(r.OIF) {
		return true
	}
	if r.Extra == nil {
		return false
	}
	for _, nh := range r.Extra.Multipath {
		if nh.Index != 0 && fn(nh.Index) {
			return true
		}
	}
	return false
}

// The orders in which snapshots list objects.

func compareLinkKeys(a, b LinkKey) int { return cmp.Compare(a.Index, b.Index) }

func compareAddrKeys(a, b AddrKey) int {
	return cmp.Or(cmp.Compare(a.Index, b.Index), comparePrefixes(a.Local, b.Local), a.Peer.Compare(b.Peer))
}

func compareRouteKeys(a, b RouteKey) int {
	return cmp.Or(cmp.Compare(a.Family, b.Family), cmp.Compare(a.Table, b.Table),
		comparePrefixes(a.Dst, b.Dst), comparePrefixes(a.Src, b.Src),
		cmp.Compare(a.TOS, b.TOS), cmp.Compare(a.Priority, b.Priority),
		cmp.Compare(a.Dev, b.Dev), a.Gateway.Compare(b.Gateway))
}

func compareNeighKeys(a, b NeighKey) int {
	return cmp.Or(cmp.Compare(a.Index, b.Index), a.Dst.Compare(b.Dst))
}

func comparePrefixes(a, b netip.Prefix) int {
	return cmp.Or(a.Addr().Compare(b.Addr()), cmp.Compare(a.Bits(), b.Bits()))
}
