package main

// The program is checked against bridge(8): state made by one is shown the
// same way by the other, as JSON (key by key) and as text (line by line).

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/examples/internal/clitest"
	"github.com/nltag/go-netlink/internal/nltest"
)

// same runs both programs with args and compares their output: the JSON
// values with -j, else the text, ignoring spaces at line ends.
func same(t *testing.T, ctx context.Context, args ...string) {
	t.Helper()
	out, errs, code := clitest.Run(ctx, run, args...)
	if code != 0 {
		t.Errorf("bridge %s: exit %d: %s", strings.Join(args, " "), code, errs)
		return
	}
	want, errs, wcode := clitest.Exec("bridge", args...)
	if wcode != 0 {
		t.Fatalf("bridge(8) %s: %s", strings.Join(args, " "), errs)
	}
	if strings.Contains(strings.Join(args, " "), "-j") {
		var mine, theirs any
		if err := json.Unmarshal([]byte(out), &mine); err != nil {
			t.Fatalf("bridge %s: invalid JSON %v: %s", strings.Join(args, " "), err, out)
		}
		if err := json.Unmarshal([]byte(want), &theirs); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(mine, theirs) {
			t.Errorf("bridge %s:\n--- this program\n%s--- bridge(8)\n%s", strings.Join(args, " "), out, want)
		}
		return
	}
	trim := clitest.TrimLines
	if trim(out) != trim(want) {
		t.Errorf("bridge %s:\n--- this program\n%s--- bridge(8)\n%s", strings.Join(args, " "), out, want)
	}
}

// setup is state made with iproute2. Learning is off and no link gets an
// IPv6 link-local address, so that the forwarding database holds only
// what the tests add.
const setup = `
link add br0 type bridge
link add v0 type veth peer name v1
link add v2 type veth peer name v3
link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 nolearning
link set v0 master br0
link set v2 master br0
link set vx0 master br0
link set v0 type bridge_slave learning off
link set v2 type bridge_slave learning off
link set br0 addrgenmode none
link set v0 addrgenmode none
link set v1 addrgenmode none
link set v2 addrgenmode none
link set v3 addrgenmode none
link set br0 up
link set v0 up
link set v1 up`

func newNS(t *testing.T, script string) (*nltest.NS, context.Context) {
	t.Helper()
	ns := nltest.NewNS(t)
	clitest.IPScript(t, ns, script)
	return ns, clitest.Context(t)
}

// TestCommandsAgreeWithBridge changes ports and forwarding databases with
// this program and compares every listing with bridge(8)'s after each.
func TestCommandsAgreeWithBridge(t *testing.T) {
	ns, ctx := newNS(t, setup)
	n := []string{"-n", ns.Name}
	for _, cmd := range []string{
		"fdb add 02:00:00:00:00:01 dev v0 master static",
		"fdb add 02:00:00:00:00:02 dev v0 master",
		"fdb add 02:00:00:00:00:03 dev br0 self",
		"fdb add 02:00:00:00:00:04 dev v2 master extern_learn static",
		"fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.9",
		"fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.10 vni 100 port 4790 self permanent",
		"fdb add 02:00:00:00:00:05 dev vx0 dst 192.0.2.11 via v1 static",
		"fdb replace 02:00:00:00:00:01 dev v0 master dynamic",
		"fdb del 00:00:00:00:00:00 dev vx0 dst 192.0.2.9",
		"fdb del 02:00:00:00:00:02 dev v0 master",
		"link set dev v0 hairpin on guard on cost 7 priority 3 isolated on neigh_suppress on mcast_flood off",
		"link set dev v2 root_block on flood off bcast_flood off mcast_to_unicast on fastleave on",
		"vlan del vid 10 dev v0",
	} {
		if _, errs, code := clitest.Run(ctx, run, append(n, strings.Fields(cmd)...)...); code != 0 {
			t.Fatalf("bridge %s: exit %d: %s", cmd, code, errs)
		}
		for _, show := range []string{"fdb show", "-j fdb show", "-j fdb show dev vx0", "fdb show br br0",
			"-j fdb show br br0 brport v0", "-j fdb show state static", "fdb show state permanent", "-j fdb show dynamic", "fdb show vlan 5", "link show", "-j link show", "-d link show", "-d -j link show", "-j link show dev v2",
			"vlan show", "-j vlan show", "vlan show dev v0"} {
			same(t, ctx, append(n, strings.Fields(show)...)...)
		}
	}
}

// TestErrors: bad arguments give the usage, the kernel's refusals its
// text, both with bridge(8)'s status 255.
func TestErrors(t *testing.T) {
	ns, ctx := newNS(t, setup)
	for _, args := range [][]string{
		{}, {"bogus"}, {"help"}, {"fdb", "add"}, {"fdb", "add", "02:00:00:00:00:01"}, {"fdb", "add", "xx", "dev", "v0"},
		{"fdb", "add", "02:00:00:00:00:01", "dev", "v0", "vlan", "5000"}, {"link", "set", "hairpin", "on"},
		{"link", "set", "dev", "v0", "hairpin", "maybe"}, {"fdb", "frob"}, {"vlan", "add", "dev", "v0"},
		{"vlan", "add", "vid", "x", "dev", "v0"}, {"vlan", "del", "vid", "10"}, {"vlan", "show", "bogus"},
	} {
		out, errs, code := clitest.Run(ctx, run, args...)
		if code != 255 || out != "" || !strings.Contains(errs, "Usage: bridge") {
			t.Errorf("bridge %s: exit %d, stdout %q, stderr %q; want 255 and the usage", strings.Join(args, " "), code, out, errs)
		}
	}
	for _, cmd := range []string{
		"fdb add 02:00:00:00:00:01 dev v1 master",
		"fdb del 02:00:00:00:00:09 dev v0 master",
		"link set dev v1 hairpin on",
		"vlan add vid 10 dev v0 pvid untagged",
		"vlan add vid 20-30 dev v0 master",
		"fdb add 02:00:00:00:00:01 dev nope master",
		"link set dev nope hairpin on",
	} {
		args := append([]string{"-n", ns.Name}, strings.Fields(cmd)...)
		_, errs, code := clitest.Run(ctx, run, args...)
		_, want, wcode := clitest.Exec("bridge", args...)
		if wcode == 0 {
			t.Fatalf("bridge(8) %s succeeded", cmd)
		}
		if code != wcode || errs != want {
			t.Errorf("bridge %s: exit %d, stderr %q; want bridge(8)'s %d, %q", cmd, code, errs, wcode, want)
		}
	}
}
