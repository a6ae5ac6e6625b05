package route

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/blocks"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// dialCache opens a Client in ns with a monitor buffer of bufSize bytes (0:
// the default) and a Cache on it, both closed when the test ends.
func dialCache(t *testing.T, ns *nltest.NS, bufSize int, o *CacheOptions) (*Client, *Cache) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c, err := Dial(ctx, &Options{NetNS: conn.NetNSPath(ns.Path), MonitorBufferSize: bufSize})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	cc, err := c.Cache(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return c, cc
}

// aliasOf returns a link's alias, "" without one.
func aliasOf(l *Link) string {
	if l.Alias == nil {
		return ""
	}
	return *l.Alias
}

// newCacheNS is a namespace where IPv6 does no duplicate address
// detection and sends no router solicitations: what the kernel does by
// itself after a change ends within a second (MLD reports), so that a
// Cache at rest can be compared with ip(8).
func newCacheNS(t *testing.T) *routeNS {
	t.Helper()
	ns := newRouteNS(t)
	args := []string{"netns", "exec", ns.Name, "sysctl", "-qw"}
	for _, s := range []string{"all", "default"} {
		args = append(args, "net.ipv6.conf."+s+".accept_dad=0", "net.ipv6.conf."+s+".router_solicitations=0")
	}
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		t.Fatalf("sysctl: %v\n%s", err, out)
	}
	return ns
}

// eventually waits up to 10 s for cond to hold on the Cache's snapshot.
func eventually(t *testing.T, cc *Cache, what string, cond func(*CacheSnapshot) bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if cond(cc.Snapshot()) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen after 10 s (cache stats %+v, err %v)", what, cc.Stats(), cc.Err())
		}
	}
}

// TestCacheFollows makes changes with ip(8) and checks that the Cache's
// lookups see them, including the IPv4 routes the kernel removes without an
// event when their link goes down or away, or their source address goes.
func TestCacheFollows(t *testing.T) {
	ns := newCacheNS(t)
	_, cc := dialCache(t, ns.NS, 0, nil)
	ns.Batch(t, `link add d0 type veth peer name d0p
link set d0p up
link set d0 up
addr add 192.0.2.1/24 dev d0
addr add 2001:db8::1/64 dev d0 nodad
route add 198.51.100.0/24 dev d0 table 100
route add 203.0.113.0/24 dev d0 src 192.0.2.1
neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev d0
`)
	var d0 netlink.IfIndex
	eventually(t, cc, "d0 with its address, routes and neighbour", func(s *CacheSnapshot) bool {
		l := s.LinkByName("d0")
		if l == nil {
			return false
		}
		d0 = l.Index
		return len(s.AddrsIn(netip.MustParsePrefix("192.0.2.0/24"))) == 1 &&
			len(s.AddrsIn(netip.MustParsePrefix("2001:db8::/64"))) == 1 &&
			len(s.RoutesTo(netip.MustParsePrefix("198.51.100.0/24"))) == 1 &&
			len(s.RoutesIn(100)) == 1 &&
			s.Neighbour(d0, netip.MustParseAddr("192.0.2.9")) != nil
	})
	s := cc.Snapshot()
	if r := s.RoutesTo(netip.MustParsePrefix("198.51.100.0/24"))[0]; r.FullTable() != 100 || r.OIF != d0 {
		t.Errorf("route in table %d through %d, want 100 through %d", r.FullTable(), r.OIF, d0)
	}
	if n := len(s.AddrsOf(d0)); n < 2 {
		t.Errorf("d0 has %d addresses, want at least 2", n)
	}

	// The preferred-source route goes with its address, without an event.
	ns.IP(t, "addr", "del", "192.0.2.1/24", "dev", "d0")
	eventually(t, cc, "203.0.113.0/24 gone with its source", func(s *CacheSnapshot) bool {
		return len(s.RoutesTo(netip.MustParsePrefix("203.0.113.0/24"))) == 0
	})
	// The table 100 route goes with the link's state.
	ns.IP(t, "link", "set", "d0", "down")
	eventually(t, cc, "198.51.100.0/24 gone with d0 down", func(s *CacheSnapshot) bool {
		return len(s.RoutesIn(100)) == 0
	})
	ns.Batch(t, "link set d0 up\nroute add 198.51.100.0/24 dev d0 table 100\nlink set d0 name e0 alias hello\n")
	eventually(t, cc, "d0 renamed e0", func(s *CacheSnapshot) bool {
		l := s.LinkByName("e0")
		return l != nil && aliasOf(l) == "hello" && s.LinkByName("d0") == nil && len(s.RoutesIn(100)) == 1
	})
	ns.IP(t, "link", "del", "e0")
	eventually(t, cc, "e0 and all it held gone", func(s *CacheSnapshot) bool {
		return s.Link(d0) == nil && len(s.AddrsOf(d0)) == 0 && len(s.RoutesIn(100)) == 0 &&
			s.Neighbour(d0, netip.MustParseAddr("192.0.2.9")) == nil
	})
	if st := cc.Stats(); st.Refreshes == 0 || st.Resyncs != 0 {
		t.Errorf("stats %+v: want refreshes (silent route removals) and no resync", st)
	}
	cacheAgreesWithIP(t, ns, cc)
}

