package route

// Reliability under faults: dumps the kernel interrupts, monitors whose
// buffer overflows, and a namespace deleted under an open Client.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
)

// vethNS returns a new namespace with n veth pairs, PREFIXi and PREFIXpi.
func vethNS(t *testing.T, prefix string, n int) *nltest.NS {
	t.Helper()
	ns := nltest.NewNS(t)
	var cmds []string
	for i := range n {
		cmds = append(cmds, fmt.Sprintf("link add %s%d type veth peer name %sp%d", prefix, i, prefix, i))
	}
	ns.Batch(t, strings.Join(cmds, "\n")+"\n")
	return ns
}

// dialIn dials a Client in ns with o's other options, closed when the test
// ends.
func dialIn(ctx context.Context, t *testing.T, ns *nltest.NS, o *Options) *Client {
	t.Helper()
	var opts Options
	if o != nil {
		opts = *o
	}
	opts.NetNS = conn.NetNSPath(ns.Path)
	c, err := Dial(ctx, &opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestReliabilityDumpInterrupted dumps about 300 links while a goroutine
// flaps them (up, down, MTU, alias, and a veth pair added and deleted,
// which is what moves the link dump's sequence). The one-shot streaming
// dump (Links) must end an interrupted dump with an error matching
// conn.ErrDumpInterrupted after the links it did produce; the retrying
// list must converge once the flapping stops.
func TestReliabilityDumpInterrupted(t *testing.T) {
	const pairs = 150
	ns := vethNS(t, "f", pairs)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := dialIn(ctx, t, ns, nil)
	// The flapper has a socket of its own, so that its requests do not
	// queue behind the dumps of c.
	fc := dialIn(ctx, t, ns, nil)

	var flaps, churns atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		up, down := true, false
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			name := fmt.Sprintf("f%d", i%pairs)
			var err error
			switch i % 6 {
			case 0:
				err = fc.LinkSet(ctx, ByName(name), &LinkOptions{Up: &up})
			case 1:
				err = fc.LinkSet(ctx, ByName(name), &LinkOptions{MTU: uint32(1280 + i%200)})
			case 2:
				alias := fmt.Sprintf("flap %d", i)
				err = fc.LinkSet(ctx, ByName(name), &LinkOptions{Alias: &alias})
			case 3:
				err = fc.LinkSet(ctx, ByName(name), &LinkOptions{Up: &down})
			case 4:
				// Adding and deleting links bumps the sequence number the
				// kernel checks link dumps against; attribute changes
				// alone do not.
				if i%12 == 4 {
					err = fc.LinkAdd(ctx, "churn", &Veth{Peer: "churnp"}, nil)
				} else {
					err = fc.LinkDel(ctx, ByName("churn"))
				}
				churns.Add(1)
			case 5:
				err = fc.LinkSet(ctx, ByName(name), &LinkOptions{MTU: 1500})
			}
			if err != nil {
				t.Errorf("flap %d: %v", i, err)
				return
			}
			flaps.Add(1)
		}
	}()
	stopFlapping := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer stopFlapping()
	for flaps.Load() < 100 && !t.Failed() {
		time.Sleep(time.Millisecond)
	}

	// One-shot dumps until enough were interrupted, or for 10 s at most.
	// Each takes a good fraction of a second: the flapper's link additions
	// hold the RTNL lock for long.
	var tried, interrupted, minPartial, maxPartial int
	minPartial = -1
	start := time.Now()
	for end := start.Add(10 * time.Second); time.Now().Before(end) && (interrupted < 5 || tried < 10) && !t.Failed(); {
		tried++
		n, err := 0, error(nil)
		for l, e := range c.Links(ctx, nil) {
			if e != nil {
				err = e
				break
			}
			if l.Name == "" || l.Index <= 0 {
				t.Fatalf("dump %d: link %+v without name or index", tried, l)
			}
			n++
		}
		switch {
		case errors.Is(err, conn.ErrDumpInterrupted):
			interrupted++
			if n == 0 {
				t.Errorf("dump %d: interrupted without a partial result", tried)
			}
			if minPartial < 0 || n < minPartial {
				minPartial = n
			}
			maxPartial = max(maxPartial, n)
		case err != nil:
			t.Fatalf("dump %d: %v", tried, err)
		}
	}
	if interrupted == 0 {
		t.Errorf("%d dumps during %d flaps, none interrupted", tried, flaps.Load())
	}

	// The retrying list, while the flapping goes on. Each attempt starts
	// with lo, which counts the attempts.
	attemptsOf := func() (int, []*Link, error) {
		attempts := 0
		ls, err := dump[Link](ctx, c, unix.RTM_GETLINK, unix.RTM_NEWLINK, &Link{}, func(l *Link) bool {
			if l.Index == 1 {
				attempts++
			}
			return true
		})
		return attempts, ls, err
	}
	oneShot := time.Since(start)
	const lists = 5
	retries, gaveUp := 0, 0
	for i := range lists {
		attempts, ls, err := attemptsOf()
		retries += attempts - 1
		switch {
		case errors.Is(err, conn.ErrDumpInterrupted):
			gaveUp++
			if ls != nil || attempts != dumpAttempts {
				t.Errorf("list %d: gave up after %d attempts with %d links; want %d attempts, none", i, attempts, len(ls), dumpAttempts)
			}
		case err != nil:
			t.Fatalf("list %d: %v", i, err)
		}
	}
	stopFlapping()

	attempts, ls, err := attemptsOf()
	if err != nil || attempts != 1 {
		t.Fatalf("after the flapping: %d links, %v after %d attempts; want nil after 1", len(ls), err, attempts)
	}
	var ipLinks []struct {
		Index int32  `json:"ifindex"`
		Name  string `json:"ifname"`
	}
	ns.IPJSON(t, &ipLinks, "link", "show")
	var got, want []string
	for _, l := range ls {
		got = append(got, fmt.Sprintf("%d:%s", l.Index, l.Name))
	}
	for _, l := range ipLinks {
		want = append(want, fmt.Sprintf("%d:%s", l.Index, l.Name))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("after the flapping the list has %d links, ip shows %d:\n%v\n%v", len(got), len(want), got, want)
	}
	t.Logf("flaps %d (churn %d); one-shot dumps tried %d in %v, interrupted %d (partial results of %d..%d links); "+
		"retrying list while flapping: %d calls, %d retries, %d gave up after %d attempts; converged after flapping in %d attempt(s), %d links",
		flaps.Load(), churns.Load(), tried, oneShot.Round(time.Millisecond), interrupted, minPartial, maxPartial, lists, retries, gaveUp, dumpAttempts, attempts, len(ls))
}

