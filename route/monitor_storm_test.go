package route_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/route"
)

// mirror is what a daemon keeps of the kernel's state from a Monitor: links
// (index → name and alias), IPv4 addresses, the IPv4 routes of tables 100
// and 200, and IPv4 neighbours (→ link-layer address), each as a string.
type mirror struct {
	links, addrs, routes, neighs map[string]string
}

func newMirror() *mirror {
	return &mirror{links: map[string]string{}, addrs: map[string]string{}, routes: map[string]string{}, neighs: map[string]string{}}
}

// stormTables are the routing tables the storm changes.
var stormTables = []route.Table{100, 200}

func linkKey(l *route.Link) (string, string) {
	alias := ""
	if l.Alias != nil {
		alias = *l.Alias
	}
	return fmt.Sprint(l.Index), fmt.Sprintf("%s alias %q", l.Name, alias)
}

func addrKey(a *route.Address) string { return fmt.Sprint(a.Index, " ", a.Prefix()) }

func routeKey(r *route.Route) string { return fmt.Sprint(r.FullTable(), " ", r.DstPrefix()) }

func neighKey(n *route.Neighbour) string { return fmt.Sprint(n.Index, " ", n.Dst) }

// apply applies an event, as the set or deletion of one object.
func (m *mirror) apply(ev route.Event) {
	set := func(tab map[string]string, k, v string) {
		if ev.Deleted() {
			delete(tab, k)
		} else {
			tab[k] = v
		}
	}
	switch b := ev.Body.(type) {
	case *route.Link:
		k, v := linkKey(b)
		set(m.links, k, v)
	case *route.Address:
		if b.Family == route.FamilyIPv4 {
			set(m.addrs, addrKey(b), "")
		}
	case *route.Route:
		if b.Family == route.FamilyIPv4 && slices.Contains(stormTables, b.FullTable()) {
			set(m.routes, routeKey(b), "")
		}
	case *route.Neighbour:
		if b.Family == route.FamilyIPv4 {
			set(m.neighs, neighKey(b), b.LLAddr.String())
		}
	}
}

// resync lists everything afresh, again while the kernel reports a dump as
// interrupted: an inconsistent list may miss objects that did not change.
func resync(ctx context.Context, c *route.Client) (*mirror, error) {
	for {
		m, err := list(ctx, c)
		if !errors.Is(err, conn.ErrDumpInterrupted) {
			return m, err
		}
	}
}

func list(ctx context.Context, c *route.Client) (*mirror, error) {
	m := newMirror()
	links, err := c.LinkList(ctx, nil)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		k, v := linkKey(l)
		m.links[k] = v
	}
	addrs, err := c.AddrList(ctx, &route.AddrFilter{Family: route.FamilyIPv4})
	if err != nil {
		return nil, err
	}
	for _, a := range addrs {
		m.addrs[addrKey(a)] = ""
	}
	routes, err := c.RouteList(ctx, &route.RouteFilter{Family: route.FamilyIPv4})
	if err != nil {
		return nil, err
	}
	for _, r := range routes {
		if slices.Contains(stormTables, r.FullTable()) {
			m.routes[routeKey(r)] = ""
		}
	}
	neighs, err := c.NeighList(ctx, &route.NeighFilter{Family: route.FamilyIPv4})
	if err != nil {
		return nil, err
	}
	for _, n := range neighs {
		m.neighs[neighKey(n)] = n.LLAddr.String()
	}
	return m, nil
}

