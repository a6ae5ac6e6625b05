package main

// The program is checked against iproute2: state made by one is shown the
// same way by the other, as JSON (key by key) and as text (line by line).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nltag/go-netlink/internal/nltest"
)

// goip runs the program with args and returns its output and exit status.
func goip(ctx context.Context, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(ctx, args, &out, &errb)
	return out.String(), errb.String(), code
}

// realIP runs ip(8) and returns its output and whether it succeeded.
func realIP(args ...string) (stdout, stderr string, ok bool) {
	var out, errb bytes.Buffer
	cmd := exec.Command("ip", args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return out.String(), errb.String(), err == nil
}

// extraKeys are keys the program prints that this ip(8) may not: newer
// iproute2 prints the address protocol (IFA_PROTO) as "protocol".
var extraKeys = map[string]bool{"protocol": true}

// volatile are values that change between two runs: timers and finite
// lifetimes.
var volatile = regexp.MustCompile(`(_timer|_life_time|^ageing|^used)$`)

// compareJSON reports where mine differs from ip's: every key of mine must
// be in ip's with the same value; ip may show more.
func compareJSON(path string, mine, ip any) []string {
	switch m := mine.(type) {
	case map[string]any:
		i, ok := ip.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: object, ip shows %v", path, ip)}
		}
		var diffs []string
		for k, v := range m {
			iv, ok := i[k]
			switch {
			case !ok && extraKeys[k]:
			case !ok:
				diffs = append(diffs, fmt.Sprintf("%s.%s = %v, ip does not show it", path, k, v))
			case volatile.MatchString(k):
			default:
				diffs = append(diffs, compareJSON(path+"."+k, v, iv)...)
			}
		}
		return diffs
	case []any:
		i, ok := ip.([]any)
		if !ok || len(i) != len(m) {
			return []string{fmt.Sprintf("%s: %d elements, ip shows %v", path, len(m), ip)}
		}
		var diffs []string
		for n := range m {
			diffs = append(diffs, compareJSON(fmt.Sprintf("%s[%d]", path, n), m[n], i[n])...)
		}
		return diffs
	}
	if !reflect.DeepEqual(mine, ip) {
		return []string{fmt.Sprintf("%s = %v, ip shows %v", path, mine, ip)}
	}
	return nil
}

