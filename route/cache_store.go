package route

import (
	"hash/maphash"
	"maps"
	"net/netip"
	"slices"

	"github.com/nltag/go-netlink/internal/fieldeq"
	"github.com/nltag/go-netlink/netlink"
)

// objects is a map that snapshots share until it is next written: writing
// a shared map copies it first, so a snapshot costs nothing until then.
type objects[K comparable, V any] struct {
	m      map[K]V
	shared bool
}

func (o *objects[K, V]) own() {
	if o.shared || o.m == nil {
		o.m = maps.Clone(o.m)
		if o.m == nil {
			o.m = make(map[K]V)
		}
		o.shared = false
	}
}

func (o *objects[K, V]) put(k K, v V) (old V, had bool) {
	o.own()
	old, had = o.m[k]
	o.m[k] = v
	return old, had
}

func (o *objects[K, V]) remove(k K) (old V, had bool) {
	if old, had = o.m[k]; had {
		o.own()
		delete(o.m, k)
	}
	return old, had
}

// share returns the map for a snapshot.
func (o *objects[K, V]) share() map[K]V {
	o.own() // a nil map becomes empty, so snapshots never hold nil
	o.shared = true
	return o.m
}

// cacheState is what a Cache holds.
type cacheState struct {
	links  objects[LinkKey, *Link]
	names  objects[string, []LinkKey] // usually one; more while events disagree
	addrs  objects[AddrKey, *Address]
	routes objects[RouteKey, *Route]
	neighs objects[NeighKey, *Neighbour]

	// bases counts the routes held per hash of RouteKey.base, which is
	// rarely more than one: a replace or a deletion that may concern
	// another route's key looks further only then. A hash collision only
	// makes it look in vain.
	bases map[uint64]int32
}

var baseSeed = maphash.MakeSeed()

func (s *cacheState) putRoute(k RouteKey, r *Route, e emit) {
	if _, had := s.routes.m[k]; !had {
		s.countBase(k, 1)
	}
	putObject(&s.routes, CacheRoutes, k, r, e)
}

func (s *cacheState) removeRoute(k RouteKey, e emit) {
	if _, had := s.routes.m[k]; had {
		s.countBase(k, -1)
	}
	removeObject(&s.routes, CacheRoutes, k, e)
}

func baseHash(k RouteKey) uint64 { return maphash.Comparable(baseSeed, k.base()) }

func (s *cacheState) countBase(k RouteKey, n int32) {
	if s.bases == nil {
		s.bases = make(map[uint64]int32)
	}
	b := baseHash(k)
	if s.bases[b] += n; s.bases[b] == 0 {
		delete(s.bases, b)
	}
}

// emit receives the changes a state makes.
type emit func(Change)

func (s *cacheState) putLink(l *Link, e emit) {
	k := keyOfLink(l)
	old, had := s.links.m[k]
	putObject(&s.links, CacheLinks, k, l, e)
	if had && old.Name != l.Name {
		s.unname(old)
	}
	if !had || old.Name != l.Name {
		s.names.put(l.Name, append(slices.Clip(s.names.m[l.Name]), k))
	}
}

func (s *cacheState) unname(l *Link) {
	ks := slices.DeleteFunc(slices.Clone(s.names.m[l.Name]), func(k LinkKey) bool { return k == keyOfLink(l) })
	if len(ks) == 0 {
		s.names.remove(l.Name)
	} else {
		s.names.put(l.Name, ks)
	}
}

func (s *cacheState) removeLink(k LinkKey, e emit) {
	if old, had := s.links.remove(k); had {
		s.unname(old)
		e(Change{Kind: CacheLinks, Old: old})
	}
}

// putObject stores v under k and emits the change, unless v is the same as
// the object held: that one stays, so that a watcher's Old is always the
// object it was last given.
func putObject[K comparable, V any](o *objects[K, *V], kind CacheKind, k K, v *V, e emit) {
	old, had := o.m[k]
	switch {
	case !had:
		e(Change{Kind: kind, New: v})
	case sameObject(kind, old, v):
		return
	default:
		e(Change{Kind: kind, Old: old, New: v})
	}
	o.put(k, v)
}

