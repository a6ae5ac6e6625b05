package route_test

// Tests of documented promises of Client that no other test checked: each
// would fail if the godoc's claim were false.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/route"
)

// bigTable adds n blackhole routes to table 100 of e's namespace, enough
// for a dump that spans several datagrams.
func bigTable(t *testing.T, e *clientEnv, n int) {
	t.Helper()
	var cmds strings.Builder
	for i := range n {
		fmt.Fprintf(&cmds, "route add blackhole 10.%d.%d.0/24 table 100\n", 100+i>>8, i&0xff)
	}
	e.Batch(t, cmds.String())
}

// TestClientRouteReplaceIdempotent: "RouteReplace adds a route to dst or
// replaces the one there": it creates an absent route, and replacing it
// again with the same options leaves one route, without error.
func TestClientRouteReplaceIdempotent(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup)
	dst := netip.MustParsePrefix("192.0.2.0/24")
	o := &route.RouteOptions{Gateway: netip.MustParseAddr("10.1.0.2"), Metric: 50}
	for i := range 3 {
		if err := e.c.RouteReplace(e.ctx, dst, o); err != nil {
			t.Fatalf("RouteReplace #%d: %v", i+1, err)
		}
		rs := e.ipRoutes(t, dst.String())
		if len(rs) != 1 {
			t.Fatalf("after RouteReplace #%d, ip shows %d routes: %v", i+1, len(rs), rs)
		}
		expect(t, "replaced", rs[0], "gateway", "10.1.0.2", "metric", "50")
	}
	// NeighReplace and AddrReplace create too.
	mac := []byte{2, 0, 0, 0, 0, 9}
	if err := e.c.NeighReplace(e.ctx, route.ByName("v0"), netip.MustParseAddr("10.1.0.9"), &route.NeighOptions{LLAddr: mac}); err != nil {
		t.Errorf("NeighReplace of an absent entry: %v", err)
	}
	if n := e.objects(t, "neigh", "show", "10.1.0.9", "dev", "v0"); len(n) != 1 {
		t.Errorf("after NeighReplace, ip shows %v", n)
	}
	for range 2 {
		if err := e.c.AddrReplace(e.ctx, route.ByName("v1"), netip.MustParsePrefix("10.8.0.1/24"), nil); err != nil {
			t.Errorf("AddrReplace: %v", err)
		}
	}
}

// TestClientLinkAddUnknownKind: "A kind the kernel lacks gives an error
// that names it and matches unix.EOPNOTSUPP", with a kind no kernel has
// (TestClientLinkAddMissingKinds only sees kinds this kernel may lack).
func TestClientLinkAddUnknownKind(t *testing.T) {
	e := newClientEnv(t)
	err := e.c.LinkAdd(e.ctx, "x0", &route.GenericKind{Name: "nosuchkind"}, nil)
	if !errors.Is(err, unix.EOPNOTSUPP) || !strings.Contains(err.Error(), `link kind "nosuchkind" is not supported by this kernel`) {
		t.Errorf("LinkAdd of an unknown kind: %v, want EOPNOTSUPP naming the kind", err)
	}
}

// TestClientLinkAddNewName: NewName is LinkSet's; LinkAdd refuses it rather
// than create the link under that name.
func TestClientLinkAddNewName(t *testing.T) {
	e := newClientEnv(t)
	err := e.c.LinkAdd(e.ctx, "d0", &route.Dummy{}, &route.LinkOptions{NewName: "d1"})
	if err == nil || !strings.Contains(err.Error(), "NewName") {
		t.Errorf("LinkAdd with NewName: %v, want an error naming NewName", err)
	}
	ls, err := e.c.LinkList(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.Name != "lo" {
			t.Errorf("link %s was created", l.Name)
		}
	}
}

// TestClientRoutesLoopCallsClient: "the loop body may call c" for Routes,
// including another iterator and a change.
func TestClientRoutesLoopCallsClient(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup)
	bigTable(t, e, 300)
	n := 0
	for r, err := range e.c.Routes(e.ctx, &route.RouteFilter{Family: route.FamilyIPv4, Table: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			if _, err := e.c.LinkByName(e.ctx, "v0"); err != nil {
				t.Errorf("LinkByName inside Routes: %v", err)
			}
			if _, err := e.c.RouteList(e.ctx, &route.RouteFilter{Family: route.FamilyIPv4, Table: route.TableMain}); err != nil {
				t.Errorf("RouteList inside Routes: %v", err)
			}
			for _, err := range e.c.Links(e.ctx, nil) {
				if err != nil {
					t.Errorf("Links inside Routes: %v", err)
				}
			}
			if err := e.c.RouteAdd(e.ctx, netip.MustParsePrefix("198.51.100.0/24"), &route.RouteOptions{Dev: route.ByName("v0")}); err != nil {
				t.Errorf("RouteAdd inside Routes: %v", err)
			}
		}
		if r.FullTable() != 100 {
			t.Errorf("route of table %v", r.FullTable())
		}
		n++
	}
	if n != 300 {
		t.Errorf("Routes yields %d routes, want 300", n)
	}
}

