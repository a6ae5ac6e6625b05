package route_test

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

func TestClientNextHop(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link set lo up
link add v0 type veth peer name v1
link set v0 up
link set v1 up
addr add 10.0.0.1/24 dev v0
addr add 2001:db8::1/64 dev v0 nodad`)
	v0 := route.ByName("v0")
	for _, o := range []route.NextHopOptions{
		{ID: 1, Gateway: netip.MustParseAddr("10.0.0.2"), Dev: v0},
		{ID: 2, Gateway: netip.MustParseAddr("10.0.0.3"), Dev: v0, OnLink: true, Protocol: route.ProtoStatic},
		{ID: 3, Blackhole: true},
		{ID: 4, Dev: v0},
		{ID: 5, Gateway: netip.MustParseAddr("2001:db8::2"), Dev: v0},
		{ID: 10, Group: []route.GroupMember{{ID: 1}, {ID: 2, Weight: 3}}},
		{ID: 11, Group: []route.GroupMember{{ID: 1, Weight: 5}, {ID: 2}}, GroupType: route.GroupResilient,
			Resilient: &route.ResilientOptions{Buckets: 8, IdleTimer: 10 * time.Second, UnbalancedTimer: 20 * time.Second}},
		{ID: 12, Group: []route.GroupMember{{ID: 1, Weight: 1000}, {ID: 2}}},
	} {
		if err := e.c.NextHopAdd(e.ctx, &o); err != nil {
			t.Fatalf("NextHopAdd %d: %v", o.ID, err)
		}
	}
	// ip(8) shows what was made.
	got := map[string]string{}
	for _, m := range e.objects(t, "nexthop", "show") {
		got[field(m, "id")] = strings.Join([]string{field(m, "gateway"), field(m, "dev"), field(m, "scope"),
			field(m, "protocol"), field(m, "flags"), blackhole(m), field(m, "type"), field(m, "resilient_args.buckets"),
			field(m, "resilient_args.idle_timer"), field(m, "resilient_args.unbalanced_timer")}, "|")
		group, _ := m["group"].([]any)
		for _, g := range group {
			got[field(m, "id")] += "|" + field(g.(map[string]any), "id") + "/" + field(g.(map[string]any), "weight")
		}
	}
	for id, want := range map[string]string{
		"1":  "10.0.0.2|v0|link|||||||",
		"2":  "10.0.0.3|v0|link|static|onlink|||||",
		"3":  "|||||blackhole||||",
		"4":  "|v0|host|||||||",
		"5":  "2001:db8::2|v0|link|||||||",
		"10": "|||||||||" + "|1/|2/3",
		"11": "||||||resilient|8|10|20" + "|1/5|2/",
		// ip 6.1 reads the low byte of weights alone: 1000 shows as 232.
		"12": "|||||||||" + "|1/232|2/",
	} {
		if got[id] != want {
			t.Errorf("ip nexthop show: id %s is %q, want %q", id, got[id], want)
		}
	}

	// The Client lists and gets what ip(8) shows.
	ns, err := e.c.NextHopList(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []uint32
	for _, n := range ns {
		ids = append(ids, n.ID)
	}
	if !slices.Equal(ids, []uint32{1, 2, 3, 4, 5, 10, 11, 12}) {
		t.Errorf("NextHopList ids = %v", ids)
	}
	for f, want := range map[*route.NextHopFilter][]uint32{
		{Dev: v0}:      {1, 2, 4, 5},
		{Groups: true}: {10, 11, 12},
	} {
		ns, err := e.c.NextHopList(e.ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		ids = nil
		for _, n := range ns {
			ids = append(ids, n.ID)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("NextHopList(%+v) = %v, want %v", *f, ids, want)
		}
	}
	n, err := e.c.NextHopGet(e.ctx, 12)
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Group) != 2 || n.Group[0].FullWeight() != 1000 {
		t.Errorf("NextHopGet(12).Group = %+v", n.Group)
	}
	if _, err := e.c.NextHopGet(e.ctx, 99); !errors.Is(err, unix.ENOENT) {
		t.Errorf("NextHopGet(99): %v, want ENOENT", err)
	}
	bs, err := e.c.NextHopBuckets(e.ctx, 11)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 8 {
		t.Errorf("NextHopBuckets(11) = %d buckets, want 8", len(bs))
	}

	// Routes through objects; replacing an object moves them.
	if err := e.c.RouteAdd(e.ctx, netip.MustParsePrefix("192.168.5.0/24"), &route.RouteOptions{NHID: 10}); err != nil {
		t.Fatal(err)
	}
	if err := e.c.RouteAdd(e.ctx, netip.MustParsePrefix("192.168.6.0/24"), &route.RouteOptions{NHID: 1}); err != nil {
		t.Fatal(err)
	}
	if err := e.c.NextHopReplace(e.ctx, &route.NextHopOptions{ID: 1, Gateway: netip.MustParseAddr("10.0.0.7"), Dev: v0}); err != nil {
		t.Fatal(err)
	}
	rs := e.objects(t, "route", "show", "192.168.6.0/24")
	if len(rs) != 1 || field(rs[0], "nhid") != "1" || field(rs[0], "gateway") != "10.0.0.7" {
		t.Errorf("after NextHopReplace, ip route shows %v", rs)
	}
	if err := e.c.NextHopAdd(e.ctx, &route.NextHopOptions{ID: 1, Dev: v0}); !errors.Is(err, unix.EEXIST) {
		t.Errorf("NextHopAdd of a taken id: %v, want EEXIST", err)
	}
	// Deleting an object deletes the routes through it.
	if err := e.c.NextHopDel(e.ctx, 1); err != nil {
		t.Fatal(err)
	}
	if rs := e.objects(t, "route", "show", "192.168.6.0/24"); len(rs) != 0 {
		t.Errorf("after NextHopDel, ip route shows %v", rs)
	}
	if err := e.c.NextHopDel(e.ctx, 1); !errors.Is(err, unix.ENOENT) {
		t.Errorf("second NextHopDel: %v, want ENOENT", err)
	}
}

// blackhole returns "blackhole" if ip's JSON has the key.
func blackhole(m map[string]any) string {
	if _, ok := m["blackhole"]; ok {
		return "blackhole"
	}
	return ""
}

func TestClientNextHopArgs(t *testing.T) {
	c := route.NewClient(nil, nil) // refused before anything is sent
	for _, tc := range []struct {
		o    route.NextHopOptions
		want string
	}{
		{route.NextHopOptions{Family: route.FamilyIPv6, Gateway: netip.MustParseAddr("10.0.0.1")}, "NextHopOptions.Gateway"},
		{route.NextHopOptions{Group: []route.GroupMember{{ID: 1}}, Blackhole: true}, "NextHopOptions.Group"},
		{route.NextHopOptions{Group: []route.GroupMember{{ID: 1, Weight: 1 << 17}}}, "NextHopOptions.Group[0].Weight"},
		{route.NextHopOptions{Group: []route.GroupMember{{ID: 1}}, Resilient: &route.ResilientOptions{}}, "NextHopOptions.Resilient"},
	} {
		err := c.NextHopAdd(t.Context(), &tc.o)
		var ae *route.ArgError
		if !errors.As(err, &ae) || ae.Arg != tc.want {
			t.Errorf("%+v: %v, want an ArgError on %s", tc.o, err, tc.want)
		}
	}
	if err := c.NextHopDel(t.Context(), 0); err == nil {
		t.Error("NextHopDel(0) succeeded")
	}
}
