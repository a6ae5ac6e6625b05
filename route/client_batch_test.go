package route_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// TestBatchKinds: one batch adds a link, brings it up, and adds an address,
// routes, a neighbour and a rule; another deletes them; ip(8) sees each
// change. A change that fails is reported alone, by its operation, and the
// others still take effect.
func TestBatchKinds(t *testing.T) {
	e := newClientEnv(t)
	ctx := e.ctx
	b := e.c.NewBatch()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := netip.MustParsePrefix
	must(b.LinkAdd(ctx, "bt0", &route.Bridge{}, nil))
	must(b.LinkSet(ctx, route.ByName("bt0"), &route.LinkOptions{Up: new(true)}))
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	bt0 := route.ByName("bt0")
	must(b.AddrAdd(ctx, bt0, p("192.0.2.1/24"), nil))
	must(b.AddrAdd(ctx, bt0, p("2001:db8::1/64"), &route.AddrOptions{Flags: route.AddrNoDAD}))
	for i := range 10 {
		must(b.RouteAdd(ctx, p(fmt.Sprintf("10.%d.0.0/16", i)), &route.RouteOptions{Dev: bt0, Gateway: netip.MustParseAddr("192.0.2.2")}))
	}
	must(b.RouteAdd(ctx, p("10.3.0.0/16"), &route.RouteOptions{Dev: bt0})) // exists
	must(b.RouteAdd(ctx, p("2001:db8:1::/48"), &route.RouteOptions{Dev: bt0}))
	must(b.NeighAdd(ctx, bt0, netip.MustParseAddr("192.0.2.3"), &route.NeighOptions{LLAddr: net.HardwareAddr{2, 0, 0, 0, 0, 3}}))
	must(b.RuleAdd(ctx, &route.RuleOptions{Src: p("10.9.0.0/16"), Table: 100, Priority: new(uint32(1000))}))
	if b.Len() != 16 {
		t.Fatalf("Len = %d, want 16", b.Len())
	}
	err := b.Run(ctx)
	var be *route.BatchError
	if !errors.As(err, &be) || be.Failed != 1 || !errors.Is(err, unix.EEXIST) {
		t.Fatalf("Run = %v, want one change failing with EEXIST", err)
	}
	if got := be.Errs[12]; got == nil || !strings.HasPrefix(got.Error(), "route: route add 10.3.0.0/16: ") {
		t.Errorf("change 12: %v", got)
	}
	if b.Len() != 0 {
		t.Errorf("Len after Run = %d", b.Len())
	}
	if n := len(e.objects(t, "-4", "route", "show", "dev", "bt0")); n != 11 {
		t.Errorf("%d IPv4 routes on bt0, want 11 (10 and the prefix route)", n)
	}
	if n := len(e.objects(t, "-6", "route", "show", "2001:db8:1::/48")); n != 1 {
		t.Errorf("IPv6 route: %d", n)
	}
	if n := len(e.objects(t, "neigh", "show", "dev", "bt0", "192.0.2.3")); n != 1 {
		t.Errorf("neighbour: %d", n)
	}
	if n := len(e.objects(t, "rule", "show", "priority", "1000")); n != 1 {
		t.Errorf("rule: %d", n)
	}

	for i := range 10 {
		must(b.RouteDel(ctx, p(fmt.Sprintf("10.%d.0.0/16", i)), &route.RouteOptions{Dev: bt0}))
	}
	must(b.NeighDel(ctx, bt0, netip.MustParseAddr("192.0.2.3"), nil))
	must(b.RuleDel(ctx, &route.RuleOptions{Priority: new(uint32(1000))}))
	must(b.AddrDel(ctx, bt0, p("192.0.2.1/24"), nil))
	must(b.LinkDel(ctx, bt0))
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(e.objects(t, "link", "show")); n != 1 {
		t.Errorf("%d links after deleting bt0", n)
	}
	if n := len(e.objects(t, "rule", "show", "priority", "1000")); n != 0 {
		t.Errorf("rule left: %d", n)
	}
}

