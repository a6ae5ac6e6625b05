package route_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

func TestClientLinkAdd(t *testing.T) {
	e := newClientEnv(t)
	mac, _ := net.ParseMAC("02:00:00:00:00:01")
	if err := e.c.LinkAdd(e.ctx, "v0", &route.Veth{Peer: "v1"}, &route.LinkOptions{Up: new(true), MTU: 1400, HardwareAddr: mac}); err != nil {
		t.Fatal(err)
	}
	v0 := e.link(t, "v0")
	expect(t, "v0", v0, "ifname", "v0", "mtu", "1400", "address", "02:00:00:00:00:01", "link", "v1", "linkinfo.info_kind", "veth")
	if !hasFlag(v0, "UP") {
		t.Errorf("v0 flags %s, want UP", field(v0, "flags"))
	}
	expect(t, "v1", e.link(t, "v1"), "link", "v0", "linkinfo.info_kind", "veth")

	for _, tc := range []struct {
		name string
		kind route.LinkKind
		o    *route.LinkOptions
		want []string // path, value pairs of ip -j -d link show
	}{
		{"br0", &route.Bridge{STP: new(true)}, nil,
			[]string{"linkinfo.info_kind", "bridge", "linkinfo.info_data.stp_state", "1"}},
		{"mv0", &route.Macvlan{Parent: route.ByName("v0"), Mode: route.MacvlanModeBridge}, nil,
			[]string{"link", "v0", "linkinfo.info_kind", "macvlan", "linkinfo.info_data.mode", "bridge"}},
		{"mt0", &route.Macvtap{Parent: route.ByName("v0"), Mode: route.MacvlanModeVEPA}, nil,
			[]string{"link", "v0", "linkinfo.info_kind", "macvtap", "linkinfo.info_data.mode", "vepa"}},
		{"vx0", &route.Vxlan{ID: 42, Remote: netip.MustParseAddr("192.0.2.2"), Local: netip.MustParseAddr("192.0.2.1"),
			Port: 4789, Dev: route.ByName("v0"), TTL: 64, Learning: new(false)}, nil,
			[]string{"linkinfo.info_kind", "vxlan", "linkinfo.info_data.id", "42", "linkinfo.info_data.remote", "192.0.2.2",
				"linkinfo.info_data.local", "192.0.2.1", "linkinfo.info_data.port", "4789", "linkinfo.info_data.link", "v0",
				"linkinfo.info_data.ttl", "64", "linkinfo.info_data.learning", "false"}},
		{"vx6", &route.Vxlan{ID: 7, Remote: netip.MustParseAddr("2001:db8::9"), Local: netip.MustParseAddr("2001:db8::1"), Port: 4790}, nil,
			[]string{"linkinfo.info_data.id", "7", "linkinfo.info_data.remote6", "2001:db8::9",
				"linkinfo.info_data.local6", "2001:db8::1", "linkinfo.info_data.port", "4790"}},
		{"tun0", &route.Tun{MultiQueue: true}, &route.LinkOptions{MTU: 1300},
			[]string{"mtu", "1300", "linkinfo.info_kind", "tun", "linkinfo.info_data.type", "tun", "linkinfo.info_data.pi", "false",
				"linkinfo.info_data.multi_queue", "true", "linkinfo.info_data.persist", "true"}},
		{"tap0", &route.Tun{Tap: true, PI: true, VnetHdr: true}, &route.LinkOptions{Up: new(true)},
			[]string{"linkinfo.info_data.type", "tap", "linkinfo.info_data.pi", "true", "linkinfo.info_data.vnet_hdr", "true",
				"link_type", "ether"}},
		{"ifb0", &route.IFB{}, &route.LinkOptions{TxQueueLen: new(uint32(77))},
			[]string{"linkinfo.info_kind", "ifb", "txqlen", "77"}},
		{"v2", &route.Veth{Peer: "v3"}, &route.LinkOptions{Master: route.ByName("br0")},
			[]string{"master", "br0", "linkinfo.info_slave_kind", "bridge"}},
		{"mv1", &route.GenericKind{Name: "macvlan", Data: &route.MacvlanData{Mode: route.MacvlanModePrivate}, Parent: route.ByName("v0")},
			&route.LinkOptions{Alias: new("generic"), Group: new(uint32(9))},
			[]string{"linkinfo.info_data.mode", "private", "ifalias", "generic", "group", "9"}},
	} {
		if err := e.c.LinkAdd(e.ctx, tc.name, tc.kind, tc.o); err != nil {
			t.Errorf("LinkAdd %s (%s): %v", tc.name, tc.kind.Kind(), err)
			continue
		}
		expect(t, tc.name, e.link(t, tc.name), tc.want...)
	}

	err := e.c.LinkAdd(e.ctx, "v0", &route.Veth{}, nil)
	if !errors.Is(err, unix.EEXIST) {
		t.Errorf("adding v0 again: %v, want EEXIST", err)
	}
	err = e.c.LinkAdd(e.ctx, "tap0", &route.Tun{Tap: true}, nil)
	if !errors.Is(err, unix.EEXIST) {
		t.Errorf("adding tap0 again: %v, want EEXIST", err)
	}
}

