package route

import (
	"fmt"
	"slices"

	"github.com/nltag/go-netlink/internal/unix"
)

// cacheFilter is CacheOptions, checked.
type cacheFilter struct {
	kinds    CacheKind
	families []Family
	tables   []Table
}

func newCacheFilter(o *CacheOptions) (cacheFilter, error) {
	f := cacheFilter{kinds: cacheAll, families: []Family{FamilyIPv4, FamilyIPv6}}
	if o == nil {
		return f, nil
	}
	if o.Kinds&^cacheAll != 0 {
		return f, fmt.Errorf("unknown kinds %#x", uint8(o.Kinds&^cacheAll))
	}
	if o.Kinds != 0 {
		f.kinds = o.Kinds | CacheLinks
	}
	if o.Families != nil {
		for _, fam := range o.Families {
			if fam != FamilyIPv4 && fam != FamilyIPv6 {
				return f, fmt.Errorf("family %d: want FamilyIPv4 or FamilyIPv6", fam)
			}
		}
		f.families = slices.Clone(o.Families)
	}
	f.tables = slices.Clone(o.Tables)
	return f, nil
}

// groups returns the multicast groups of the kinds and families held.
func (f *cacheFilter) groups() uint32 {
	gs := []MonitorGroup{MonitorLink}
	v4, v6 := slices.Contains(f.families, FamilyIPv4), slices.Contains(f.families, FamilyIPv6)
	add := func(k CacheKind, g4, g6 MonitorGroup) {
		if f.kinds&k == 0 {
			return
		}
		if v4 {
			gs = append(gs, g4)
		}
		if v6 {
			gs = append(gs, g6)
		}
	}
	add(CacheAddrs, MonitorIPv4Addr, MonitorIPv6Addr)
	add(CacheRoutes, MonitorIPv4Route, MonitorIPv6Route)
	add(CacheNeighs, MonitorNeigh, MonitorNeigh)
	var mask uint32
	for _, g := range gs {
		mask |= 1 << (g - 1)
	}
	return mask
}

// family returns the family to ask the kernel for: one, or 0 for both.
func (f *cacheFilter) family() Family {
	if len(f.families) == 1 {
		return f.families[0]
	}
	return 0
}

// table returns the table to ask the kernel for: one, or 0 for all.
func (f *cacheFilter) table() Table {
	if len(f.tables) == 1 && f.family() != 0 {
		return f.tables[0] // the kernel filters by table only with a family
	}
	return 0
}

// Plain link messages only: the AF_BRIDGE and AF_INET6 ones are
// per-family views of a link, and a bridge port's RTM_DELLINK in AF_BRIDGE
// does not delete the link.
func (f *cacheFilter) link(l *Link) bool { return l.Family == unix.AF_UNSPEC }

func (f *cacheFilter) addr(a *Address) bool {
	return f.kinds&CacheAddrs != 0 && slices.Contains(f.families, a.Family)
}

func (f *cacheFilter) route(r *Route) bool {
	return f.kinds&CacheRoutes != 0 && slices.Contains(f.families, r.Family) && r.Flags&RouteCloned == 0 &&
		(f.tables == nil || slices.Contains(f.tables, r.FullTable()))
}

func (f *cacheFilter) neigh(n *Neighbour) bool {
	return f.kinds&CacheNeighs != 0 && slices.Contains(f.families, n.Family) && n.Flags&NTFProxy == 0
}
