package route

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
)

// CacheKind is a kind of object a Cache holds, as a bit set.
type CacheKind uint8

// The kinds of objects.
const (
	CacheLinks CacheKind = 1 << iota
	CacheAddrs
	CacheRoutes
	CacheNeighs

	cacheAll = CacheLinks | CacheAddrs | CacheRoutes | CacheNeighs
)

// String names the kind, as "routes".
func (k CacheKind) String() string {
	switch k {
	case CacheLinks:
		return "links"
	case CacheAddrs:
		return "addrs"
	case CacheRoutes:
		return "routes"
	case CacheNeighs:
		return "neighs"
	}
	return fmt.Sprintf("CacheKind(%#x)", uint8(k))
}

// CacheOptions choose what a Cache holds. The zero CacheOptions (or nil)
// hold every link, IPv4 and IPv6 address, route of every table and
// neighbour entry.
type CacheOptions struct {
	// Kinds are the kinds of objects to hold; 0 is all. Links are held in
	// any case: the other objects refer to them.
	Kinds CacheKind
	// Families keeps the addresses, routes and neighbours of these families
	// (FamilyIPv4, FamilyIPv6); nil keeps both.
	Families []Family
	// Tables keeps the routes of these tables; nil keeps all.
	Tables []Table
}

// Cache is a mirror of the links, addresses, routes and neighbour entries
// of a namespace, kept up to date from the kernel's events: the list and
// watch that daemons otherwise write by hand.
//
// It subscribes first, then lists, then applies the events in order. When
// the kernel drops events (its socket buffer overflowed), the Cache opens a
// fresh subscription, lists everything again and emits the differences as
// changes, so that readers of its snapshots and changes never see
// conn.ErrOverrun and never drift from the kernel. The kernel removes some
// objects without an event (the IPv4 routes of a link that goes down or
// away, or whose preferred source address is deleted); the Cache removes
// those too, by listing the routes again when such an event arrives. A few
// settings of links that are down change without any event: see Resync.
//
// When a link goes away, so do the addresses, neighbour entries and
// single-path routes held on it. Because a resync starts from a fresh
// socket, a Cache never waits for a congested one to drain.
//
// It holds ARP and neighbour discovery entries, not bridge FDB entries or
// proxy entries, and no cloned (cache) routes. An object is held as of its
// last change: counters and ages in it (link statistics, cache info) are
// not kept current. Objects are shared between snapshots and changes: do
// not modify them.
type Cache struct {
	client *Client
	opts   cacheFilter
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	sock atomic.Pointer[conn.Conn] // replaced by run on each resync

	reqMu   sync.Mutex
	waiting []chan struct{} // Resync calls waiting for the next resync

	mu       sync.Mutex
	state    cacheState
	watchers map[*watcher]struct{}
	err      error

	events, overruns, resyncs, refreshes atomic.Uint64
	closed                               atomic.Bool // Close was called
}

// CacheStats count what a Cache did.
type CacheStats struct {
	// Events is the number of kernel events of the kinds a Cache follows
	// that it decoded (some then fall outside its filter).
	Events uint64
	// Overruns is the number of times the kernel reported dropped events.
	Overruns uint64
	// Resyncs is the number of full re-lists: after an overrun, an event
	// that could not be decoded, or a call of Resync.
	Resyncs uint64
	// Refreshes is the number of re-lists of one kind of object after an
	// event that implies changes the kernel does not announce.
	Refreshes uint64
}

// Cache lists the namespace's objects and returns a Cache that keeps them
// up to date until ctx ends or Close. It returns once the first list is
// held. The Cache uses c for its lists: close it before c. Its
// subscription uses Options.MonitorBufferSize of c.
func (c *Client) Cache(ctx context.Context, o *CacheOptions) (*Cache, error) {
	f, err := newCacheFilter(o)
	if err != nil {
		return nil, opError("cache", err)
	}
	if ctx == nil {
		return nil, opError("cache", errors.New("nil context"))
	}
	if err := ctx.Err(); err != nil {
		return nil, opError("cache", err)
	}
	cc := &Cache{client: c, opts: f, done: make(chan struct{}), watchers: make(map[*watcher]struct{})}
	cc.ctx, cc.cancel = context.WithCancel(ctx)
	if err := cc.subscribe(); err != nil {
		cc.cancel()
		return nil, opError("cache", err)
	}
	fresh, err := cc.list(f.kinds)
	if err != nil {
		cc.sock.Load().Close()
		cc.cancel()
		return nil, opError("cache", err)
	}
	cc.state.replace(f.kinds, fresh, false, func(Change) {})
	go cc.run()
	return cc, nil
}