// sameJSON runs both programs with -j and args and compares the results.
func sameJSON(t *testing.T, ctx context.Context, ns string, args ...string) {
	t.Helper()
	full := append([]string{"-n", ns, "-j"}, args...)
	out, errs, code := goip(ctx, full...)
	if code != 0 {
		t.Errorf("ip %s: exit %d: %s", strings.Join(args, " "), code, errs)
		return
	}
	want, errs, ok := realIP(full...)
	if !ok {
		t.Fatalf("ip(8) %s: %s", strings.Join(args, " "), errs)
	}
	var mine, theirs any
	if err := json.Unmarshal([]byte(out), &mine); err != nil {
		t.Fatalf("ip %s: invalid JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
	if err := json.Unmarshal([]byte(want), &theirs); err != nil {
		t.Fatal(err)
	}
	for _, d := range compareJSON("", mine, theirs) {
		t.Errorf("ip -j %s: %s", strings.Join(args, " "), d)
	}
}

// sameText runs both programs with args and compares their text output,
// ignoring spaces at line ends.
func sameText(t *testing.T, ctx context.Context, ns string, args ...string) {
	t.Helper()
	full := append([]string{"-n", ns}, args...)
	out, errs, code := goip(ctx, full...)
	if code != 0 {
		t.Errorf("ip %s: exit %d: %s", strings.Join(args, " "), code, errs)
		return
	}
	want, errs, ok := realIP(full...)
	if !ok {
		t.Fatalf("ip(8) %s: %s", strings.Join(args, " "), errs)
	}
	trim := func(s string) string {
		var lines []string
		for l := range strings.SplitSeq(strings.TrimRight(s, "\n"), "\n") {
			lines = append(lines, strings.TrimRight(l, " "))
		}
		return strings.Join(lines, "\n")
	}
	if trim(out) != trim(want) {
		t.Errorf("ip %s:\n--- this program\n%s\n--- ip(8)\n%s", strings.Join(args, " "), out, want)
	}
}

// setup is state made with iproute2, one command a line.
const setup = `
link add v0 type veth peer name v1
link set v0 up
link set v1 up mtu 1450 alias second-veth
link property add dev v0 altname veth-zero
link add br0 type bridge
link add v2 type veth peer name v3
link set v2 master br0
link add mv0 link v0 type macvlan mode bridge
link add mt0 link v0 type macvtap mode vepa
link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 remote 192.0.2.2 dev v0 ttl 64
link add vx6 type vxlan id 7 dstport 4790 remote 2001:db8::9 local 2001:db8::1 nolearning
link add ifb0 type ifb
link set ifb0 group 5 txqueuelen 0
tuntap add tap0 mode tap
tuntap add tun0 mode tun multi_queue
addr add 10.1.0.1/24 brd + dev v0 label v0:lan
addr add 10.1.0.9/24 dev v0 metric 40
addr add 10.2.0.1 peer 10.2.0.2/32 dev v0
addr add 10.3.0.1/24 dev v1 scope link noprefixroute
addr add 2001:db8::1/64 dev v0 nodad
addr add 2001:db8:1::1/64 dev v0 nodad noprefixroute
route add default via 10.1.0.254 metric 10
route add 192.0.2.0/24 via 10.1.0.2 table 1000
route add 198.51.100.0/24 via 10.1.0.3 proto static
route add 198.51.100.128/25 dev v1 scope link src 10.3.0.1
route add blackhole 203.0.113.0/24
route add unreachable 203.0.113.1
route add prohibit 203.0.113.2
route add 100.64.0.0/24 nexthop via 10.1.0.2 dev v0 weight 1 nexthop via 10.1.0.3 dev v0 weight 3
route add 100.65.0.0/24 via 172.16.0.1 dev v0 onlink
route add 100.66.0.0/24 via 10.1.0.2 mtu 1400 advmss 1300
route add 100.67.0.0/24 via inet6 2001:db8::2 dev v0
route add 2001:db8:2::/64 via 2001:db8::2 metric 5
route add unreachable 2001:db8:3::/64
neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev v0
neigh add 10.1.0.8 lladdr 02:00:00:00:00:08 dev v0 nud stale
neigh add 2001:db8::7 lladdr 02:00:00:00:00:09 dev v0 router
neigh add proxy 10.1.0.50 dev v0
rule add from 10.9.0.0/16 table 1000 pref 100
rule add not to 10.8.0.0/16 iif v0 lookup 2000 pref 200
rule add fwmark 0x10/0xff table 300 pref 300
rule add from 10.6.0.0/16 unreachable pref 400
rule add oif v1 table main pref 500
-6 rule add from 2001:db8::/32 table 5 pref 50`

func newNS(t *testing.T, script string) (*nltest.NS, context.Context) {
	t.Helper()
	ns := nltest.NewNS(t)
	for line := range strings.SplitSeq(script, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			ns.IP(t, f...)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ns, ctx
}

// TestShowMatchesIP shows state made with iproute2 with both programs.
func TestShowMatchesIP(t *testing.T) {
	ns, ctx := newNS(t, setup)
	time.Sleep(100 * time.Millisecond) // let carrier and operational states settle
	for _, args := range [][]string{
		{"link", "show"},
		{"-d", "link", "show"},
		{"link", "show", "dev", "v1"},
		{"link", "show", "type", "veth"},
		{"link", "show", "master", "br0"},
		{"addr", "show"},
		{"-4", "addr", "show"},
		{"-6", "addr", "show", "dev", "v0"},
		{"route", "show"},
		{"route", "show", "table", "all"},
		{"-6", "route", "show"},
		{"route", "show", "table", "1000"},
		{"route", "show", "dev", "v1"},
		{"route", "show", "proto", "static"},
		{"route", "show", "type", "blackhole"},
		{"route", "show", "100.64.0.0/24"},
		{"-d", "route", "show"},
		{"route", "get", "192.0.2.5"},
		{"route", "get", "100.66.0.9"},
		{"-6", "route", "get", "2001:db8:2::1"},
		{"neigh", "show"},
		{"neigh", "show", "dev", "v0"},
		{"neigh", "show", "proxy"},
		{"-6", "neigh", "show"},
		{"rule", "show"},
		{"-6", "rule", "show"},
	} {
		sameJSON(t, ctx, ns.Name, args...)
	}
	for _, args := range [][]string{
		{"link", "show"},
		{"addr", "show"},
		{"route", "show"},
		{"route", "show", "table", "all"},
		{"-6", "route", "show"},
		{"neigh", "show"},
		{"rule", "show"},
		{"-6", "rule", "show"},
	} {
		sameText(t, ctx, ns.Name, args...)
	}
}