// TestClientStreamRelease: the iterators give back their socket and their
// read-ahead goroutine when the loop breaks early or the context ends
// mid-dump, and a cancelled dump ends with one error, last, matching
// context.Canceled.
func TestClientStreamRelease(t *testing.T) {
	e := newClientEnv(t)
	const routes = 2000 // several datagrams
	bigTable(t, e, routes)
	f := &route.RouteFilter{Family: route.FamilyIPv4, Table: 100}
	// Warm up what the runtime opens once (the poller).
	for range e.c.Routes(e.ctx, f) {
		break
	}
	before := nltest.Now(t)

	for range 20 {
		for range e.c.Routes(e.ctx, f) {
			break
		}
		for range e.c.Links(e.ctx, nil) {
			break
		}
		n := 0
		for range e.c.Routes(e.ctx, f) {
			if n++; n == routes/2 { // mid-dump, with read-ahead running
				break
			}
		}
	}
	for range 5 {
		ctx, cancel := context.WithCancel(e.ctx)
		n, errs := 0, 0
		var last error
		for r, err := range e.c.Routes(ctx, f) {
			if errs > 0 {
				t.Fatalf("a value or error after the error %v: %v, %v", last, r, err)
			}
			if err != nil {
				errs++
				last = err
				continue // the iterator must end by itself
			}
			if n++; n == 1 {
				cancel()
			}
		}
		cancel()
		if !errors.Is(last, context.Canceled) || n >= routes {
			t.Errorf("cancelled mid-dump: %d of %d routes, error %v; want fewer, context.Canceled", n, routes, last)
		}
	}
	// A loop that cancels, then goes on with the Client: the socket is free.
	if _, err := e.c.LinkByName(e.ctx, "lo"); err != nil {
		t.Fatal(err)
	}

	before.WaitReleased(t, 5*time.Second, "after the loops")
}

// TestClientIteratorErrors: "It yields at most one error, last", when the
// context has already ended or the filter is refused, and a filter naming
// a missing table is ENOENT for Routes as for RouteList.
func TestClientIteratorErrors(t *testing.T) {
	e := newClientEnv(t)
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	check := func(what string, seq func(yield func(any, error) bool), want error) {
		t.Helper()
		var errs []error
		values := 0
		seq(func(v any, err error) bool {
			if err != nil {
				errs = append(errs, err)
			} else {
				values++
			}
			return true // never stop: the iterator must
		})
		if len(errs) != 1 || !errors.Is(errs[0], want) {
			t.Errorf("%s: %d values, errors %v; want one error matching %v", what, values, errs, want)
		}
	}
	adapt := func(seq func(func(*route.Route, error) bool)) func(func(any, error) bool) {
		return func(y func(any, error) bool) { seq(func(r *route.Route, err error) bool { return y(r, err) }) }
	}
	adaptL := func(seq func(func(*route.Link, error) bool)) func(func(any, error) bool) {
		return func(y func(any, error) bool) { seq(func(l *route.Link, err error) bool { return y(l, err) }) }
	}
	check("Routes, ctx ended", adapt(e.c.Routes(ctx, nil)), context.Canceled)
	check("Links, ctx ended", adaptL(e.c.Links(ctx, nil)), context.Canceled)
	check("Routes, missing table", adapt(e.c.Routes(e.ctx, &route.RouteFilter{Family: route.FamilyIPv4, Table: 4242})), unix.ENOENT)
	check("Links, missing master", adaptL(e.c.Links(e.ctx, &route.LinkFilter{Master: route.ByName("nope0")})), unix.ENODEV)
}