// ipMirror is the mirror as ip(8) shows the namespace.
func ipMirror(t *testing.T, e *clientEnv) *mirror {
	t.Helper()
	m := newMirror()
	var links []struct {
		Index int    `json:"ifindex"`
		Name  string `json:"ifname"`
		Alias string `json:"ifalias"`
	}
	e.IPJSON(t, &links, "link", "show")
	index := map[string]int{}
	for _, l := range links {
		m.links[fmt.Sprint(l.Index)] = fmt.Sprintf("%s alias %q", l.Name, l.Alias)
		index[l.Name] = l.Index
	}
	var addrs []struct {
		Index    int `json:"ifindex"`
		AddrInfo []struct {
			Local     string `json:"local"`
			PrefixLen int    `json:"prefixlen"`
		} `json:"addr_info"`
	}
	e.IPJSON(t, &addrs, "-4", "addr", "show")
	for _, l := range addrs {
		for _, a := range l.AddrInfo {
			m.addrs[fmt.Sprintf("%d %s/%d", l.Index, a.Local, a.PrefixLen)] = ""
		}
	}
	for _, table := range stormTables {
		var routes []struct {
			Dst string `json:"dst"`
		}
		e.IPJSON(t, &routes, "-4", "route", "show", "table", fmt.Sprint(table))
		for _, r := range routes {
			if !strings.Contains(r.Dst, "/") {
				r.Dst += "/32"
			}
			m.routes[fmt.Sprintf("%d %s", table, r.Dst)] = ""
		}
	}
	var neighs []struct {
		Dst    string `json:"dst"`
		Dev    string `json:"dev"`
		LLAddr string `json:"lladdr"`
	}
	e.IPJSON(t, &neighs, "-4", "neigh", "show")
	for _, n := range neighs {
		m.neighs[fmt.Sprintf("%d %s", index[n.Dev], n.Dst)] = n.LLAddr
	}
	return m
}

// diff describes how m differs from want, or returns "".
func (m *mirror) diff(want *mirror) string {
	var out []string
	for _, p := range []struct {
		name      string
		got, want map[string]string
	}{{"links", m.links, want.links}, {"addresses", m.addrs, want.addrs}, {"routes", m.routes, want.routes}, {"neighbours", m.neighs, want.neighs}} {
		for _, k := range slices.Sorted(maps.Keys(p.want)) {
			if v, ok := p.got[k]; !ok || v != p.want[k] {
				out = append(out, fmt.Sprintf("%s %s: kernel %q, mirror %q (present %v)", p.name, k, p.want[k], v, ok))
			}
		}
		for _, k := range slices.Sorted(maps.Keys(p.got)) {
			if _, ok := p.want[k]; !ok {
				out = append(out, fmt.Sprintf("%s %s: only in the mirror (%q)", p.name, k, p.got[k]))
			}
		}
	}
	if len(out) > 10 {
		out = append(out[:10], fmt.Sprintf("... %d more", len(out)-10))
	}
	return strings.Join(out, "\n")
}

// stormBatches returns the ip -batch scripts of the storm's two goroutines,
// n changes in all. The first churns links: add, rename, alias (the kernel
// announces alias changes of links that are up only), delete. The second
// adds and deletes addresses on s0 and s1, blackhole routes in tables 100
// and 200, and neighbours on s0 and s1, replacing some.
func stormBatches(n int) [2]string {
	var links, objs batch
	for i := 0; links.n < n/2; i++ {
		c, r := fmt.Sprintf("c%d", i), fmt.Sprintf("r%d", i)
		links.add("link add %s type veth peer name %sp", c, c)
		links.add("link set dev %s name %s", c, r)
		links.add("link set dev %s up", r)
		links.add("link set dev %s alias x%d", r, i)
		links.add("link set dev s%d alias y%d", i%2, i)
		if i%3 != 0 { // some stay
			links.add("link del %s", r)
		}
	}
	for i := 0; objs.n < n-n/2; i++ {
		a := fmt.Sprintf("10.%d.%d.%d", 10+i>>16&0x3f, i>>8&0xff, i&0xff)
		// Not a local address: the kernel deletes a neighbour entry for
		// one when the address goes.
		nb := fmt.Sprintf("10.%d.%d.%d", 100+i>>16&0x3f, i>>8&0xff, i&0xff)
		table, dev := stormTables[i%2], fmt.Sprintf("s%d", i%2)
		objs.add("addr add %s/32 dev %s", a, dev)
		objs.add("route add blackhole %s/32 table %d", a, table)
		objs.add("neigh add %s lladdr 02:00:00:%02x:%02x:%02x dev %s nud permanent", nb, i>>16&0xff, i>>8&0xff, i&0xff, dev)
		objs.add("neigh replace %s lladdr 02:00:01:%02x:%02x:%02x dev %s nud permanent", nb, i>>16&0xff, i>>8&0xff, i&0xff, dev)
		if i%3 != 0 { // some stay
			objs.add("addr del %s/32 dev %s", a, dev)
			objs.add("route del blackhole %s/32 table %d", a, table)
			objs.add("neigh del %s dev %s", nb, dev)
		}
	}
	return [2]string{links.String(), objs.String()}
}