// TestBatchRefusals: a change the batch cannot carry, or whose arguments
// are wrong, is refused at once and not queued; a link named by name is
// looked up once per batch.
func TestBatchRefusals(t *testing.T) {
	c, f, getLinks := eth0Client(t, &route.Link{Index: 7, Name: "eth0"})
	ctx := context.Background()
	b := c.NewBatch()
	var ae *route.ArgError
	for _, err := range []error{
		b.LinkAdd(ctx, "t0", &route.Tun{}, nil),
		b.LinkAdd(ctx, "v0", &route.Veth{PeerNetNS: conn.NetNSName("x")}, nil),
		b.LinkAdd(ctx, "d0", &route.Dummy{}, &route.LinkOptions{NetNS: conn.NetNSName("x")}),
		b.LinkSet(ctx, route.ByName("d0"), &route.LinkOptions{Alias: new("a")}),
		b.RouteAdd(ctx, netip.Prefix{}, nil),
		b.AddrAdd(ctx, route.LinkRef{}, netip.MustParsePrefix("10.0.0.1/8"), nil),
	} {
		if !errors.As(err, &ae) {
			t.Errorf("refused with %v, want an *ArgError", err)
		}
	}
	if b.Len() != 0 {
		t.Errorf("%d changes queued after refusals", b.Len())
	}
	for i := range 3 {
		if err := b.RouteAdd(ctx, netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/16", i)), &route.RouteOptions{Dev: route.ByName("eth0")}); err != nil {
			t.Fatal(err)
		}
	}
	if *getLinks != 1 {
		t.Errorf("%d lookups of eth0 for three routes", *getLinks)
	}
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	var routes int
	for _, r := range f.Requests() {
		if r.Header.Type == unix.RTM_NEWROUTE {
			routes++
		}
	}
	if routes != 3 || len(f.Sent()) != 2 {
		t.Errorf("%d routes in %d datagrams, want 3 in 2 (the lookup, then the batch)", routes, len(f.Sent()))
	}
}

// TestBatchKeepsArguments: a change is built when queued, so a caller may
// reuse its options, and what they point at, for the next change. Each
// change here is queued with the options of the one before, changed. The
// error of a change still names the field the kernel refused.
func TestBatchKeepsArguments(t *testing.T) {
	e := newClientEnv(t)
	ctx := e.ctx
	e.script(t, "link add bk0 type bridge\nlink add bk1 type bridge\nlink set bk0 up")
	b := e.c.NewBatch()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	prio, mac, qlen := uint32(1000), net.HardwareAddr{2, 0, 0, 0, 0, 1}, uint32(10)
	ro := &route.RuleOptions{Src: netip.MustParsePrefix("10.1.0.0/16"), Table: 100, Priority: &prio}
	no := &route.NeighOptions{LLAddr: mac}
	lo := &route.LinkOptions{TxQueueLen: &qlen, HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 1, 0}}
	mo := &route.RouteOptions{Dev: route.ByName("bk0"), Metrics: &route.Metrics{MTU: 1400}}
	// Before the neighbours: a new hardware address flushes the link's.
	must(b.LinkSet(ctx, route.ByName("bk0"), lo))
	must(b.RuleAdd(ctx, ro))
	must(b.NeighAdd(ctx, route.ByName("bk0"), netip.MustParseAddr("192.0.2.1"), no))
	must(b.RouteAdd(ctx, netip.MustParsePrefix("10.1.0.0/16"), mo))
	prio, mac[5], qlen, lo.HardwareAddr[4], mo.Metrics.MTU = 2000, 2, 20, 2, 1300
	ro.Src = netip.MustParsePrefix("10.2.0.0/16")
	must(b.LinkSet(ctx, route.ByName("bk1"), lo))
	must(b.RuleAdd(ctx, ro))
	must(b.NeighAdd(ctx, route.ByName("bk0"), netip.MustParseAddr("192.0.2.2"), no))
	must(b.RouteAdd(ctx, netip.MustParsePrefix("10.2.0.0/16"), mo))
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string // the words ip prints
	}{
		{[]string{"rule", "show", "from", "10.1.0.0/16"}, "1000: from 10.1.0.0/16 lookup 100"},
		{[]string{"rule", "show", "from", "10.2.0.0/16"}, "2000: from 10.2.0.0/16 lookup 100"},
		{[]string{"neigh", "show", "192.0.2.1"}, "192.0.2.1 dev bk0 lladdr 02:00:00:00:00:01 PERMANENT"},
		{[]string{"neigh", "show", "192.0.2.2"}, "192.0.2.2 dev bk0 lladdr 02:00:00:00:00:02 PERMANENT"},
		{[]string{"route", "show", "10.1.0.0/16"}, "10.1.0.0/16 dev bk0 scope link linkdown mtu 1400"},
		{[]string{"route", "show", "10.2.0.0/16"}, "10.2.0.0/16 dev bk0 scope link linkdown mtu 1300"},
	} {
		if got := strings.Join(strings.Fields(e.IP(t, c.args...)), " "); got != c.want {
			t.Errorf("ip %s: %q, want %q", strings.Join(c.args, " "), got, c.want)
		}
	}
	for name, want := range map[string]string{"bk0": "02:00:00:00:01:00 10", "bk1": "02:00:00:00:02:00 20"} {
		var l []struct {
			Address string `json:"address"`
			Qlen    int    `json:"txqlen"`
		}
		e.IPJSON(t, &l, "link", "show", name)
		if got := fmt.Sprintf("%s %d", l[0].Address, l[0].Qlen); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	vx := &route.VxlanData{ID: new(uint32(1 << 24))}
	must(b.LinkAdd(ctx, "vx0", &route.GenericKind{Name: "vxlan", Data: vx}, nil))
	var oe *netlink.OpError
	const want = "LinkInfo.Data(vxlan).ID (IFLA_VXLAN_ID)"
	if err := b.Run(ctx); !errors.As(err, &oe) || oe.Field != want {
		t.Errorf("vxlan id 2^24: %v, want the field %s named", err, want)
	}
}