// TestClientRouteListAll: "The zero RouteFilter lists the routes of every
// table and family (including the local table)", as ip shows with table
// all, both families.
func TestClientRouteListAll(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup+`
route add 192.0.2.0/24 via 10.1.0.2 table 1000`)
	rs, err := e.c.RouteList(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := len(e.objects(t, "-4", "route", "show", "table", "all")) + len(e.objects(t, "-6", "route", "show", "table", "all"))
	var local, v4, v6, t1000 bool
	for _, r := range rs {
		local = local || r.FullTable() == route.TableLocal
		v4 = v4 || r.Family == route.FamilyIPv4
		v6 = v6 || r.Family == route.FamilyIPv6
		t1000 = t1000 || r.FullTable() == 1000
	}
	if len(rs) != want || !local || !v4 || !v6 || !t1000 {
		t.Errorf("RouteList(nil): %d routes (local %v, IPv4 %v, IPv6 %v, table 1000 %v); ip shows %d", len(rs), local, v4, v6, t1000, want)
	}
	// RuleList(FamilyUnspec) lists the rules of every family: IPv4 and
	// IPv6 as ip shows them, and those of multicast routing.
	rules, err := e.c.RuleList(e.ctx, route.FamilyUnspec)
	if err != nil {
		t.Fatal(err)
	}
	fams := map[route.Family]int{}
	for _, r := range rules {
		fams[r.Family]++
	}
	if n4, n6 := len(e.objects(t, "-4", "rule", "show")), len(e.objects(t, "-6", "rule", "show")); fams[route.FamilyIPv4] != n4 || fams[route.FamilyIPv6] != n6 {
		t.Errorf("RuleList(FamilyUnspec): rules by family %v, ip shows %d IPv4 and %d IPv6", fams, n4, n6)
	}
	t.Logf("RuleList(FamilyUnspec): rules by family %v", fams)
}