// TestCacheResync blinds the Cache while the kernel makes changes, so that
// its socket overflows: it must resync, report the changes it missed as
// such, and agree with ip(8) afterwards. A resync after that finds nothing.
func TestCacheResync(t *testing.T) {
	ns := newCacheNS(t)
	ns.Batch(t, "link add d0 type veth peer name d0p\nlink set d0p up\nlink set d0 up\naddr add 192.0.2.1/24 dev d0\n")
	_, cc := dialCache(t, ns.NS, 4096, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first, changes := cc.Watch(ctx)

	var batch string
	for i := range 300 {
		batch += fmt.Sprintf("route add 10.%d.%d.0/24 dev d0\n", i/256, i%256)
	}
	batch += "link set d0 alias after\n"
	cc.mu.Lock() // the Cache stops reading at its next event
	ns.Batch(t, batch)
	cc.mu.Unlock()

	var mu sync.Mutex
	m := newCacheModel(first)
	resyncs, flagged := 0, 0
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for ch := range changes {
			mu.Lock()
			switch {
			case ch.Op == ChangeResync:
				resyncs++
			case ch.Resync:
				flagged++
			}
			m.apply(t, ch)
			mu.Unlock()
		}
	}()
	eventually(t, cc, "the 300 routes and the alias", func(s *CacheSnapshot) bool {
		l := s.LinkByName("d0")
		return l != nil && aliasOf(l) == "after" && len(s.RoutesIn(TableMain)) >= 300
	})
	st := cc.Stats()
	if st.Overruns == 0 || st.Resyncs == 0 {
		t.Fatalf("stats %+v: want an overrun and a resync", st)
	}
	atRest(t, ns, cc, &mu, m)
	cancel()
	<-watched
	if resyncs == 0 || flagged == 0 {
		t.Errorf("watcher saw %d resyncs and %d changes found by one; want some of both", resyncs, flagged)
	}
	t.Logf("stats %+v; watcher: %d resyncs, %d changes found by them", st, resyncs, flagged)
}