// Close stops the Cache and waits until it has released its socket.
// Snapshots taken stay valid. A second Close returns an error matching
// net.ErrClosed, as a Client's and a Monitor's do.
func (c *Cache) Close() error {
	second := c.closed.Swap(true)
	c.cancel()
	<-c.done
	if second {
		return opError("cache", net.ErrClosed)
	}
	return nil
}

// Done is closed when the Cache has stopped: after Close, when its context
// ended, or on an error it cannot recover from (see Err).
func (c *Cache) Done() <-chan struct{} { return c.done }

// Err returns the error that stopped the Cache, or nil while it runs or if
// it was closed or its context ended.
func (c *Cache) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Stats returns what the Cache has done so far.
func (c *Cache) Stats() CacheStats {
	return CacheStats{Events: c.events.Load(), Overruns: c.overruns.Load(), Resyncs: c.resyncs.Load(), Refreshes: c.refreshes.Load()}
}

// Snapshot returns the Cache's content now.
func (c *Cache) Snapshot() *CacheSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state.snapshot()
}

// subscribe opens a fresh subscription, closing the previous one: a new
// socket has no backlog of stale events and is not marked congested, so
// every change from now on is either delivered or reported as an overrun.
func (c *Cache) subscribe() error {
	s, err := c.client.dialConn(c.opts.groups())
	if err != nil {
		return err
	}
	if old := c.sock.Swap(s); old != nil {
		old.Close()
	}
	return nil
}

func (c *Cache) run() {
	defer close(c.done)
	defer func() { c.sock.Load().Close() }()
	for c.ctx.Err() == nil {
		c.reqMu.Lock()
		waiting := c.waiting
		c.waiting = nil
		c.reqMu.Unlock()
		if len(waiting) > 0 {
			if !c.resync() {
				return
			}
			for _, w := range waiting {
				close(w)
			}
			continue
		}

		s := c.sock.Load()
		stop := context.AfterFunc(c.ctx, func() { s.SetReadDeadline(time.Unix(1, 0)) })
		msgs, err := s.Receive()
		stop()
		if c.ctx.Err() != nil {
			return
		}
		var refresh CacheKind
		switch {
		case err == nil && s.OverrunPending():
			// msgs and the rest of the backlog are stale: the resync
			// replaces the socket and lists what they would have told.
			c.overruns.Add(1)
			if !c.resync() {
				return
			}
		case err == nil:
			if refresh, err = c.apply(msgs); err != nil && !c.resync() {
				return
			}
		case errors.Is(err, conn.ErrOverrun):
			c.overruns.Add(1)
			if !c.resync() {
				return
			}
		case errors.Is(err, netlink.ErrMalformed):
			if !c.resync() {
				return
			}
		case errors.Is(err, os.ErrDeadlineExceeded):
			// Resync woke the read.
			s.SetReadDeadline(time.Time{})
		default:
			c.fail(err)
			return
		}
		if refresh != 0 {
			c.refreshes.Add(1)
			if _, err := c.relist(refresh, false); err != nil {
				c.fail(err)
				return
			}
		}
	}
}

// resync opens a fresh subscription and lists everything again, emitting
// the differences. It reports whether the Cache goes on.
func (c *Cache) resync() bool {
	c.resyncs.Add(1)
	err := c.subscribe()
	if err == nil {
		c.emitResync()
		_, err = c.relist(c.opts.kinds, true)
	}
	if err != nil {
		c.fail(err)
		return false
	}
	return true
}

// Resync lists everything again, as after an overrun, and returns when the
// differences have been applied and emitted. The kernel announces most
// changes, but not all: the alias, group or link mode set on a link that is
// down changes without an event (netdev_state_change only announces links
// that are up), so a Cache learns them from the link's next event or a
// resync. A daemon that depends on them calls Resync now and then.
func (c *Cache) Resync(ctx context.Context) error {
	if ctx == nil {
		return opError("cache resync", errors.New("nil context"))
	}
	w := make(chan struct{})
	c.reqMu.Lock()
	c.waiting = append(c.waiting, w)
	c.reqMu.Unlock()
	c.sock.Load().SetReadDeadline(time.Unix(1, 0))
	select {
	case <-w:
		return nil
	case <-ctx.Done():
		return opError("cache resync", ctx.Err())
	case <-c.done:
		if err := c.Err(); err != nil {
			return err
		}
		return opError("cache resync", net.ErrClosed)
	}
}