func removeObject[K comparable, V any](o *objects[K, *V], kind CacheKind, k K, e emit) {
	if old, had := o.remove(k); had {
		e(Change{Kind: kind, Old: old})
	}
}

// replaceObjects makes fresh (a new list) the content of o, emitting the
// differences, each marked as found by a resync.
func replaceObjects[K comparable, V any](o *objects[K, *V], kind CacheKind, fresh map[K]*V, copyOut bool, e emit) {
	kept := 0
	for k, v := range fresh {
		old, had := o.m[k]
		switch {
		case had && sameObject(kind, old, v):
			fresh[k] = old // as putObject keeps it
			kept++
			continue
		case had:
			kept++
		}
		// Lists allocate in blocks, which one value kept alive keeps:
		// an object a resync finds gets an allocation of its own, lest
		// a few per resync pin many blocks.
		if copyOut {
			c := *v
			v = &c
			fresh[k] = v
		}
		if had {
			e(Change{Kind: kind, Old: old, New: v, Resync: true})
		} else {
			e(Change{Kind: kind, New: v, Resync: true})
		}
	}
	if kept < len(o.m) {
		for k, old := range o.m {
			if _, ok := fresh[k]; !ok {
				e(Change{Kind: kind, Old: old, Resync: true})
			}
		}
	}
	o.m, o.shared = fresh, false
}

// replace makes the lists in fresh the state's content for the kinds it
// holds, emitting the differences. copyOut copies the objects it takes
// from fresh out of their lists' blocks.
func (s *cacheState) replace(kinds CacheKind, fresh *cacheState, copyOut bool, e emit) {
	if kinds&CacheLinks != 0 {
		replaceObjects(&s.links, CacheLinks, fresh.links.m, copyOut, e)
		s.names = objects[string, []LinkKey]{}
		for k, l := range s.links.m {
			s.names.put(l.Name, append(s.names.m[l.Name], k))
		}
	}
	if kinds&CacheAddrs != 0 {
		replaceObjects(&s.addrs, CacheAddrs, fresh.addrs.m, copyOut, e)
	}
	if kinds&CacheRoutes != 0 {
		replaceObjects(&s.routes, CacheRoutes, fresh.routes.m, copyOut, e)
		s.bases = nil
		for k := range s.routes.m {
			s.countBase(k, 1)
		}
	}
	if kinds&CacheNeighs != 0 {
		replaceObjects(&s.neighs, CacheNeighs, fresh.neighs.m, copyOut, e)
	}
}

// sameObject reports whether a and b, of the same kind, hold the same
// state: equal but for counters and ages that change without notice, and
// for what only describes the message (a link event's change mask and
// event, the order of attributes).
func sameObject(kind CacheKind, a, b any) bool {
	switch kind {
	case CacheLinks:
		return sameLink(a.(*Link), b.(*Link))
	case CacheAddrs:
		return sameAddr(a.(*Address), b.(*Address))
	case CacheRoutes:
		return sameRoute(a.(*Route), b.(*Route))
	case CacheNeighs:
		return sameNeigh(a.(*Neighbour), b.(*Neighbour))
	}
	return false
}

// The comparisons of sameObject, without reflection at run time (a resync
// compares every object held). AFSpec holds per-family counters.
var (
	sameLink  = fieldeq.For[Link]("Stats", "Stats64", "AFSpec", "Change", "Event", "Wire.Order")
	sameAddr  = fieldeq.For[Address]("CacheInfo", "Wire.Order")
	sameRoute = fieldeq.For[Route]("CacheInfo", "Extra.Expires", "Wire.Order")
	sameNeigh = fieldeq.For[Neighbour]("CacheInfo", "Probes", "Wire.Order")
)

