package main

// The program is checked against iproute2's tc: state made by one is shown
// the same way by the other, as JSON (key by key) and as text (line by
// line). tc 6.1 prints htb classes as text even with -j, so classes are
// compared as text.

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/examples/internal/clitest"
	"github.com/nltag/go-netlink/internal/nltest"
)

// realTC runs tc(8) and returns its output and whether it succeeded.
func realTC(args ...string) (stdout, stderr string, ok bool) {
	stdout, stderr, code := clitest.Exec("tc", args...)
	return stdout, stderr, code == 0
}

// both runs args through this program and tc(8) and returns their outputs.
func both(t *testing.T, ctx context.Context, ns string, args ...string) (mine, theirs string) {
	t.Helper()
	full := append([]string{"-n", ns}, args...)
	out, errs, code := clitest.Run(ctx, run, full...)
	if code != 0 {
		t.Fatalf("tc %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	want, errs, ok := realTC(full...)
	if !ok {
		t.Fatalf("tc(8) %s: %s", strings.Join(args, " "), errs)
	}
	return out, want
}

// sameJSON compares the JSON of both programs: the same keys with the same
// values, in the same order of objects.
func sameJSON(t *testing.T, ctx context.Context, ns string, args ...string) {
	t.Helper()
	out, want := both(t, ctx, ns, append([]string{"-j"}, args...)...)
	var mine, theirs any
	if err := json.Unmarshal([]byte(out), &mine); err != nil {
		t.Fatalf("tc -j %s: invalid JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
	if err := json.Unmarshal([]byte(want), &theirs); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(mine, theirs) {
		t.Errorf("tc -j %s:\n--- this program\n%s--- tc(8)\n%s", strings.Join(args, " "), out, want)
	}
}

// sameText compares the text of both programs, ignoring spaces at line ends.
func sameText(t *testing.T, ctx context.Context, ns string, args ...string) {
	t.Helper()
	out, want := both(t, ctx, ns, args...)
	if clitest.TrimLines(out) != clitest.TrimLines(want) {
		t.Errorf("tc %s:\n--- this program\n%s--- tc(8)\n%s", strings.Join(args, " "), out, want)
	}
}

// setup are the commands, tc's grammar, both programs are given.
const setup = `
qdisc add dev v0 root handle 1: htb default 10 r2q 5
class add dev v0 parent 1: classid 1:1 htb rate 10mbit ceil 20mbit burst 15k prio 2
class add dev v0 parent 1:1 classid 1:10 htb rate 1mbit
class add dev v0 parent 1:1 classid 1:20 htb rate 1500kbit ceil 3gbit cburst 100kb prio 3 quantum 3000
qdisc add dev v0 parent 1:10 handle 10: pfifo limit 50
qdisc add dev v0 parent 1:20 handle 20: bfifo limit 10kb
qdisc add dev v0 ingress
qdisc add dev v1 root tbf rate 5gbit burst 100kb latency 10ms peakrate 6gbit mtu 64k
qdisc add dev v2 root tbf rate 1mbit burst 32kbit latency 12.5ms
qdisc add dev v2 clsact
qdisc add dev v3 root handle 5: pfifo_head_drop limit 20
qdisc add dev v4 root pfifo_fast
qdisc replace dev v5 root pfifo
qdisc add dev lo root tbf rate 800kbit burst 3000 limit 9000 overhead 24`

var shows = [][]string{
	{"qdisc", "show"},
	{"qdisc", "show", "dev", "v0"},
	{"-s", "qdisc", "show", "dev", "v1"},
	{"-d", "qdisc", "show", "dev", "v0"},
	{"-d", "qdisc", "show", "dev", "v2"},
}

func newNS(t *testing.T) (*nltest.NS, context.Context) {
	t.Helper()
	ns := nltest.NewNS(t)
	for _, l := range []string{"link add v0 type veth peer name v1", "link add v2 type veth peer name v3", "link add v4 type veth peer name v5", "link set lo up"} {
		ns.IP(t, strings.Fields(l)...)
	}
	return ns, clitest.Context(t)
}

// TestParity makes the same state with each program in turn and shows it
// with both.
func TestParity(t *testing.T) {
	for _, maker := range []string{"tc(8)", "this program"} {
		t.Run(maker, func(t *testing.T) {
			ns, ctx := newNS(t)
			for line := range strings.SplitSeq(setup, "\n") {
				args := append([]string{"-n", ns.Name}, strings.Fields(line)...)
				if len(args) == 2 {
					continue
				}
				if maker == "tc(8)" {
					if _, errs, ok := realTC(args...); !ok {
						t.Fatalf("tc %s: %s", line, errs)
					}
				} else if _, errs, code := clitest.Run(ctx, run, args...); code != 0 {
					t.Fatalf("tc %s: exit %d: %s", line, code, errs)
				}
			}
			for _, args := range shows {
				sameJSON(t, ctx, ns.Name, args...)
				sameText(t, ctx, ns.Name, args...)
			}
			sameText(t, ctx, ns.Name, "class", "show", "dev", "v0")
			sameText(t, ctx, ns.Name, "-d", "class", "show", "dev", "v0")
			sameText(t, ctx, ns.Name, "class", "show", "dev", "v0", "classid", "1:20")
		})
	}
}

// TestChangeDelete changes and deletes with this program and checks with
// tc(8) after each step.
func TestChangeDelete(t *testing.T) {
	ns, ctx := newNS(t)
	steps := []struct {
		cmd  string
		show []string
		want string // a line of tc(8)'s text (or "": no line)
	}{
		{"qdisc add dev v0 root handle 1: htb default 20", []string{"qdisc", "show", "dev", "v0"}, "qdisc htb 1: root refcnt 3 r2q 10 default 0x20 direct_packets_stat 0 direct_qlen 1000"},
		{"qdisc add dev v2 root handle 3: tbf rate 1mbit burst 10k limit 20k", []string{"qdisc", "show", "dev", "v2"}, "qdisc tbf 3: root refcnt 3 rate 1Mbit burst 10Kb lat 81.9ms"},
		{"qdisc change dev v2 root handle 3: tbf rate 2mbit burst 10k limit 30k", []string{"qdisc", "show", "dev", "v2"}, "qdisc tbf 3: root refcnt 3 rate 2Mbit burst 10Kb lat 81.9ms"},
		{"class add dev v0 parent 1: classid 1:5 htb rate 2mbit", []string{"class", "show", "dev", "v0"}, "class htb 1:5 root prio 0 rate 2Mbit ceil 2Mbit burst 1600b cburst 1600b"},
		{"class change dev v0 classid 1:5 htb rate 3mbit ceil 4mbit", []string{"class", "show", "dev", "v0"}, "class htb 1:5 root prio 0 rate 3Mbit ceil 4Mbit burst 1599b cburst 1600b"},
		{"class replace dev v0 parent 1: classid 1:6 htb rate 1mbit", []string{"class", "show", "dev", "v0"}, "class htb 1:6 root prio 0 rate 1Mbit ceil 1Mbit burst 1600b cburst 1600b"},
		{"class del dev v0 classid 1:5", []string{"class", "show", "dev", "v0"}, "class htb 1:6 root prio 0 rate 1Mbit ceil 1Mbit burst 1600b cburst 1600b"},
		{"qdisc replace dev v0 root handle 2: pfifo limit 7", []string{"qdisc", "show", "dev", "v0"}, "qdisc pfifo 2: root refcnt 3 limit 7p"},
		{"qdisc add dev v0 clsact", []string{"qdisc", "show", "dev", "v0"}, "qdisc clsact ffff: parent ffff:fff1"},
		{"qdisc del dev v0 clsact", []string{"qdisc", "show", "dev", "v0"}, "qdisc pfifo 2: root refcnt 3 limit 7p"},
		{"qdisc del dev v0 root", []string{"qdisc", "show", "dev", "v0"}, ""}, // veth's noqueue is not shown
	}
	for _, s := range steps {
		args := append([]string{"-n", ns.Name}, strings.Fields(s.cmd)...)
		if _, errs, code := clitest.Run(ctx, run, args...); code != 0 {
			t.Fatalf("tc %s: exit %d: %s", s.cmd, code, errs)
		}
		out, errs, ok := realTC(append([]string{"-n", ns.Name}, s.show...)...)
		if !ok {
			t.Fatalf("tc(8) %v: %s", s.show, errs)
		}
		if !slices.Contains(strings.Split(clitest.TrimLines(out), "\n"), s.want) {
			t.Errorf("after %q, tc(8) shows:\n%s\nwant the line %q", s.cmd, out, s.want)
		}
		sameText(t, ctx, ns.Name, s.show...)
	}
	sameJSON(t, ctx, ns.Name, "qdisc", "show")
}

// TestErrors checks exit statuses and messages.
func TestErrors(t *testing.T) {
	ns, ctx := newNS(t)
	for _, c := range []struct {
		args string
		code int
		msg  string
	}{
		{"qdisc del dev v0 root", 2, "Error: Cannot delete qdisc with handle of zero."},
		{"qdisc add dev nope root pfifo", 1, "Cannot find device \"nope\""},
		{"qdisc show dev nope", 1, "Cannot find device \"nope\""},
		{"class show dev nope", 1, "Cannot find device \"nope\""},
		{"qdisc add root pfifo", 1, "Need \"dev\" argument"},
		{"qdisc add dev v0 root tbf rate 1mbit", 1, "tbf: both \"rate\" and \"burst\" are required."},
		{"qdisc add dev v0 root tbf rate 1mbit burst 10k", 1, "exactly one of \"limit\" and \"latency\""},
		{"qdisc add dev v0 root tbf rate 1xbit burst 10k limit 1", 1, "Illegal \"rate\" \"1xbit\""},
		{"qdisc add dev v0 root sfq", 1, "Unknown qdisc \"sfq\""},
		{"class add dev v0 parent 1: classid 1:1 htb ceil 1mbit", 1, "htb: \"rate\" is required."},
		{"filter show", 1, "Object \"filter\" is unknown"},
		{"qdisc add dev v0 root bfifo limit", 1, "\"limit\" needs an argument"},
		{"qdisc add dev v0 root handle 1:2 pfifo", 1, "Invalid qdisc ID \"1:2\""},
		{"class add dev v0 classid 1:1 hfsc", 1, "Unknown class \"hfsc\""},
	} {
		_, errs, code := clitest.Run(ctx, run, append([]string{"-n", ns.Name}, strings.Fields(c.args)...)...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("tc %s: exit %d, %q; want exit %d, %q", c.args, code, errs, c.code, c.msg)
		}
	}
}

func TestUnits(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{formatRate(125000), "1Mbit"},
		{formatRate(187500), "1500Kbit"},
		{formatRate(625000000), "5Gbit"},
		{formatRate(1), "8bit"},
		{formatSize(1600), "1600b"},
		{formatSize(15360), "15Kb"},
		{formatSize(101875), "101875b"},
		{formatSize(3 << 20), "3Mb"},
		{formatTime(400000), "400ms"},
		{formatTime(12500), "12.5ms"},
		{formatTime(2e6), "2s"},
		{formatTime(999), "999us"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	for s, want := range map[string]uint64{"1mbit": 125000, "8": 1, "1.5kbit": 187, "2kbps": 2000, "1mibit": 131072} {
		if got, err := parseRate("rate", s); err != nil || got != want {
			t.Errorf("parseRate(%q) = %d, %v, want %d", s, got, err, want)
		}
	}
	for s, want := range map[string]uint32{"32kbit": 4096, "1600": 1600, "15k": 15360, "1mb": 1 << 20} {
		if got, err := parseSize("burst", s); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v, want %d", s, got, err, want)
		}
	}
	for s, want := range map[string]string{"1:": "1:", "1:10": "1:10", "root": "root", "ffff:fff1": "ffff:fff1", "10": "10:"} {
		h, ok := parseHandle(s)
		if got := classID(h); !ok || got != want {
			t.Errorf("parseHandle(%q) = %s, %v, want %s", s, got, ok, want)
		}
	}
	if _, ok := parseHandle("1:x"); ok {
		t.Error("parseHandle(\"1:x\") succeeded")
	}
}