// TestClientMonitorClose: "Close ... an iteration over Events in progress
// ends", and "Monitors opened by the Client stay open until their own
// Close" after the Client's.
func TestClientMonitorClose(t *testing.T) {
	e := newClientEnv(t)
	c, err := route.Dial(e.ctx, &route.Options{NetNS: conn.NetNSName(e.Name)})
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Monitor(e.ctx, route.MonitorLink)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 16)
	ended := make(chan error, 1)
	go func() {
		for ev, err := range m.Events() {
			if err != nil {
				ended <- err
				return
			}
			if l, ok := ev.Body.(*route.Link); ok {
				got <- l.Name
			}
		}
		ended <- nil
	}()
	e.IP(t, "link", "add", "mc0", "type", "veth", "peer", "name", "mc1")
	select {
	case name := <-got:
		if name != "mc0" && name != "mc1" {
			t.Errorf("event about %s, want mc0 or mc1", name)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a Monitor of a closed Client got no event")
	}
	time.Sleep(50 * time.Millisecond) // the loop waits in Receive again
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	select {
	case err := <-ended:
		if err != nil {
			t.Errorf("Events after Close: %v, want a plain end", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the iteration over Events")
	}
	if err := m.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second Close: %v, want net.ErrClosed", err)
	}
}

// TestClientDialContext: "The context only bounds the setup": an ended
// context fails Dial; one that ends afterwards does not affect the Client.
func TestClientDialContext(t *testing.T) {
	e := newClientEnv(t)
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	if _, err := route.Dial(ctx, &route.Options{NetNS: conn.NetNSName(e.Name)}); !errors.Is(err, context.Canceled) {
		t.Errorf("Dial with an ended context: %v", err)
	}
	ctx, cancel = context.WithCancel(e.ctx)
	c, err := route.Dial(ctx, &route.Options{NetNS: conn.NetNSName(e.Name)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cancel()
	if _, err := c.LinkByName(e.ctx, "lo"); err != nil {
		t.Errorf("after Dial's context ended: %v", err)
	}
}

// TestClientNeighNoARP: NeighList, "unlike ip(8), keeps NUD_NOARP
// entries", which ip neigh show leaves out.
func TestClientNeighNoARP(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add v0 type veth peer name v1
neigh add 10.1.0.8 lladdr 02:00:00:00:00:08 dev v0 nud noarp`)
	ns, err := e.c.NeighList(e.ctx, &route.NeighFilter{Dev: route.ByName("v0"), Family: route.FamilyIPv4})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range ns {
		found = found || n.Dst == netip.MustParseAddr("10.1.0.8") && n.State&route.NUDNoARP != 0
	}
	if !found {
		t.Errorf("NeighList leaves out the NOARP entry: %v", ns)
	}
	if n := e.objects(t, "neigh", "show", "dev", "v0"); len(n) != 0 {
		t.Logf("ip neigh show now shows NOARP entries: %v", n)
	}
}

// TestClientClosedStaysClosed: after Close, the iterators and Monitor,
// which open sockets of their own, fail with an error matching
// net.ErrClosed as the other methods do; they must not open a socket
// through the namespace descriptor Close released, whose number another
// namespace's handle may have taken since.
func TestClientClosedStaysClosed(t *testing.T) {
	a, b := newClientEnv(t), nltest.NewNS(t)
	a.IP(t, "link", "add", "a0", "type", "veth", "peer", "name", "a1")
	b.IP(t, "link", "add", "b0", "type", "veth", "peer", "name", "b1")
	c, err := route.Dial(a.ctx, &route.Options{NetNS: conn.NetNSName(a.Name)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// Handles of b, likely on the descriptor number c's handle had.
	for range 4 {
		f, err := os.Open(b.Path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
	}
	if _, err := c.LinkByName(a.ctx, "a0"); !errors.Is(err, net.ErrClosed) {
		t.Errorf("LinkByName after Close: %v, want net.ErrClosed", err)
	}
	for l, err := range c.Links(a.ctx, nil) {
		if err == nil {
			t.Errorf("Links after Close yields link %s", l.Name)
		} else if !errors.Is(err, net.ErrClosed) {
			t.Errorf("Links after Close: %v, want net.ErrClosed", err)
		}
	}
	for r, err := range c.Routes(a.ctx, nil) {
		if err == nil {
			t.Errorf("Routes after Close yields route %v", r.DstPrefix())
			break
		} else if !errors.Is(err, net.ErrClosed) {
			t.Errorf("Routes after Close: %v, want net.ErrClosed", err)
		}
	}
	if m, err := c.Monitor(a.ctx); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Monitor after Close: %v, want net.ErrClosed", err)
		if err == nil {
			m.Close()
		}
	}
}

// TestClientLinkAddAliasElsewhere: LinkOptions.Alias of a link LinkAdd
// creates in another namespace.
func TestClientLinkAddAliasElsewhere(t *testing.T) {
	e, other := newClientEnv(t), nltest.NewNS(t)
	err := e.c.LinkAdd(e.ctx, "al0", &route.Veth{Peer: "al1"}, &route.LinkOptions{Alias: new("far"), NetNS: conn.NetNSName(other.Name)})
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	other.IPJSON(t, &got, "-d", "link", "show", "dev", "al0")
	if len(got) != 1 || field(got[0], "ifalias") != "far" {
		t.Errorf("al0 in the other namespace: %v, want alias far", got)
	}
}

// TestClientRuleDefaultPriority: RuleOptions.Priority nil "lets the kernel
// choose": one less than the first priority after the local rule's, as ip
// shows.
func TestClientRuleDefaultPriority(t *testing.T) {
	e := newClientEnv(t)
	p := netip.MustParsePrefix
	if err := e.c.RuleAdd(e.ctx, &route.RuleOptions{Src: p("10.9.0.0/16"), Table: 7}); err != nil {
		t.Fatal(err)
	}
	if err := e.c.RuleAdd(e.ctx, &route.RuleOptions{Priority: new(uint32(100)), Src: p("10.8.0.0/16"), Table: 8}); err != nil {
		t.Fatal(err)
	}
	if err := e.c.RuleAdd(e.ctx, &route.RuleOptions{Src: p("10.7.0.0/16"), Table: 9}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"10.9.0.0": "32765", "10.8.0.0": "100", "10.7.0.0": "99"}
	for _, r := range e.objects(t, "-4", "rule", "show") {
		if w, ok := want[field(r, "src")]; ok && field(r, "priority") != w {
			t.Errorf("rule from %s: priority %s, want %s", field(r, "src"), field(r, "priority"), w)
		}
	}
}

// TestClientWaitForLinkFlood: WaitForLink "returns the link ... as soon as
// it exists" even when its monitor's small buffer overflows under a flood
// of link events, the target's among them.
func TestClientWaitForLinkFlood(t *testing.T) {
	e := newClientEnv(t)
	c, err := route.Dial(e.ctx, &route.Options{NetNS: conn.NetNSName(e.Name), MonitorBufferSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	done := make(chan error, 1)
	go func() {
		l, err := c.WaitForLink(e.ctx, "target1")
		if err == nil && l.Name != "target1" {
			err = fmt.Errorf("got link %s", l.Name)
		}
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	var cmds strings.Builder
	for i := range 60 {
		fmt.Fprintf(&cmds, "link add fl%d type veth peer name fp%d\n", i, i)
	}
	cmds.WriteString("link add target0 type veth peer name target1\n")
	e.Batch(t, cmds.String())
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("WaitForLink(target1): %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("WaitForLink(target1) did not return")
	}
}

// TestClientConcurrentClose: iterators, monitors and requests of one Client
// from several goroutines, and Close while they run (with -race): "A
// Client is safe for concurrent use".
func TestClientConcurrentClose(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup)
	c, err := route.Dial(e.ctx, &route.Options{NetNS: conn.NetNSName(e.Name)})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 30 {
				var err error
				switch (w + i) % 4 {
				case 0:
					for _, e := range c.Links(e.ctx, nil) {
						err = e
					}
				case 1:
					for _, e := range c.Routes(e.ctx, nil) {
						err = e
					}
				case 2:
					var m *route.Monitor
					if m, err = c.Monitor(e.ctx); err == nil {
						m.Close()
					}
				case 3:
					_, err = c.LinkByName(e.ctx, "v0")
				}
				if err != nil && !errors.Is(err, net.ErrClosed) {
					t.Errorf("goroutine %d, step %d: %v", w, i, err)
					return
				}
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	if err := c.Close(); err != nil {
		t.Error(err)
	}
	wg.Wait()
}
