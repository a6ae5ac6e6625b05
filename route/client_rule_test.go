package route_test

import (
	"errors"
	"net/netip"
	"slices"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

func TestClientRule(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add v0 type veth peer name v1")
	p := netip.MustParsePrefix
	for _, tc := range []struct {
		o    route.RuleOptions
		want []string
	}{
		{route.RuleOptions{Priority: new(uint32(100)), Src: p("10.9.0.0/16"), Table: 1000},
			[]string{"src", "10.9.0.0", "srclen", "16", "table", "1000"}},
		{route.RuleOptions{Priority: new(uint32(200)), Dst: p("10.8.0.0/16"), IIF: "v0", Invert: true, Table: 2000},
			[]string{"dst", "10.8.0.0", "dstlen", "16", "iif", "v0", "table", "2000"}},
		{route.RuleOptions{Priority: new(uint32(300)), FwMark: 0x10, FwMask: 0xff, Table: 300},
			[]string{"fwmark", "0x10", "fwmask", "0xff", "table", "300"}},
		{route.RuleOptions{Priority: new(uint32(400)), Src: p("10.6.0.0/16"), Action: route.ActionUnreachable},
			[]string{"action", "unreachable"}},
		{route.RuleOptions{Priority: new(uint32(500)), OIF: "v1"},
			[]string{"oif", "v1", "table", "main"}},
		{route.RuleOptions{Priority: new(uint32(50)), Src: p("2001:db8::/32"), Table: 5},
			[]string{"src", "2001:db8::", "srclen", "32", "table", "5"}},
	} {
		if err := e.c.RuleAdd(e.ctx, &tc.o); err != nil {
			t.Errorf("RuleAdd %+v: %v", tc.o, err)
			continue
		}
		fam := "-4"
		if tc.o.Src.Addr().Is6() {
			fam = "-6"
		}
		var found map[string]any
		for _, r := range e.objects(t, fam, "rule", "show") {
			if field(r, "priority") == jsonText(float64(*tc.o.Priority)) {
				found = r
			}
		}
		if found == nil {
			t.Errorf("RuleAdd %+v: ip does not show it", tc.o)
			continue
		}
		expect(t, "rule "+field(found, "priority"), found, tc.want...)
		if _, not := found["not"]; not != tc.o.Invert {
			t.Errorf("rule %d: ip shows not=%v", *tc.o.Priority, not)
		}
	}

	for _, fam := range []route.Family{route.FamilyIPv4, route.FamilyIPv6} {
		rs, err := e.c.RuleList(e.ctx, fam)
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, r := range rs {
			var prio uint32 // the kernel leaves out priority 0
			if r.Priority != nil {
				prio = *r.Priority
			}
			got = append(got, jsonText(float64(prio))+" "+r.FullTable().String())
		}
		flag := map[route.Family]string{route.FamilyIPv4: "-4", route.FamilyIPv6: "-6"}[fam]
		for _, m := range e.objects(t, flag, "rule", "show") {
			tab := map[string]string{"main": "RT_TABLE_MAIN", "local": "RT_TABLE_LOCAL", "default": "RT_TABLE_DEFAULT", "": "RT_TABLE_UNSPEC"}[field(m, "table")]
			if tab == "" {
				tab = field(m, "table")
			}
			want = append(want, field(m, "priority")+" "+tab)
		}
		if !slices.Equal(got, want) {
			t.Errorf("RuleList(%v) = %q, ip shows %q", fam, got, want)
		}
	}

	if err := e.c.RuleDel(e.ctx, &route.RuleOptions{Priority: new(uint32(300))}); err != nil {
		t.Fatal(err)
	}
	if err := e.c.RuleDel(e.ctx, &route.RuleOptions{Src: p("2001:db8::/32"), Table: 5}); err != nil {
		t.Fatal(err)
	}
	for _, fam := range []string{"-4", "-6"} {
		for _, r := range e.objects(t, fam, "rule", "show") {
			if pr := field(r, "priority"); pr == "300" || pr == "50" {
				t.Errorf("after RuleDel, ip shows rule %s", pr)
			}
		}
	}
	if err := e.c.RuleDel(e.ctx, &route.RuleOptions{Priority: new(uint32(300))}); !errors.Is(err, unix.ENOENT) {
		t.Errorf("deleting rule 300 again: %v, want ENOENT", err)
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