// CacheSnapshot is the content of a Cache at one moment: links, addresses,
// routes and neighbours that were all present together. It does not change
// afterwards. The objects it returns are shared with the Cache and other
// snapshots: read them, do not modify them.
type CacheSnapshot struct {
	links  map[LinkKey]*Link
	names  map[string][]LinkKey
	addrs  map[AddrKey]*Address
	routes map[RouteKey]*Route
	neighs map[NeighKey]*Neighbour
}

func (s *cacheState) snapshot() *CacheSnapshot {
	return &CacheSnapshot{
		links: s.links.share(), names: s.names.share(), addrs: s.addrs.share(),
		routes: s.routes.share(), neighs: s.neighs.share(),
	}
}

// sorted returns the values of m whose keys keep accepts (nil: all),
// ordered by key.
func sorted[K comparable, V any](m map[K]V, compare func(a, b K) int, keep func(K, V) bool) []V {
	keys := make([]K, 0, len(m))
	for k, v := range m {
		if keep == nil || keep(k, v) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, compare)
	out := make([]V, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// Link returns the link with the index, or nil.
func (s *CacheSnapshot) Link(index netlink.IfIndex) *Link { return s.links[LinkKey{Index: index}] }

// LinkByName returns the link with the name, or nil. While a link is being
// renamed the kernel's events may name two links alike for a moment; the
// one with the lowest index is returned.
func (s *CacheSnapshot) LinkByName(name string) *Link {
	ks := s.names[name]
	if len(ks) == 0 {
		return nil
	}
	return s.links[slices.MinFunc(ks, compareLinkKeys)]
}

// Links returns the links, by index.
func (s *CacheSnapshot) Links() []*Link { return sorted(s.links, compareLinkKeys, nil) }

// Addrs returns the addresses, by link index and address.
func (s *CacheSnapshot) Addrs() []*Address { return sorted(s.addrs, compareAddrKeys, nil) }

// AddrsOf returns the addresses of the link with the index.
func (s *CacheSnapshot) AddrsOf(index netlink.IfIndex) []*Address {
	return sorted(s.addrs, compareAddrKeys, func(k AddrKey, _ *Address) bool { return k.Index == index })
}

// AddrsIn returns the addresses whose local address lies in p.
func (s *CacheSnapshot) AddrsIn(p netip.Prefix) []*Address {
	return sorted(s.addrs, compareAddrKeys, func(k AddrKey, _ *Address) bool { return p.Contains(k.Local.Addr()) })
}

// Addr returns the address with the key, or nil.
func (s *CacheSnapshot) Addr(k AddrKey) *Address { return s.addrs[k] }

// Routes returns the routes of every table held, by family, table,
// destination and priority.
func (s *CacheSnapshot) Routes() []*Route { return sorted(s.routes, compareRouteKeys, nil) }

// RoutesTo returns the routes whose destination is exactly p, in every
// table held.
func (s *CacheSnapshot) RoutesTo(p netip.Prefix) []*Route {
	p = p.Masked()
	return sorted(s.routes, compareRouteKeys, func(k RouteKey, _ *Route) bool { return k.Dst.Masked() == p })
}

// RoutesIn returns the routes of one table.
func (s *CacheSnapshot) RoutesIn(t Table) []*Route {
	return sorted(s.routes, compareRouteKeys, func(k RouteKey, _ *Route) bool { return k.Table == t })
}

// Route returns the route with the key, or nil.
func (s *CacheSnapshot) Route(k RouteKey) *Route { return s.routes[k] }

// Neighbours returns the neighbour entries, by link index and address.
func (s *CacheSnapshot) Neighbours() []*Neighbour { return sorted(s.neighs, compareNeighKeys, nil) }

// Neighbour returns the entry for dst on the link with the index, or nil.
func (s *CacheSnapshot) Neighbour(index netlink.IfIndex, dst netip.Addr) *Neighbour {
	return s.neighs[NeighKey{Index: index, Dst: dst}]
}

// Len returns the numbers of links, addresses, routes and neighbours held.
func (s *CacheSnapshot) Len() (links, addrs, routes, neighs int) {
	return len(s.links), len(s.addrs), len(s.routes), len(s.neighs)
}
