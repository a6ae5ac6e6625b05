package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/examples/internal/clitest"
	"github.com/nltag/go-netlink/internal/nltest"
)

// nexthopSetup are nexthop objects and routes through them, in ip(8)'s
// grammar, which both programs are given.
const nexthopSetup = `
nexthop add id 1 via 10.0.0.2 dev v0
nexthop add id 2 via 10.0.0.3 dev v0 onlink proto static
nexthop add id 3 blackhole
nexthop add id 30 blackhole proto 99
nexthop add id 4 dev v0
nexthop add id 5 via 2001:db8::2 dev v0
nexthop add id 10 group 1/2,3
nexthop add id 11 group 1,5/2 type resilient buckets 8 idle_timer 10 unbalanced_timer 20
nexthop add id 12 group 1/2 type mpath
nexthop add id 41 via 10.0.0.9 fdb
nexthop add id 42 group 41 fdb
nexthop replace id 4 via 10.0.0.4 dev v0 proto boot
route add 192.168.5.0/24 nhid 10
route add 192.168.6.0/24 nhid 1
route add 192.168.7.0/24 nhid 3`

func TestNexthopMatchesIP(t *testing.T) {
	for _, maker := range []string{"ip(8)", "this program"} {
		t.Run(maker, func(t *testing.T) {
			ns, ctx := newNS(t, `
link set lo up
link add v0 type veth peer name v1
link set v0 up
link set v1 up
addr add 10.0.0.1/24 dev v0
addr add 2001:db8::1/64 dev v0 nodad`)
			for line := range strings.SplitSeq(nexthopSetup, "\n") {
				f := strings.Fields(line)
				if len(f) == 0 {
					continue
				}
				if maker == "ip(8)" {
					ns.IP(t, f...)
				} else if _, errs, code := clitest.Run(ctx, run, append([]string{"-n", ns.Name}, f...)...); code != 0 {
					t.Fatalf("ip %s: exit %d: %s", line, code, errs)
				}
			}
			for _, args := range [][]string{
				{"nexthop", "show"},
				{"-d", "nexthop", "show"},
				{"nexthop", "show", "dev", "v0"},
				{"nexthop", "show", "groups"},
				{"-6", "nexthop", "show"},
				{"nexthop", "show", "id", "11"},
				{"nexthop", "get", "id", "2"},
				{"route", "show"},
				{"-d", "route", "show", "192.168.5.0/24"},
				{"-d", "route", "show", "192.168.6.0/24"},
			} {
				sameJSON(t, ctx, ns.Name, args...)
				sameText(t, ctx, ns.Name, args...)
			}
			sameBuckets(t, ns, "11")
			// Deleting an object takes the routes through it.
			if _, errs, code := clitest.Run(ctx, run, "-n", ns.Name, "nexthop", "del", "id", "1"); code != 0 {
				t.Fatalf("ip nexthop del: %s", errs)
			}
			sameJSON(t, ctx, ns.Name, "nexthop", "show")
			sameJSON(t, ctx, ns.Name, "route", "show")
			if out := ns.IP(t, "route", "show", "192.168.6.0/24"); out != "" {
				t.Errorf("route through a deleted nexthop: %s", out)
			}
			if _, errs, code := clitest.Run(ctx, run, "-n", ns.Name, "nexthop", "flush", "groups"); code != 0 {
				t.Fatalf("ip nexthop flush groups: %s", errs)
			}
			if out := ns.IP(t, "nexthop", "show", "groups"); out != "" {
				t.Errorf("groups left after a flush: %s", out)
			}
			if out := ns.IP(t, "nexthop", "show", "id", "2"); out == "" {
				t.Error("flushing groups took nexthop 2 too")
			}
		})
	}
}

// sameBuckets compares `ip -j nexthop bucket show id ID` of both programs,
// but for the idle times, which grow between the two.
func sameBuckets(t *testing.T, ns *nltest.NS, id string) {
	t.Helper()
	args := []string{"-n", ns.Name, "-j", "nexthop", "bucket", "show", "id", id}
	out, errs, code := clitest.Run(t.Context(), run, args...)
	if code != 0 {
		t.Fatalf("ip nexthop bucket show: %s", errs)
	}
	want, errs, ok := realIP(args...)
	if !ok {
		t.Fatalf("ip(8) nexthop bucket show: %s", errs)
	}
	var mine, theirs []map[string]any
	if err := json.Unmarshal([]byte(out), &mine); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &theirs); err != nil {
		t.Fatal(err)
	}
	for _, bs := range [][]map[string]any{mine, theirs} {
		for _, b := range bs {
			if bucket, ok := b["bucket"].(map[string]any); ok {
				delete(bucket, "idle_time")
			}
		}
	}
	if len(mine) != 8 {
		t.Errorf("ip nexthop bucket show: %d buckets, want 8", len(mine))
	}
	for _, d := range compareJSON("", toAny(mine), toAny(theirs)) {
		t.Errorf("ip -j nexthop bucket show: %s", d)
	}
}

func toAny(ms []map[string]any) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		out[i] = m
	}
	return out
}

func TestNexthopErrors(t *testing.T) {
	ns, ctx := newNS(t, "link add v0 type veth peer name v1")
	for _, c := range []struct {
		args string
		msg  string
	}{
		{"nexthop get id 9", "RTNETLINK answers: No such file or directory"},
		{"nexthop del", "\"id\" is required"},
		{"nexthop add id 1 group 1,0", "invalid weight"},
		{"nexthop add id 1 group 1/2 type rr", "invalid group type"},
		{"nexthop add id 7 via 10.9.9.9 dev v0", "Error: Nexthop device is not up."},
	} {
		_, errs, code := clitest.Run(ctx, run, append([]string{"-n", ns.Name}, strings.Fields(c.args)...)...)
		if code == 0 || !strings.Contains(errs, c.msg) {
			t.Errorf("ip %s: exit %d, %q; want a failure, %q", c.args, code, errs, c.msg)
		}
	}
}