// TestCacheResyncCall changes the alias, group and link mode of a link
// that is down, which the kernel does not announce: Resync finds them.
func TestCacheResyncCall(t *testing.T) {
	ns := newCacheNS(t)
	ns.IP(t, "link", "add", "d0", "type", "veth", "peer", "name", "d0p")
	_, cc := dialCache(t, ns.NS, 0, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, changes := cc.Watch(ctx)
	ns.IP(t, "link", "set", "d0", "alias", "silent", "group", "5", "mode", "dormant")
	ns.IP(t, "link", "set", "d0p", "mtu", "1400") // announced: a mark that events were read
	eventually(t, cc, "d0p's MTU", func(s *CacheSnapshot) bool { return s.LinkByName("d0p").MTU == 1400 })
	group := func(l *Link) uint32 {
		if l.Group == nil {
			return 0
		}
		return *l.Group
	}
	if l := cc.Snapshot().LinkByName("d0"); aliasOf(l) != "" || group(l) != 0 || l.LinkMode != 0 {
		t.Fatalf("alias %q, group %d, mode %v before Resync: the kernel announced them after all; the doc is wrong",
			aliasOf(l), group(l), l.LinkMode)
	}
	if err := cc.Resync(ctx); err != nil {
		t.Fatal(err)
	}
	if l := cc.Snapshot().LinkByName("d0"); aliasOf(l) != "silent" || group(l) != 5 || l.LinkMode == 0 {
		t.Errorf("alias %q, group %d, mode %v after Resync, want silent, 5, dormant", aliasOf(l), group(l), l.LinkMode)
	}
	var ops []string
	for ch := range changes {
		ops = append(ops, ch.Op.String())
		if ch.Op == ChangeUpdate && aliasOf(ch.New.(*Link)) == "silent" {
			if !ch.Resync {
				t.Error("the alias change lacks the Resync mark")
			}
			break
		}
	}
	if want := []string{"update", "resync", "update"}; !slices.Equal(ops, want) {
		t.Errorf("changes %q, want %q", ops, want)
	}
	if st := cc.Stats(); st.Resyncs != 1 || st.Overruns != 0 {
		t.Errorf("stats %+v, want 1 resync and no overrun", st)
	}
	cc.Close()
	if err := cc.Resync(ctx); err == nil {
		t.Error("Resync after Close: no error")
	}
}

// TestCacheFilters holds the IPv6 routes of one table only.
func TestCacheFilters(t *testing.T) {
	ns := newCacheNS(t)
	ns.Batch(t, `link add d0 type veth peer name d0p
link set d0p up
link set d0 up
addr add 2001:db8::1/64 dev d0 nodad
addr add 192.0.2.1/24 dev d0
route add 2001:db8:1::/64 dev d0 table 7
route add 2001:db8:2::/64 dev d0
route add 198.51.100.0/24 dev d0 table 7
`)
	_, cc := dialCache(t, ns.NS, 0, &CacheOptions{Kinds: CacheRoutes, Families: []Family{FamilyIPv6}, Tables: []Table{7}})
	ns.IP(t, "-6", "route", "add", "2001:db8:3::/64", "dev", "d0", "table", "7")
	ns.IP(t, "-6", "route", "add", "2001:db8:4::/64", "dev", "d0")
	eventually(t, cc, "2001:db8:3::/64", func(s *CacheSnapshot) bool {
		return len(s.RoutesTo(netip.MustParsePrefix("2001:db8:3::/64"))) == 1
	})
	s := cc.Snapshot()
	for _, r := range s.Routes() {
		if r.Family != FamilyIPv6 || r.FullTable() != 7 {
			t.Errorf("route %v in table %d of family %d held", r.DstPrefix(), r.FullTable(), r.Family)
		}
	}
	if links, addrs, routes, neighs := s.Len(); links < 2 || addrs+neighs != 0 || routes != 2 {
		t.Errorf("held %d links, %d addresses, %d routes, %d neighbours; want the links and 2 routes", links, addrs, routes, neighs)
	}
	if _, err := (&Client{}).Cache(context.Background(), &CacheOptions{Families: []Family{FamilyUnspec}}); err == nil {
		t.Error("a Cache of family 0: no error")
	}
}

// cacheAgreesWithIP compares the Cache's content with ip -j -d: links,
// addresses, routes of every table, neighbour entries.
func cacheAgreesWithIP(t *testing.T, ns *routeNS, cc *Cache) {
	t.Helper()
	s := cc.Snapshot()
	var ipLinks []ipLink
	ns.IPJSON(t, &ipLinks, "-d", "link", "show")
	problems, _ := linkProblems(s.Links(), ipLinks)
	for _, p := range problems {
		t.Error("links: " + p)
	}
	names := map[int]string{}
	for _, l := range s.Links() {
		names[int(l.Index)] = l.Name
	}
	compareAddresses(t, ns, names, s.Addrs())
	for _, fam := range []Family{FamilyIPv4, FamilyIPv6} {
		var rs []*Route
		var nb []*Neighbour
		for _, r := range s.Routes() {
			if r.Family == fam {
				rs = append(rs, r)
			}
		}
		for _, n := range s.Neighbours() {
			if n.Family == fam {
				nb = append(nb, n)
			}
		}
		compareRoutes(t, ns, names, fam, rs)
		compareNeighbours(t, ns, names, fam, nb)
	}
}

// atRest checks a Cache once the kernel is quiet: it agrees with ip(8),
// the watcher's model agrees with it, and a resync finds nothing.
func atRest(t *testing.T, ns *routeNS, cc *Cache, mu *sync.Mutex, m *cacheModel) {
	t.Helper()
	waitIdle(t, cc)
	cacheAgreesWithIP(t, ns, cc)
	waitModel(t, mu, m, cc)
	resyncAtRest(t, cc)
}

// cacheModel is a watcher's copy of a Cache's content, built from the
// first snapshot and the changes.
type cacheModel struct {
	m       map[any]any
	changes int
}

func newCacheModel(s *CacheSnapshot) *cacheModel {
	m := &cacheModel{m: map[any]any{}}
	for k, v := range s.links {
		m.m[k] = v
	}
	for k, v := range s.addrs {
		m.m[k] = v
	}
	for k, v := range s.routes {
		m.m[k] = v
	}
	for k, v := range s.neighs {
		m.m[k] = v
	}
	return m
}

// apply applies a change, checking that its Old is what the model holds.
func (m *cacheModel) apply(t *testing.T, ch Change) {
	if ch.Op == ChangeResync {
		return
	}
	m.changes++
	k := cacheKey(ch)
	if old := m.m[k]; old != ch.Old && !(old == nil && ch.Old == nil) {
		t.Errorf("%s change of %v: Old is not the state the watcher had", ch.Op, k)
	}
	if (ch.Op == ChangeAdd) != (ch.Old == nil) || (ch.Op == ChangeDelete) != (ch.New == nil) {
		t.Errorf("%s change of %v with Old %v, New %v", ch.Op, k, ch.Old != nil, ch.New != nil)
	}
	if ch.New == nil {
		delete(m.m, k)
	} else {
		m.m[k] = ch.New
	}
}

// differences counts the objects where m and s differ.
func (m *cacheModel) differences(s *CacheSnapshot) int {
	n := 0
	want := newCacheModel(s).m
	for k, v := range want {
		if m.m[k] != v {
			n++
		}
	}
	for k := range m.m {
		if _, ok := want[k]; !ok {
			n++
		}
	}
	return n
}

// waitModel waits until the watcher's model equals the Cache's content:
// the same objects, the very same values.
func waitModel(t *testing.T, mu *sync.Mutex, m *cacheModel, cc *Cache) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		mu.Lock()
		n := m.differences(cc.Snapshot())
		mu.Unlock()
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first snapshot and the changes give %d objects other than the Cache holds", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCacheResyncCopiesOut: the objects a resync finds changed or new are
// copied out of their list's blocks, and unchanged ones stay as held, so
// that resyncs that each find a few changes do not pin a block apiece.
func TestCacheResyncCopiesOut(t *testing.T) {
	list := func(metric uint32) (*cacheState, []*Route) {
		var b blocks.Blocks[Route]
		for i := range 64 {
			r := b.Next()
			r.Family, r.DstLen, r.TableID = FamilyIPv4, 32, TableMain
			r.Dst = netip.AddrFrom4([4]byte{10, 0, 0, byte(i)})
			if i == 0 {
				r.Ext().Flow = metric // an attribute that does not change the key
			}
		}
		s := new(cacheState)
		rs := b.Pointers()
		for _, r := range rs {
			s.routes.put(keyOfRoute(r), r)
		}
		return s, rs
	}
	var held cacheState
	first, firstList := list(0)
	held.replace(CacheRoutes, first, false, func(Change) {})
	for round := uint32(1); round <= 3; round++ {
		fresh, rs := list(round)
		var changes []Change
		held.replace(CacheRoutes, fresh, true, func(ch Change) { changes = append(changes, ch) })
		if len(changes) != 1 || changes[0].Old == nil || extraOf(changes[0].New.(*Route)).Flow != round {
			t.Fatalf("round %d: changes %+v, want the update of one route", round, changes)
		}
		if r := held.routes.m[keyOfRoute(rs[0])]; r == rs[0] || r != changes[0].New {
			t.Errorf("round %d: the changed route is held in its list's block", round)
		}
		if r := held.routes.m[keyOfRoute(rs[1])]; r != firstList[1] {
			t.Errorf("round %d: an unchanged route is not the one held before", round)
		}
	}
}

// TestCacheClientClosed: a Cache whose Client is closed fails at its next
// list with an error matching net.ErrClosed, and its watchers end.
func TestCacheClientClosed(t *testing.T) {
	ns := newCacheNS(t)
	c, cc := dialCache(t, ns.NS, 0, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, changes := cc.Watch(ctx)
	c.Close()
	if err := cc.Resync(ctx); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Resync with the Client closed: %v, want net.ErrClosed", err)
	}
	for range changes {
	}
	if ctx.Err() != nil {
		t.Fatal("the watcher did not end")
	}
	if err := cc.Err(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Err: %v, want net.ErrClosed", err)
	}
}