// batch is an ip -batch script and the number of its lines.
type batch struct {
	strings.Builder
	n int
}

func (b *batch) add(format string, args ...any) {
	fmt.Fprintf(b, format+"\n", args...)
	b.n++
}

// TestMonitorStorm runs the storm of issue 15's proof against a plain
// Monitor with a 4 KiB buffer and a slow consumer that keeps a mirror and
// lists afresh on every overrun. Once the storm is over and the monitor
// quiet, the mirror must equal what ip(8) shows: the Monitor promises that
// every change after an overrun is delivered or reported by another. The
// storm size (changes, default 2,000) and the number of runs (default 1)
// are NLTEST_MONITOR_STORM_N and NLTEST_MONITOR_STORM_RUNS; the consumer
// sleeps NLTEST_MONITOR_STORM_SLOW_US microseconds an event (default 50).
func TestMonitorStorm(t *testing.T) {
	n := nltest.EnvInt(t, "NLTEST_MONITOR_STORM_N", 2000)
	runs := nltest.EnvInt(t, "NLTEST_MONITOR_STORM_RUNS", 1)
	slow := time.Duration(nltest.EnvInt(t, "NLTEST_MONITOR_STORM_SLOW_US", 50)) * time.Microsecond
	for run := range runs {
		stormRun(t, run, n, slow)
	}
}

func stormRun(t *testing.T, run, n int, slow time.Duration) {
	e := newClientEnv(t)
	// Each of s0 and s1 keeps an address: when a link's last IPv4
	// address goes, the kernel flushes its neighbours.
	e.script(t, `
link add s0 type veth peer name s1
link set s0 up
link set s1 up
addr add 192.168.0.1/24 dev s0
addr add 192.168.1.1/24 dev s1`)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	c, err := route.Dial(ctx, &route.Options{NetNS: conn.NetNSName(e.Name), MonitorBufferSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mctx, stop := context.WithCancel(ctx)
	defer stop()
	mon, err := c.Monitor(mctx, route.MonitorLink, route.MonitorIPv4Addr, route.MonitorIPv4Route, route.MonitorNeigh)
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	mir, err := resync(ctx, c)
	if err != nil {
		t.Fatal(err)
	}

	// The consumer: events and overruns go through a channel, so that the
	// test can tell when the monitor is quiet.
	type item struct {
		ev  route.Event
		err error
	}
	items := make(chan item)
	go func() {
		defer close(items)
		for ev, err := range mon.Events() {
			items <- item{ev, err}
		}
	}()

	start := time.Now()
	var wg sync.WaitGroup
	for i, script := range stormBatches(n) {
		wg.Go(func() {
			cmd := exec.Command("ip", "-n", e.Name, "-batch", "-")
			cmd.Stdin = strings.NewReader(script)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("storm %d: %v\n%s", i, err, out)
			}
		})
	}
	stormDone := make(chan struct{})
	go func() { wg.Wait(); close(stormDone) }()

	var events, overruns, resyncs int
	lastOverrun := false
	quiet := time.NewTimer(time.Hour)
	for done := false; !done; {
		select {
		case <-stormDone:
			stormDone = nil
			quiet.Reset(time.Second)
		case <-quiet.C:
			done = true
		case it, ok := <-items:
			if !ok {
				t.Fatal("the monitor ended")
			}
			if stormDone == nil {
				quiet.Reset(time.Second)
			}
			switch {
			case errors.Is(it.err, conn.ErrOverrun):
				overruns++
				lastOverrun = true
				if mir, err = resync(ctx, c); err != nil {
					t.Fatal(err)
				}
				resyncs++
			case it.err != nil:
				t.Fatal(it.err)
			default:
				events++
				lastOverrun = false
				mir.apply(it.ev)
				time.Sleep(slow)
			}
		}
	}
	elapsed := time.Since(start)
	if d := mir.diff(ipMirror(t, e)); d != "" {
		t.Errorf("run %d: the mirror differs from the kernel, and no overrun was reported after the last resync (last item an overrun: %v):\n%s", run, lastOverrun, d)
	}
	t.Logf("run %d: %d changes in %v, %d events, %d overruns, %d resyncs; mirror: %d links, %d addresses, %d routes, %d neighbours",
		run, n, elapsed.Round(time.Millisecond), events, overruns, resyncs, len(mir.links), len(mir.addrs), len(mir.routes), len(mir.neighs))
}
