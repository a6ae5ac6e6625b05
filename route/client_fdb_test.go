package route_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

// bridgeJSON runs `bridge -n ns -j args...` and returns the objects.
func (e *clientEnv) bridgeJSON(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	out, err := exec.Command("bridge", append([]string{"-n", e.Name, "-j"}, args...)...).Output()
	if err != nil {
		t.Fatalf("bridge %s: %v", strings.Join(args, " "), err)
	}
	var v []map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("bridge %s: %v", strings.Join(args, " "), err)
	}
	return v
}

// fdbKey names an entry of `bridge -j fdb show` by what tells it apart.
func fdbKey(m map[string]any) string {
	return strings.Join([]string{field(m, "mac"), field(m, "ifname"), field(m, "dst"), field(m, "vni")}, " ")
}

// TestClientFDB adds, appends, replaces and deletes entries of a bridge and
// of a vxlan device, and lists them, each checked with bridge(8).
func TestClientFDB(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add br0 type bridge
link add v0 type veth peer name v1
link set v0 master br0
link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 nolearning
link set vx0 master br0
link set v0 type bridge_slave learning off
link set v0 addrgenmode none
link set v1 addrgenmode none
link set br0 addrgenmode none
link set v0 up
link set v1 up
link set br0 up`)
	// Dynamic entries need a forwarding port: carrier on both ends. Learning
	// is off and no IPv6 link-local address joins a group, so that the
	// FDB holds only what the test adds while it compares listings.
	mac := func(s string) net.HardwareAddr { m, _ := net.ParseMAC(s); return m }
	zero := mac("00:00:00:00:00:00")
	find := func(t *testing.T, key string) map[string]any {
		t.Helper()
		for _, m := range e.bridgeJSON(t, "fdb", "show") {
			if fdbKey(m) == key {
				return m
			}
		}
		return nil
	}
	for _, s := range []struct {
		what string
		do   func() error
		key  string   // fdbKey of the entry, as bridge shows it
		want []string // path, value pairs; nil: the entry is gone
	}{
		{"master static", func() error {
			return e.c.FDBAdd(e.ctx, route.ByName("v0"), mac("02:00:00:00:00:01"), &route.FDBOptions{Master: true, State: route.FDBStatic})
		}, "02:00:00:00:00:01 v0  ", []string{"master", "br0", "state", "static", "flags", ""}},
		{"master permanent by index", func() error {
			l, err := e.c.LinkByName(e.ctx, "v0")
			if err != nil {
				return err
			}
			return e.c.FDBAdd(e.ctx, route.ByIndex(l.Index), mac("02:00:00:00:00:02"), &route.FDBOptions{Master: true})
		}, "02:00:00:00:00:02 v0  ", []string{"master", "br0", "state", "permanent"}},
		{"replace static by dynamic", func() error {
			return e.c.FDBReplace(e.ctx, route.ByName("v0"), mac("02:00:00:00:00:01"), &route.FDBOptions{Master: true, State: route.FDBDynamic})
		}, "02:00:00:00:00:01 v0  ", []string{"state", ""}},
		{"extern_learn", func() error {
			return e.c.FDBAdd(e.ctx, route.ByName("v0"), mac("02:00:00:00:00:06"), &route.FDBOptions{Master: true, ExtLearned: true, State: route.FDBStatic})
		}, "02:00:00:00:00:06 v0  ", []string{"flags", "extern_learn"}},
		{"bridge's own, self by default", func() error {
			return e.c.FDBAdd(e.ctx, route.ByName("br0"), mac("02:00:00:00:00:04"), nil)
		}, "02:00:00:00:00:04 br0  ", []string{"master", "br0", "state", "permanent"}},
		{"vxlan head-end replication", func() error {
			return e.c.FDBAppend(e.ctx, route.ByName("vx0"), zero, &route.FDBOptions{Dst: netip.MustParseAddr("192.0.2.9")})
		}, "00:00:00:00:00:00 vx0 192.0.2.9 ", []string{"flags", "self", "state", "permanent"}},
		{"vxlan second remote", func() error {
			return e.c.FDBAppend(e.ctx, route.ByName("vx0"), zero, &route.FDBOptions{Self: true,
				Dst: netip.MustParseAddr("192.0.2.10"), VNI: 100, Port: 4790})
		}, "00:00:00:00:00:00 vx0 192.0.2.10 100", []string{"port", "4790", "vni", "100", "flags", "self"}},
		{"vxlan remote via a link", func() error {
			return e.c.FDBAdd(e.ctx, route.ByName("vx0"), mac("02:00:00:00:00:07"), &route.FDBOptions{
				Dst: netip.MustParseAddr("192.0.2.11"), Via: route.ByName("v1"), State: route.FDBStatic})
		}, "02:00:00:00:00:07 vx0 192.0.2.11 ", []string{"viaIf", "v1", "state", "static"}},
		{"delete one remote", func() error {
			return e.c.FDBDel(e.ctx, route.ByName("vx0"), zero, &route.FDBOptions{Dst: netip.MustParseAddr("192.0.2.9")})
		}, "00:00:00:00:00:00 vx0 192.0.2.9 ", nil},
		{"delete a bridge entry", func() error {
			return e.c.FDBDel(e.ctx, route.ByName("v0"), mac("02:00:00:00:00:02"), &route.FDBOptions{Master: true})
		}, "02:00:00:00:00:02 v0  ", nil},
	} {
		if err := s.do(); err != nil {
			t.Errorf("%s: %v", s.what, err)
			continue
		}
		m := find(t, s.key)
		switch {
		case s.want == nil && m != nil:
			t.Errorf("%s: bridge still shows %v", s.what, m)
		case s.want != nil && m == nil:
			t.Errorf("%s: bridge shows no entry %q", s.what, s.key)
		case m != nil:
			expect(t, s.what, m, s.want...)
		}
	}
	// The second remote is still there.
	if find(t, "00:00:00:00:00:00 vx0 192.0.2.10 100") == nil {
		t.Error("deleting one remote deleted the other")
	}

	err := e.c.FDBAdd(e.ctx, route.ByName("v0"), mac("02:00:00:00:00:01"), &route.FDBOptions{Master: true})
	if !errors.Is(err, unix.EEXIST) {
		t.Errorf("adding an entry twice: %v, want EEXIST", err)
	}
	for _, tc := range []struct {
		o    *route.FDBOptions
		mac  net.HardwareAddr
		want string
	}{
		{nil, nil, "lladdr"},
		{nil, net.HardwareAddr{1, 2, 3}, "lladdr"},
		{&route.FDBOptions{State: 9}, zero, "FDBOptions.State"},
		{&route.FDBOptions{NHID: 1, Dst: netip.MustParseAddr("192.0.2.1")}, zero, "FDBOptions.NHID"},
		{&route.FDBOptions{Via: route.ByName("nope0")}, zero, "FDBOptions.Via"},
	} {
		err := e.c.FDBAdd(e.ctx, route.ByName("vx0"), tc.mac, tc.o)
		var ae *route.ArgError
		if tc.want == "FDBOptions.Via" {
			if !errors.Is(err, unix.ENODEV) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("FDBAdd with %+v: %v, want ENODEV naming %s", tc.o, err, tc.want)
			}
			continue
		}
		if !errors.As(err, &ae) || ae.Arg != tc.want {
			t.Errorf("FDBAdd with %+v, %v: %v, want an ArgError for %s", tc.o, tc.mac, err, tc.want)
		}
	}

	// FDBList agrees with bridge fdb show, whole and filtered.
	for _, tc := range []struct {
		f    *route.FDBFilter
		args []string
	}{
		{nil, nil},
		{&route.FDBFilter{Dev: route.ByName("vx0")}, []string{"dev", "vx0"}},
		{&route.FDBFilter{Bridge: route.ByName("br0")}, []string{"br", "br0"}},
	} {
		got, err := e.c.FDBList(e.ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var mine []string
		for _, n := range got {
			dst := ""
			if n.Dst.IsValid() {
				dst = n.Dst.String()
			}
			vni := ""
			if n.VNI != 0 {
				vni = fmt.Sprint(n.VNI)
			}
			mine = append(mine, strings.Join([]string{n.LLAddr.String(), fmt.Sprint(n.Index), dst, vni}, " "))
		}
		var theirs []string
		for _, m := range e.bridgeJSON(t, append([]string{"fdb", "show"}, tc.args...)...) {
			name := field(m, "ifname")
			if name == "" {
				name = tc.args[1]
			}
			l, err := e.c.LinkByName(e.ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			theirs = append(theirs, strings.Join([]string{field(m, "mac"), fmt.Sprint(l.Index), field(m, "dst"), field(m, "vni")}, " "))
		}
		slices.Sort(mine)
		slices.Sort(theirs)
		if !slices.Equal(mine, theirs) {
			t.Errorf("FDBList(%+v):\n%s\nbridge fdb show %v:\n%s", tc.f, strings.Join(mine, "\n"), tc.args, strings.Join(theirs, "\n"))
		}
	}
}