// monitorItem is what a Monitor's Events yield.
type monitorItem struct {
	ev  Event
	err error
}

// readMonitor ranges over m's events in a goroutine and sends them on the
// returned channel, which is closed when the iteration ends.
func readMonitor(m *Monitor) <-chan monitorItem {
	ch := make(chan monitorItem, 1024)
	go func() {
		defer close(ch)
		for ev, err := range m.Events() {
			ch <- monitorItem{ev, err}
		}
	}()
	return ch
}

// TestReliabilityOverrun lets a Monitor with a 4 KiB buffer sit unread
// through NLTEST_STORM_N (default 2000) link and address changes, then
// reads it: the overrun must be reported as an error matching
// conn.ErrOverrun, the Monitor must deliver the events after it, and a
// fresh list must agree with ip(8).
func TestReliabilityOverrun(t *testing.T) {
	n := nltest.EnvInt(t, "NLTEST_STORM_N", 2000)
	const links = 8
	ns := vethNS(t, "s", links)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := dialIn(ctx, t, ns, &Options{MonitorBufferSize: 4096})
	m, err := c.Monitor(ctx, MonitorLink, MonitorIPv4Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	// The storm: every fifth change sets an MTU, the others add addresses
	// and delete every other one again, so that some remain.
	var cmds []string
	added := 0
	for i := range n {
		switch {
		case i%5 == 4:
			cmds = append(cmds, fmt.Sprintf("link set dev s%d mtu %d", i%links, 1280+i%200))
		case i%10 == 3 && added > 0:
			k := added - 1
			cmds = append(cmds, fmt.Sprintf("addr del 10.%d.%d.%d/32 dev s%d", 20+k>>16, k>>8&0xff, k&0xff, k%links))
		default:
			k := added
			added++
			cmds = append(cmds, fmt.Sprintf("addr add 10.%d.%d.%d/32 dev s%d", 20+k>>16, k>>8&0xff, k&0xff, k%links))
		}
	}
	start := time.Now()
	ns.Batch(t, strings.Join(cmds, "\n")+"\n")
	stormTime := time.Since(start)

	ch := readMonitor(m)
	var events, overruns int
	// Drain until the Monitor has been quiet for a while.
	drain := func() {
		for {
			select {
			case it, ok := <-ch:
				if !ok {
					t.Fatal("the monitor ended")
				}
				switch {
				case errors.Is(it.err, conn.ErrOverrun):
					if !errors.Is(it.err, unix.ENOBUFS) {
						t.Errorf("overrun error %v does not match ENOBUFS", it.err)
					}
					overruns++
				case it.err != nil:
					t.Fatalf("monitor: %v", it.err)
				default:
					events++
				}
			case <-time.After(300 * time.Millisecond):
				return
			}
		}
	}
	drain()
	if overruns == 0 {
		t.Errorf("%d changes into a 4 KiB buffer: no overrun reported (%d events)", n, events)
	}

	// One more change must come through.
	marker := netip.MustParsePrefix("10.255.0.1/32")
	if err := c.AddrAdd(ctx, ByName("s0"), marker, nil); err != nil {
		t.Fatal(err)
	}
	seen := false
	for deadline := time.After(10 * time.Second); !seen; {
		select {
		case it, ok := <-ch:
			if !ok {
				t.Fatal("the monitor ended")
			}
			if it.err != nil {
				t.Fatalf("monitor after the storm: %v", it.err)
			}
			events++
			if a, ok := it.ev.Body.(*Address); ok && it.ev.Type == unix.RTM_NEWADDR && a.Prefix() == marker {
				seen = true
			}
		case <-deadline:
			t.Fatal("the change after the overrun was not delivered within 10 s")
		}
	}

	// Resync: list afresh and compare with ip(8).
	agreed := resyncAgrees(t, ctx, c, ns)
	t.Logf("changes %d (ip -batch took %v), overruns %d, events delivered %d, resync agreed with ip: %s",
		n, stormTime.Round(time.Millisecond), overruns, events, map[bool]string{true: "yes", false: "no"}[agreed])
}

// resyncAgrees lists links and addresses with c and compares them with
// `ip -j -d link show` and `ip -j addr show`: names, indexes, MTUs, flags,
// operational states and addresses.
func resyncAgrees(t *testing.T, ctx context.Context, c *Client, ns *nltest.NS) bool {
	t.Helper()
	ls, err := c.LinkList(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := c.AddrList(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, l := range ls {
		got = append(got, fmt.Sprintf("link %d %s mtu %d flags %s state %s", l.Index, l.Name, l.MTU, linkFlagsAsIP(l.Flags), l.OperState))
	}
	for _, a := range as {
		fam, ip := "inet", a.Local
		if a.Family == FamilyIPv6 {
			fam = "inet6"
		}
		if !ip.IsValid() {
			ip = a.Address
		}
		got = append(got, fmt.Sprintf("addr %d %s %s/%d", a.Index, fam, ip, a.PrefixLen))
	}

	var ipLinks []struct {
		Index     int32    `json:"ifindex"`
		Name      string   `json:"ifname"`
		MTU       uint32   `json:"mtu"`
		Flags     []string `json:"flags"`
		OperState string   `json:"operstate"`
	}
	ns.IPJSON(t, &ipLinks, "-d", "link", "show")
	for _, l := range ipLinks {
		want = append(want, fmt.Sprintf("link %d %s mtu %d flags %s state %s", l.Index, l.Name, l.MTU, ipFlags(l.Flags), l.OperState))
	}
	var ipAddrs []struct {
		Index    int32 `json:"ifindex"`
		AddrInfo []struct {
			Family    string `json:"family"`
			Local     string `json:"local"`
			PrefixLen int    `json:"prefixlen"`
		} `json:"addr_info"`
	}
	ns.IPJSON(t, &ipAddrs, "addr", "show")
	for _, l := range ipAddrs {
		for _, a := range l.AddrInfo {
			want = append(want, fmt.Sprintf("addr %d %s %s/%d", l.Index, a.Family, a.Local, a.PrefixLen))
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if slices.Equal(got, want) {
		return true
	}
	extra, missing := setDiff(got, want), setDiff(want, got)
	t.Errorf("resync: the Client lists %d entries, ip %d; only the Client: %.20q; only ip: %.20q", len(got), len(want), extra, missing)
	return false
}

// setDiff returns the elements of a (sorted) not in b (sorted).
func setDiff(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok {
			out = append(out, s)
		}
	}
	return out
}

// within runs fn and fails the test if it has not returned after d: a
// call that hangs is a bug even when its context would end it later.
func within(t *testing.T, what string, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: still running after %v", what, d)
	}
}

// TestReliabilityNetNSDeleted deletes the named namespace of an open Client
// and Monitor. A name is only a bind mount: the Client's handle and sockets
// keep the namespace alive, so requests and events go on working until
// Close, and nothing hangs.
func TestReliabilityNetNSDeleted(t *testing.T) {
	nltest.RequireRoot(t)
	// Not nltest.NewNS, whose cleanup fails on a namespace already gone.
	name := fmt.Sprintf("nltest-del-%d-%08x", os.Getpid(), rand.Uint32())
	ip := func(args ...string) error {
		out, err := exec.Command("ip", args...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := ip("netns", "add", name); err != nil {
		t.Fatal(err)
	}
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			ip("netns", "del", name)
		}
	})
	if err := ip("-n", name, "link", "add", "d0", "type", "veth", "peer", "name", "d1"); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := Dial(ctx, &Options{NetNS: conn.NetNSName(name)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mctx, mcancel := context.WithCancel(ctx)
	defer mcancel()
	m, err := c.Monitor(mctx, MonitorLink)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ch := readMonitor(m)

	if err := ip("netns", "del", name); err != nil {
		t.Fatal(err)
	}
	deleted = true
	if _, err := os.Stat("/run/netns/" + name); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("after ip netns del: stat: %v", err)
	}

	const limit = 5 * time.Second
	call := func(what string, fn func(ctx context.Context) error) error {
		t.Helper()
		var err error
		within(t, what, limit+time.Second, func() {
			ctx, cancel := context.WithTimeout(ctx, limit)
			defer cancel()
			err = fn(ctx)
		})
		t.Logf("after the namespace was deleted: %s: %v", what, err)
		return err
	}
	var ls []*Link
	if err := call("link list", func(ctx context.Context) (err error) {
		ls, err = c.LinkList(ctx, nil)
		return err
	}); err != nil {
		t.Errorf("link list: %v; the Client holds the namespace, want it to work", err)
	} else if !slices.ContainsFunc(ls, func(l *Link) bool { return l.Name == "d0" }) {
		t.Errorf("link list shows %d links, d0 not among them", len(ls))
	}
	up := true
	if err := call("link set d0 up", func(ctx context.Context) error {
		return c.LinkSet(ctx, ByName("d0"), &LinkOptions{Up: &up})
	}); err != nil {
		t.Errorf("link set: %v", err)
	}
	if err := call("link add d2", func(ctx context.Context) error {
		return c.LinkAdd(ctx, "d2", &Veth{Peer: "d3"}, nil)
	}); err != nil {
		t.Errorf("link add: %v", err)
	}
	// The Monitor's socket sees the changes in the namespace it keeps.
	for want := []string{"d0", "d2"}; len(want) > 0; {
		select {
		case it, ok := <-ch:
			if !ok {
				t.Fatalf("the monitor ended; still waiting for %v", want)
			}
			if it.err != nil {
				t.Fatalf("monitor: %v", it.err)
			}
			if l, ok := it.ev.Body.(*Link); ok {
				want = slices.DeleteFunc(want, func(s string) bool { return s == l.Name })
			}
		case <-time.After(limit):
			t.Fatalf("no monitor events for %v within %v", want, limit)
		}
	}
	// The name is gone, so a new Client cannot find the namespace.
	if err := call("dial by the deleted name", func(ctx context.Context) error {
		c2, err := Dial(ctx, &Options{NetNS: conn.NetNSName(name)})
		if err == nil {
			c2.Close()
		}
		return err
	}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("dial by a deleted name: %v; want an error matching os.ErrNotExist", err)
	}

	// Cancelling the Monitor's context ends its Events promptly.
	mcancel()
	within(t, "monitor events after cancel", limit, func() {
		for it := range ch {
			if it.err != nil {
				t.Errorf("monitor after cancel: %v", it.err)
			}
		}
	})
	if err := c.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if err := call("link list after Close", func(ctx context.Context) error {
		_, err := c.LinkList(ctx, nil)
		return err
	}); err == nil {
		t.Error("link list after Close succeeded")
	}
}