// fail stops the Cache with err.
func (c *Cache) fail(err error) {
	if c.ctx.Err() != nil {
		return // stopped, not failed
	}
	c.mu.Lock()
	c.err = opError("cache", err)
	c.mu.Unlock()
	c.cancel()
}

// relist lists kinds again and makes the lists the Cache's content,
// emitting the differences, which it counts.
func (c *Cache) relist(kinds CacheKind, resync bool) (int, error) {
	fresh, err := c.list(kinds)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	c.state.replace(kinds, fresh, true, func(ch Change) {
		n++
		// A refresh finds what the kernel did without an event, not what
		// an overrun hid.
		ch.Resync = resync
		c.emitLocked(ch)
	})
	return n, nil
}

// list dumps kinds, trying again while the kernel reports a dump as
// interrupted.
func (c *Cache) list(kinds CacheKind) (*cacheState, error) {
	for wait := time.Millisecond; ; wait = min(2*wait, time.Second) {
		s, err := c.listOnce(kinds)
		if err == nil || !errors.Is(err, conn.ErrDumpInterrupted) {
			return s, err
		}
		select {
		case <-c.ctx.Done():
			return nil, c.ctx.Err()
		case <-time.After(wait):
		}
	}
}

func (c *Cache) listOnce(kinds CacheKind) (*cacheState, error) {
	s := new(cacheState)
	ctx, f := c.ctx, &c.opts
	var err error
	if kinds&CacheLinks != 0 && err == nil {
		ls, lerr := c.client.LinkList(ctx, nil)
		err = fill(&s.links, ls, lerr, f.link, keyOfLink)
	}
	if kinds&CacheAddrs != 0 && err == nil {
		as, lerr := c.client.AddrList(ctx, &AddrFilter{Family: f.family()})
		err = fill(&s.addrs, as, lerr, f.addr, keyOfAddr)
	}
	if kinds&CacheRoutes != 0 && err == nil {
		rs, lerr := c.client.RouteList(ctx, &RouteFilter{Family: f.family(), Table: f.table()})
		err = fill(&s.routes, rs, lerr, f.route, keyOfRoute)
	}
	if kinds&CacheNeighs != 0 && err == nil {
		ns, lerr := c.client.NeighList(ctx, &NeighFilter{Family: f.family()})
		err = fill(&s.neighs, ns, lerr, f.neigh, keyOfNeigh)
	}
	return s, err
}

// fill puts into o the listed values that keep accepts, unless the list
// failed.
func fill[K comparable, V any](o *objects[K, *V], vs []*V, err error, keep func(*V) bool, key func(*V) K) error {
	if err != nil {
		return err
	}
	o.m = make(map[K]*V, len(vs))
	for _, v := range vs {
		if keep(v) {
			o.put(key(v), v)
		}
	}
	return nil
}

// ownCopy returns a copy of *v in an allocation of its own.
func ownCopy[V any](v *V) *V {
	c := *v
	return &c
}

// apply applies a datagram's events and returns the kinds to list again
// because the kernel changed them without an event. An error means an
// event could not be decoded.
func (c *Cache) apply(msgs []netlink.RawMessage) (refresh CacheKind, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.emitter()
	for _, raw := range msgs {
		typ := raw.Header.Type
		if !cacheTypes[typ] {
			continue
		}
		d, err := Messages.Decode(raw)
		if err != nil {
			return 0, err
		}
		c.events.Add(1)
		del := Event{Type: typ}.Deleted()
		// Decode carves bodies from chunks of a few: one the cache may
		// keep gets an allocation of its own, lest it pin its chunk's
		// other bodies (as replaceObjects copies out of lists' blocks).
		switch v := d.Body.(type) {
		case *Link:
			refresh |= c.applyLink(ownCopy(v), del, e)
		case *Address:
			refresh |= c.applyAddr(ownCopy(v), del, e)
		case *Route:
			refresh |= c.applyRoute(ownCopy(v), del, raw.Header.Flags, e)
		case *Neighbour:
			v = ownCopy(v)
			if c.opts.neigh(v) {
				if del {
					removeObject(&c.state.neighs, CacheNeighs, keyOfNeigh(v), e)
				} else {
					putObject(&c.state.neighs, CacheNeighs, keyOfNeigh(v), v, e)
				}
			}
		}
	}
	return refresh & c.opts.kinds, nil
}