// TestBatchErrorsAsClient: a change's error in a batch is the error of the
// Client's own call: a link the kernel does not find, for LinkSet and
// LinkDel, is a *NoLinkError worded the same way.
func TestBatchErrorsAsClient(t *testing.T) {
	f := conntest.New(func(req netlink.RawMessage) []conntest.Datagram {
		return []conntest.Datagram{conntest.Pack(conntest.Ack(req, unix.ENODEV, ""))}
	})
	nc, err := conn.NewConn(f)
	if err != nil {
		t.Fatal(err)
	}
	c := route.NewClient(nc, nil)
	defer c.Close()
	ctx := context.Background()
	b := c.NewBatch()
	direct := []error{
		c.LinkSet(ctx, route.ByName("nosuch"), &route.LinkOptions{Up: new(true)}),
		c.LinkDel(ctx, route.ByIndex(99)),
	}
	for _, err := range []error{
		b.LinkSet(ctx, route.ByName("nosuch"), &route.LinkOptions{Up: new(true)}),
		b.LinkDel(ctx, route.ByIndex(99)),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	var be *route.BatchError
	if err := b.Run(ctx); !errors.As(err, &be) {
		t.Fatalf("Run = %v", err)
	}
	for i, want := range direct {
		got := be.Errs[i]
		if !errors.As(want, new(*route.NoLinkError)) {
			t.Fatalf("the Client's call %d: %v, not a *NoLinkError", i, want)
		}
		if !errors.As(got, new(*route.NoLinkError)) || got.Error() != want.Error() {
			t.Errorf("change %d: %v (%T), want %v, a *NoLinkError", i, got, got, want)
		}
	}
}

// TestBatchNeighAddrLength: a neighbour's link-layer address longer than
// its link's, which the kernel would cut without a word, is refused in a
// batch as by the Client's call; the batch asks for each link's address
// once.
func TestBatchNeighAddrLength(t *testing.T) {
	c, _, getLinks := eth0Client(t, &route.Link{Index: 7, Name: "eth0", Address: net.HardwareAddr{2, 0, 0, 0, 0, 7}})
	ctx := context.Background()
	long := &route.NeighOptions{LLAddr: net.HardwareAddr{2, 0, 0, 0, 0, 0, 0, 1}}
	dst := netip.MustParseAddr("192.0.2.1")
	var ae *route.ArgError
	if err := c.NeighAdd(ctx, route.ByName("eth0"), dst, long); !errors.As(err, &ae) {
		t.Fatalf("Client.NeighAdd with 8 bytes for 6: %v, want an *ArgError", err)
	}
	b := c.NewBatch()
	*getLinks = 0
	if err := b.NeighAdd(ctx, route.ByName("eth0"), dst, long); !errors.As(err, &ae) {
		t.Errorf("Batch.NeighAdd with 8 bytes for 6: %v, want an *ArgError", err)
	}
	for i := range 3 {
		o := &route.NeighOptions{LLAddr: net.HardwareAddr{2, 0, 0, 0, 1, byte(i)}}
		if err := b.NeighReplace(ctx, route.ByName("eth0"), dst, o); err != nil {
			t.Fatal(err)
		}
	}
	if *getLinks != 2 {
		t.Errorf("%d requests for eth0, want 2 (its index, its address)", *getLinks)
	}
	if b.Len() != 3 {
		t.Errorf("%d changes queued, want 3", b.Len())
	}
}

// TestBatchRenamedLinks: a batch looks names up when changes are queued,
// before its own changes run. Once it adds, deletes or renames a link, the
// name no longer says which link a later change of the batch means (here,
// the old link, renamed, rather than the new one of its name), so a change
// that looks it up, or a link it renames, is refused rather than sent to
// the wrong link.
func TestBatchRenamedLinks(t *testing.T) {
	e := newClientEnv(t)
	ctx := e.ctx
	e.script(t, "link add br0 type bridge\nlink add br9 type bridge")
	p := netip.MustParsePrefix("192.0.2.1/24")
	var ae *route.ArgError
	b := e.c.NewBatch()
	if err := b.AddrAdd(ctx, route.ByName("br0"), netip.MustParsePrefix("198.51.100.1/24"), nil); err != nil {
		t.Fatal(err)
	}
	if err := b.LinkSet(ctx, route.ByName("br0"), &route.LinkOptions{NewName: "br0old"}); err != nil {
		t.Fatal(err)
	}
	if err := b.LinkAdd(ctx, "br0", &route.Bridge{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.AddrAdd(ctx, route.ByName("br0"), p, nil); !errors.As(err, &ae) {
		t.Errorf("address on the new br0: %v, want an *ArgError", err)
	}
	br9, err := e.c.LinkByName(ctx, "br9")
	if err != nil {
		t.Fatal(err)
	}
	// Looked up before the rename, and known to the batch after it.
	if err := b.AddrAdd(ctx, route.ByName("br9"), netip.MustParsePrefix("198.51.100.9/24"), nil); err != nil {
		t.Fatal(err)
	}
	if err := b.LinkSet(ctx, br9.Ref(), &route.LinkOptions{NewName: "br8"}); err != nil {
		t.Fatal(err)
	}
	if err := b.AddrAdd(ctx, route.ByName("br9"), p, nil); !errors.As(err, &ae) {
		t.Errorf("address on br9, renamed br8 by index: %v, want an *ArgError", err)
	}
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"br0old": "198.51.100.1/24", "br8": "198.51.100.9/24", "br0": ""} {
		var got []string
		for _, l := range e.objects(t, "-4", "addr", "show", name) {
			for _, a := range l["addr_info"].([]any) {
				a := a.(map[string]any)
				got = append(got, fmt.Sprintf("%v/%v", a["local"], a["prefixlen"]))
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("addresses of %s: %v, want %q (the one added before the rename)", name, got, want)
		}
	}
}

// eth0Client returns a Client over fake socket f, which answers every
// RTM_GETLINK with link l and acknowledges everything else, and the count
// of the RTM_GETLINKs it answered.
func eth0Client(t *testing.T, l *route.Link) (c *route.Client, f *conntest.Fake, getLinks *int) {
	t.Helper()
	getLinks = new(int)
	f = conntest.New(func(req netlink.RawMessage) []conntest.Datagram {
		if req.Header.Type == unix.RTM_GETLINK {
			*getLinks++
			return []conntest.Datagram{conntest.Pack(conntest.Reply(req.Header, unix.RTM_NEWLINK, 0, l))}
		}
		return conntest.AckAll(req)
	})
	nc, err := conn.NewConn(f)
	if err != nil {
		t.Fatal(err)
	}
	c = route.NewClient(nc, nil)
	t.Cleanup(func() { c.Close() })
	return c, f, getLinks
}
