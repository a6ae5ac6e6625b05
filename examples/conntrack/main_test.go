package main

// The program is checked against conntrack(8): the same table listed, the
// same events watched, by both, must print the same lines.

import (
	"context"
	"net/netip"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netfilter/conntrack"
)

// TestMain runs the program itself when the tests start it (as `ip netns
// exec NS`, like conntrack(8)).
func TestMain(m *testing.M) {
	if os.Getenv("CONNTRACK_EXAMPLE_MAIN") == "1" {
		os.Args = append([]string{"conntrack"}, os.Args[1:]...)
		main()
	}
	os.Exit(m.Run())
}

// program returns the command that runs the program with args in ns.
func program(ns *nltest.NS, args ...string) *exec.Cmd {
	cmd := exec.Command("ip", append([]string{"netns", "exec", ns.Name, os.Args[0]}, args...)...)
	// The race detector sleeps 1 s at exit (atexit_sleep_ms) by default;
	// the test runs the program a dozen times.
	cmd.Env = append(os.Environ(), "CONNTRACK_EXAMPLE_MAIN=1", "GORACE=atexit_sleep_ms=0")
	return cmd
}

// setup returns a fresh namespace with counters on and a Client in it.
func setup(t *testing.T) (*nltest.NS, *conntrack.Client) {
	t.Helper()
	if _, err := exec.LookPath("conntrack"); err != nil {
		t.Skip("conntrack(8) is not installed")
	}
	ns := nltest.NewNS(t)
	if out, err := exec.Command("ip", "netns", "exec", ns.Name, "sysctl", "-qw", "net.netfilter.nf_conntrack_acct=1").CombinedOutput(); err != nil {
		t.Fatalf("sysctl: %v\n%s", err, out)
	}
	c, err := conntrack.Dial(context.Background(), &conntrack.Options{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return ns, c
}

// entries returns TCP, UDP and ICMP entries over IPv4 and IPv6, with marks
// 0 to 2 and, for the UDP one, zone 3.
//
// Their timeouts outlast a slow run: under load TestList once took 30 s,
// and entries of 30 s were gone before its last listing.
func entries() []*conntrack.Entry {
	a4, b4 := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	a6, b6 := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	pair := func(proto uint8, a, b netip.Addr, sport, dport uint16) (*conntrack.Tuple, *conntrack.Tuple) {
		o := conntrack.PortTuple(proto, netip.AddrPortFrom(a, sport), netip.AddrPortFrom(b, dport))
		r := conntrack.PortTuple(proto, netip.AddrPortFrom(b, dport), netip.AddrPortFrom(a, sport))
		return &o, &r
	}
	icmp := func(a, b netip.Addr, req, rep uint8) (*conntrack.Tuple, *conntrack.Tuple) {
		o, r := conntrack.ICMPTuple(a, b, req, 0, 7), conntrack.ICMPTuple(b, a, rep, 0, 7)
		return &o, &r
	}
	tcp4o, tcp4r := pair(conntrack.ProtoTCP, a4, b4, 40000, 80)
	udp4o, udp4r := pair(conntrack.ProtoUDP, a4, b4, 5353, 53)
	icmp4o, icmp4r := icmp(a4, b4, 8, 0)
	tcp6o, tcp6r := pair(conntrack.ProtoTCP, a6, b6, 40001, 443)
	icmp6o, icmp6r := icmp(a6, b6, 128, 129)
	return []*conntrack.Entry{
		{Orig: tcp4o, Reply: tcp4r, Timeout: new(uint32(300)), Mark: new(uint32(1)),
			Status:    new(conntrack.StatusSeenReply | conntrack.StatusAssured | conntrack.StatusConfirmed),
			ProtoInfo: &conntrack.ProtoInfo{TCP: &conntrack.ProtoInfoTCP{State: new(conntrack.TCPEstablished)}}},
		{Orig: udp4o, Reply: udp4r, Timeout: new(uint32(600)), Mark: new(uint32(2)), Zone: new(uint16(3))},
		{Orig: icmp4o, Reply: icmp4r, Timeout: new(uint32(600))},
		{Orig: tcp6o, Reply: tcp6r, Timeout: new(uint32(120)), Mark: new(uint32(1)),
			ProtoInfo: &conntrack.ProtoInfo{TCP: &conntrack.ProtoInfoTCP{State: new(conntrack.TCPSynSent)}}},
		{Orig: icmp6o, Reply: icmp6r, Timeout: new(uint32(600))},
	}
}

// timeout matches an entry's timeout, which may tick between two listings.
var timeout = regexp.MustCompile(`(?m)^((?:ipv[46] +\d+ )?\S+ +\d+ )\d+ `)

// TestList compares -L, with and without filters and output options, with
// conntrack(8)'s.
func TestList(t *testing.T) {
	ns, c := setup(t)
	ctx := context.Background()
	for _, e := range entries() {
		if err := c.Create(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"-L"},
		{"-L", "-f", "ipv6"},
		{"-L", "-o", "extended,id"},
		{"-L", "-f", "ipv6", "-o", "extended"},
		{"-L", "-m", "1"},
		{"-L", "-f", "ipv4", "-m", "1"},
		{"-L", "-m", "1/1"},
		{"-L", "-f", "ipv6", "--mark", "1"},
		{"-L", "-w", "3"},
	} {
		out, err := program(ns, args...).Output()
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		want, err := exec.Command("ip", append([]string{"netns", "exec", ns.Name, "conntrack"}, args...)...).Output()
		if err != nil {
			t.Fatalf("conntrack %v: %v", args, err)
		}
		got, wants := timeout.ReplaceAllString(string(out), "${1}T "), timeout.ReplaceAllString(string(want), "${1}T ")
		if got != wants {
			t.Errorf("%v:\n got:\n%s\nconntrack(8):\n%s", args, got, wants)
		}
		if strings.Count(got, "\n") == 0 {
			t.Errorf("%v: no entries: the comparison proves nothing", args)
		}
	}

	// -F with a filter flushes what it selects.
	if out, err := program(ns, "-F", "-m", "1").CombinedOutput(); err != nil {
		t.Fatalf("-F -m 1: %v\n%s", err, out)
	}
	left, err := exec.Command("ip", "netns", "exec", ns.Name, "conntrack", "-L").Output()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(left), "\n"); n != 3 || strings.Contains(string(left), "mark=1 ") {
		t.Errorf("after -F -m 1, conntrack -L shows:\n%s", left)
	}
}

// listeners counts the NETLINK_NETFILTER sockets of the namespace that
// listen to the three conntrack event groups.
func listeners(t *testing.T, ns *nltest.NS) int {
	out, err := exec.Command("ip", "netns", "exec", ns.Name, "cat", "/proc/net/netlink").Output()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) > 3 && f[1] == "12" && f[3] == "00000007" {
			n++
		}
	}
	return n
}