var cacheTypes = map[netlink.MsgType]bool{
	unix.RTM_NEWLINK: true, unix.RTM_DELLINK: true, unix.RTM_NEWADDR: true, unix.RTM_DELADDR: true,
	unix.RTM_NEWROUTE: true, unix.RTM_DELROUTE: true, unix.RTM_NEWNEIGH: true, unix.RTM_DELNEIGH: true,
}

// linkDown are the flags whose loss makes the kernel drop IPv4 routes
// through a link without an event.
const linkDown = IffUp | IffLowerUp | IffRunning

func (c *Cache) applyLink(l *Link, del bool, e emit) (refresh CacheKind) {
	if !c.opts.link(l) {
		return 0
	}
	s, k := &c.state, keyOfLink(l)
	if !del {
		old := s.links.m[k]
		s.putLink(l, e)
		if old != nil && old.Flags&^l.Flags&linkDown != 0 && c.routesUse(l.Index) {
			refresh |= CacheRoutes
		}
		return refresh
	}
	// What lives on the link goes with it. The kernel announces the loss
	// of addresses, neighbours and IPv6 routes, but not of IPv4 routes; a
	// multipath route may only lose a path, which a list tells.
	for ak := range s.addrs.m {
		if ak.Index == l.Index {
			removeObject(&s.addrs, CacheAddrs, ak, e)
		}
	}
	for nk := range s.neighs.m {
		if nk.Index == l.Index {
			removeObject(&s.neighs, CacheNeighs, nk, e)
		}
	}
	for rk, r := range s.routes.m {
		if !routeUses(r, func(i netlink.IfIndex) bool { return i == l.Index }) {
			continue
		}
		if r.Extra != nil && len(r.Extra.Multipath) > 0 {
			refresh |= CacheRoutes
		} else {
			s.removeRoute(rk, e)
		}
	}
	s.removeLink(k, e)
	return refresh
}

// routesUse reports whether a route held goes through the link.
func (c *Cache) routesUse(index netlink.IfIndex) bool {
	for _, r := range c.state.routes.m {
		if routeUses(r, func(i netlink.IfIndex) bool { return i == index }) {
			return true
		}
	}
	return false
}

func (c *Cache) applyAddr(a *Address, del bool, e emit) (refresh CacheKind) {
	if !c.opts.addr(a) {
		return 0
	}
	if !del {
		putObject(&c.state.addrs, CacheAddrs, keyOfAddr(a), a, e)
		return 0
	}
	removeObject(&c.state.addrs, CacheAddrs, keyOfAddr(a), e)
	// The kernel drops the IPv4 routes whose preferred source was the
	// address without an event.
	if a.Family == FamilyIPv4 {
		for _, r := range c.state.routes.m {
			if r.PrefSrc.IsValid() && r.PrefSrc == a.Local {
				return CacheRoutes
			}
		}
	}
	return 0
}

func (c *Cache) applyRoute(r *Route, del bool, flags netlink.Flags, e emit) (refresh CacheKind) {
	if !c.opts.route(r) {
		return 0
	}
	s, k := &c.state, keyOfRoute(r)
	_, had := s.routes.m[k]
	others := s.bases[baseHash(k)]
	if had {
		others--
	}
	switch {
	case del && !had && others > 0:
		// IPv6 announces the deletion of one path of a multipath route
		// as the deletion of a single-path route: list to learn which
		// paths remain.
		return CacheRoutes
	case del:
		s.removeRoute(k, e)
		return 0
	case flags&netlink.Replace != 0 && others > 1:
		// The new route took the place of the first of several that
		// differ in their next hop: list to learn which.
		refresh = CacheRoutes
	case flags&netlink.Replace != 0 && others == 1:
		for ok := range s.routes.m {
			if ok != k && ok.base() == k.base() {
				s.removeRoute(ok, e)
				break
			}
		}
	}
	s.putRoute(k, r, e)
	if r.Family == FamilyIPv6 && flags&netlink.Append != 0 {
		// A path appended to an IPv6 route: the event holds the whole
		// route, which takes the place of the single-path one.
		refresh = CacheRoutes
	}
	return refresh
}