// TestClientLinkAddMissingKinds adds links of the kinds this kernel may
// lack: each is made, or refused with an error naming the kind.
func TestClientLinkAddMissingKinds(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add p0 type veth peer name p1")
	for _, tc := range []struct {
		name string
		kind route.LinkKind
		want []string
	}{
		// A kind the kernel has, with an option it may lack
		// (CONFIG_BRIDGE_VLAN_FILTERING).
		{"br0", &route.Bridge{VLANFiltering: new(true)}, []string{"linkinfo.info_data.vlan_filtering", "1"}},
		{"d0", &route.Dummy{}, []string{"linkinfo.info_kind", "dummy"}},
		{"vl0", &route.VLAN{Parent: route.ByName("p0"), ID: 10}, []string{"linkinfo.info_kind", "vlan", "linkinfo.info_data.id", "10"}},
		{"bo0", &route.Bond{Mode: route.BondModeActiveBackup}, []string{"linkinfo.info_kind", "bond", "linkinfo.info_data.mode", "active-backup"}},
		{"vrf0", &route.VRF{Table: 10}, []string{"linkinfo.info_kind", "vrf", "linkinfo.info_data.table", "10"}},
		{"gn0", &route.GenericKind{Name: "geneve", Data: &route.GeneveData{ID: 5, Remote: netip.MustParseAddr("192.0.2.5")}},
			[]string{"linkinfo.info_kind", "geneve", "linkinfo.info_data.id", "5"}},
	} {
		err := e.c.LinkAdd(e.ctx, tc.name, tc.kind, nil)
		switch {
		case err == nil:
			expect(t, tc.name, e.link(t, tc.name), tc.want...)
		case !errors.Is(err, unix.EOPNOTSUPP):
			t.Errorf("LinkAdd %s: %v, want success or EOPNOTSUPP", tc.kind.Kind(), err)
		case !strings.Contains(err.Error(), `"`+tc.kind.Kind()+`"`):
			t.Errorf("LinkAdd %s: %q does not name the kind", tc.kind.Kind(), err)
		case tc.name != "br0" && !strings.Contains(err.Error(), "not supported by this kernel: operation not supported: Unknown device type"):
			t.Errorf("LinkAdd %s: %q does not say the kind is missing, with the kernel's text", tc.kind.Kind(), err)
		default:
			t.Logf("%s: %v", tc.kind.Kind(), err)
		}
	}
}