// TestEvents compares -E with conntrack -E watching the same changes.
func TestEvents(t *testing.T) {
	ns, c := setup(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	var mine, theirs nltest.Buffer
	ours := program(ns, "-E")
	ct := exec.Command("ip", "netns", "exec", ns.Name, "conntrack", "-E")
	for _, p := range []struct {
		cmd *exec.Cmd
		out *nltest.Buffer
	}{{ours, &mine}, {ct, &theirs}} {
		p.cmd.Stdout = p.out
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer p.cmd.Process.Kill()
	}
	for listeners(t, ns) < 2 {
		if ctx.Err() != nil {
			t.Fatal("the listeners did not subscribe")
		}
		time.Sleep(20 * time.Millisecond)
	}

	es := entries()
	for _, e := range es {
		if err := c.Create(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Update(ctx, &conntrack.Entry{Orig: es[0].Orig, Mark: new(uint32(9))}); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, &conntrack.Entry{Orig: es[2].Orig}); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	const events = 5 + 1 + 5
	for strings.Count(mine.String(), "\n") < events || strings.Count(theirs.String(), "\n") < events {
		if ctx.Err() != nil {
			t.Fatalf("events seen: %d and conntrack(8) %d of %d:\n%s", strings.Count(mine.String(), "\n"), strings.Count(theirs.String(), "\n"), events, mine.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, cmd := range []*exec.Cmd{ours, ct} {
		cmd.Process.Signal(syscall.SIGINT)
		if err := cmd.Wait(); err != nil {
			t.Errorf("%v: %v", cmd.Args, err)
		}
	}
	if got, want := mine.String(), theirs.String(); got != want {
		t.Errorf("-E:\n%s\nconntrack -E:\n%s", got, want)
	}
}