func TestClientLinkSet(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add a0 type veth peer name a1
link add br0 type bridge`)
	mac, _ := net.ParseMAC("02:00:00:00:0a:0a")
	for _, tc := range []struct {
		o    route.LinkOptions
		dev  string // the name after the change
		want []string
		flag string // a flag that must be present, or absent with a leading "-"
	}{
		{o: route.LinkOptions{Up: new(true)}, flag: "UP"},
		{o: route.LinkOptions{Up: new(false)}, flag: "-UP"},
		{o: route.LinkOptions{MTU: 1280}, want: []string{"mtu", "1280"}},
		{o: route.LinkOptions{HardwareAddr: mac}, want: []string{"address", "02:00:00:00:0a:0a"}},
		{o: route.LinkOptions{Master: route.ByName("br0")}, want: []string{"master", "br0"}},
		{o: route.LinkOptions{NoMaster: true}, want: []string{"master", ""}},
		{o: route.LinkOptions{TxQueueLen: new(uint32(500))}, want: []string{"txqlen", "500"}},
		{o: route.LinkOptions{TxQueueLen: new(uint32(0))}, want: []string{"txqlen", ""}},
		{o: route.LinkOptions{Alias: new("uplink")}, want: []string{"ifalias", "uplink"}},
		{o: route.LinkOptions{Alias: new("")}, want: []string{"ifalias", ""}},
		{o: route.LinkOptions{Group: new(uint32(7))}, want: []string{"group", "7"}},
		{o: route.LinkOptions{Group: new(uint32(0))}, want: []string{"group", "default"}},
		{o: route.LinkOptions{Promisc: new(true)}, flag: "PROMISC"},
		{o: route.LinkOptions{Promisc: new(false)}, flag: "-PROMISC"},
		{o: route.LinkOptions{AllMulticast: new(true)}, flag: "ALLMULTI"},
		{o: route.LinkOptions{AllMulticast: new(false)}, flag: "-ALLMULTI"},
		{o: route.LinkOptions{ARP: new(false)}, flag: "NOARP"},
		{o: route.LinkOptions{ARP: new(true)}, flag: "-NOARP"},
		{o: route.LinkOptions{NewName: "uplink0", MTU: 1300}, dev: "uplink0", want: []string{"ifname", "uplink0", "mtu", "1300"}},
	} {
		dev := "a0"
		if err := e.c.LinkSet(e.ctx, route.ByName(dev), &tc.o); err != nil {
			t.Errorf("LinkSet %+v: %v", tc.o, err)
			continue
		}
		if tc.dev == "" {
			tc.dev = dev
		}
		l := e.link(t, tc.dev)
		expect(t, tc.dev, l, tc.want...)
		if f, absent := strings.CutPrefix(tc.flag, "-"); tc.flag != "" && hasFlag(l, f) == absent {
			t.Errorf("after LinkSet %+v: flags %s, want %s", tc.o, field(l, "flags"), tc.flag)
		}
	}
	if err := e.c.LinkSet(e.ctx, route.ByName("nope0"), &route.LinkOptions{MTU: 1400}); !errors.Is(err, unix.ENODEV) {
		t.Errorf("LinkSet of a missing link: %v, want ENODEV", err)
	}
	if err := e.c.LinkSet(e.ctx, route.ByName("a1"), &route.LinkOptions{Master: route.ByName("br0"), NoMaster: true}); err == nil {
		t.Error("LinkSet with Master and NoMaster: no error")
	}
}

// TestClientLinkSetNetNS moves links to namespaces named by name, by file
// descriptor and by process.
func TestClientLinkSetNetNS(t *testing.T) {
	e := newClientEnv(t)
	other := nltest.NewNS(t)
	e.script(t, `
link add m0 type veth peer name m1
link add m2 type veth peer name m3`)

	if err := e.c.LinkSet(e.ctx, route.ByName("m0"), &route.LinkOptions{NetNS: conn.NetNSName(other.Name)}); err != nil {
		t.Fatal(err)
	}
	h := other.Handle(t)
	if err := e.c.LinkSet(e.ctx, route.ByName("m1"), &route.LinkOptions{NetNS: conn.NetNSFD(h.FD())}); err != nil {
		t.Fatal(err)
	}
	// A process living in the other namespace.
	cmd := exec.Command("ip", "netns", "exec", other.Name, "sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitFor(t, func() bool {
		out, _ := exec.Command("ip", "netns", "identify", strconv.Itoa(cmd.Process.Pid)).Output()
		return strings.TrimSpace(string(out)) == other.Name
	})
	if err := e.c.LinkSet(e.ctx, route.ByName("m2"), &route.LinkOptions{NetNS: conn.NetNSPID(cmd.Process.Pid)}); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	other.IPJSON(t, &got, "link", "show")
	if n := names(got, "ifname"); !slices.Equal(n, []string{"lo", "m0", "m1", "m2"}) {
		t.Errorf("the other namespace has %v, want lo m0 m1 m2", n)
	}
	if n := names(e.objects(t, "link", "show"), "ifname"); !slices.Equal(n, []string{"lo", "m3"}) {
		t.Errorf("the test namespace has %v, want lo m3", n)
	}

	// A veth created with its peer, and a link created, elsewhere.
	if err := e.c.LinkAdd(e.ctx, "n0", &route.Veth{Peer: "n1", PeerNetNS: conn.NetNSName(other.Name)}, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.c.LinkAdd(e.ctx, "n2", &route.Veth{Peer: "n3"}, &route.LinkOptions{NetNS: conn.NetNSName(other.Name)}); err != nil {
		t.Fatal(err)
	}
	other.IPJSON(t, &got, "link", "show")
	if n := names(got, "ifname"); !slices.Equal(n, []string{"lo", "m0", "m1", "m2", "n1", "n2"}) {
		t.Errorf("the other namespace has %v, want lo m0 m1 m2 n1 n2", n)
	}
	expect(t, "n0", e.link(t, "n0"), "link_netnsid", "0")
}

func TestClientLinkDel(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add d0 type veth peer name d1")
	if err := e.c.LinkDel(e.ctx, route.ByName("d1")); err != nil {
		t.Fatal(err)
	}
	if n := names(e.objects(t, "link", "show"), "ifname"); !slices.Equal(n, []string{"lo"}) {
		t.Errorf("after LinkDel, ip shows %v", n)
	}
	err := e.c.LinkDel(e.ctx, route.ByName("d1"))
	var oe *netlink.OpError
	if !errors.Is(err, unix.ENODEV) || !errors.As(err, &oe) {
		t.Errorf("deleting d1 again: %v, want ENODEV", err)
	}
}

// TestClientLinkList lists links made with iproute2 and compares them with
// ip's view, whole and filtered in the kernel.
func TestClientLinkList(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add l0 type veth peer name l1
link add br0 type bridge
link set l1 master br0
link set l0 up mtu 1450
link add ml0 link l0 type macvlan mode private
link set br0 alias bridge-alias`)
	all, err := e.c.LinkList(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	ipLinks := e.objects(t, "-d", "link", "show")
	if len(all) != len(ipLinks) {
		t.Fatalf("LinkList: %d links, ip shows %d", len(all), len(ipLinks))
	}
	for i, l := range all {
		w := ipLinks[i]
		master := ""
		if l.Master != nil {
			lm, err := e.c.LinkByIndex(e.ctx, *l.Master)
			if err != nil {
				t.Fatal(err)
			}
			master = lm.Name
		}
		kind := ""
		if l.LinkInfo != nil {
			kind = l.LinkInfo.Kind
		}
		expect(t, l.Name, w, "ifindex", strconv.Itoa(int(l.Index)), "ifname", l.Name, "mtu", strconv.Itoa(int(l.MTU)),
			"address", l.Address.String(), "operstate", l.OperState.String(), "qdisc", l.Qdisc,
			"master", master, "ifalias", deref(l.Alias), "linkinfo.info_kind", kind, "txqlen", strconv.Itoa(int(deref(l.TxQueueLen))))
		if l.Flags&route.IffUp != 0 != hasFlag(w, "UP") {
			t.Errorf("%s: flags %s, ip shows %s", l.Name, l.Flags, field(w, "flags"))
		}
		if l.Stats64 == nil {
			t.Errorf("%s: no statistics", l.Name)
		}
	}

	for _, tc := range []struct {
		f    route.LinkFilter
		want []string
	}{
		{route.LinkFilter{Kind: "veth"}, []string{"l0", "l1"}},
		{route.LinkFilter{Kind: "bridge"}, []string{"br0"}},
		{route.LinkFilter{Master: route.ByName("br0")}, []string{"l1"}},
		{route.LinkFilter{WithVFs: true}, []string{"br0", "l0", "l1", "lo", "ml0"}},
	} {
		ls, err := e.c.LinkList(e.ctx, &tc.f)
		if err != nil {
			t.Errorf("%+v: %v", tc.f, err)
			continue
		}
		var got []string
		for _, l := range ls {
			got = append(got, l.Name)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("LinkList(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}

	// The iterator yields the same links, and its loop may use the Client.
	var streamed []string
	for l, err := range e.c.Links(e.ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		same, err := e.c.LinkByName(e.ctx, l.Name)
		if err != nil || same.Index != l.Index {
			t.Errorf("LinkByName(%s) inside Links: %v, %v", l.Name, same, err)
		}
		streamed = append(streamed, l.Name)
	}
	if want := names(ipLinks, "ifname"); !slices.Equal(sorted(streamed), want) {
		t.Errorf("Links yields %v, want %v", streamed, want)
	}
	if _, err := e.c.LinkByName(e.ctx, "missing0"); !errors.Is(err, unix.ENODEV) {
		t.Errorf("LinkByName(missing0): %v, want ENODEV", err)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestClientWaitForLink(t *testing.T) {
	e := newClientEnv(t)
	// A link that exists is returned at once.
	l, err := e.c.WaitForLink(e.ctx, "lo")
	if err != nil || l.Name != "lo" {
		t.Fatalf("WaitForLink(lo) = %v, %v", l, err)
	}

	type result struct {
		l   *route.Link
		err error
	}
	done := make(chan result, 1)
	go func() {
		l, err := e.c.WaitForLink(e.ctx, "late1")
		done <- result{l, err}
	}()
	time.Sleep(100 * time.Millisecond)
	e.script(t, "link add late0 type veth peer name late1")
	select {
	case r := <-done:
		if r.err != nil || r.l.Name != "late1" {
			t.Errorf("WaitForLink(late1) = %v, %v", r.l, r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("WaitForLink(late1) did not return")
	}

	ctx, cancel := context.WithTimeout(e.ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := e.c.WaitForLink(ctx, "never0"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitForLink(never0): %v, want DeadlineExceeded", err)
	}
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 100 {
		if cond() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("condition not met in time")
}

// deref returns *p, or the zero T for nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
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

// TestClientLinkBroadcastLength: the kernel cuts a broadcast address longer
// than the link's address to its length without a word (`ip link set d0
// broadcast 01:02:03:04:05:06:07` stores 01:02:03:04:05:06). LinkSet, with
// the link by name or index, and LinkAdd of an Ethernet kind refuse it.
func TestClientLinkBroadcastLength(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add v0 type veth peer name v1")
	v0, err := e.c.LinkGet(e.ctx, route.ByName("v0"))
	if err != nil {
		t.Fatal(err)
	}
	long := net.HardwareAddr{1, 2, 3, 4, 5, 6, 7}
	argErr := func(what string, err error) {
		t.Helper()
		var ae *route.ArgError
		if !errors.As(err, &ae) || ae.Arg != "LinkOptions.Broadcast" {
			t.Errorf("%s with a 7-byte broadcast address: %v, want an ArgError for LinkOptions.Broadcast", what, err)
		}
	}
	for _, l := range []route.LinkRef{route.ByName("v0"), route.ByIndex(v0.Index)} {
		argErr("LinkSet "+l.String(), e.c.LinkSet(e.ctx, l, &route.LinkOptions{Broadcast: long}))
	}
	argErr("LinkAdd veth", e.c.LinkAdd(e.ctx, "v2", &route.Veth{}, &route.LinkOptions{Broadcast: long}))
	after, err := e.c.LinkGet(e.ctx, route.ByName("v0"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(after.Broadcast, v0.Broadcast) {
		t.Errorf("broadcast address changed from %v to %v", v0.Broadcast, after.Broadcast)
	}
}
