// Package conntrack benchmarks listing the connection tracking table
// through netfilter/conntrack's Client beside vishvananda/netlink's
// ConntrackTableList, on the same entries in a namespace of their own.
//
//	go test -bench . -count 1 ./conntrack    (in bench/, as root)
//
// CT_BENCH_N sets the number of entries (10,000 by default).
package ctbench

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	vnl "github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netfilter"
	"github.com/nltag/go-netlink/netfilter/conntrack"
	"github.com/nltag/go-netlink/netlink"
)

var env struct {
	n    int
	ns   string
	ours *conntrack.Client
	raw  *conn.Conn
	v    *vnl.Handle
	skip string
}

func TestMain(m *testing.M) {
	code := func() int {
		if os.Geteuid() != 0 {
			env.skip = "needs root (network namespaces)"
			return m.Run()
		}
		env.n = 10000
		if s := os.Getenv("CT_BENCH_N"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				fmt.Fprintln(os.Stderr, "bad CT_BENCH_N:", s)
				return 2
			}
			env.n = n
		}
		env.ns = fmt.Sprintf("ctbench-%d", os.Getpid())
		if out, err := exec.Command("ip", "netns", "add", env.ns).CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "ip netns add: %v\n%s", err, out)
			return 1
		}
		defer exec.Command("ip", "netns", "del", env.ns).Run()
		if err := setup(); err != nil {
			fmt.Fprintln(os.Stderr, "setup:", err)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

// setup opens both clients in the namespace and creates env.n
// established TCP entries, each with its own source address and port.
func setup() error {
	path := "/run/netns/" + env.ns
	var err error
	if env.ours, err = conntrack.Dial(context.Background(), &conntrack.Options{NetNS: conn.NetNSPath(path)}); err != nil {
		return err
	}
	if env.raw, err = conn.Dial(unix.NETLINK_NETFILTER, &conn.Config{NetNS: conn.NetNSPath(path)}); err != nil {
		return err
	}
	h, err := netns.GetFromPath(path)
	if err != nil {
		return err
	}
	if env.v, err = vnl.NewHandleAt(h, unix.NETLINK_NETFILTER); err != nil {
		return err
	}
	dst := netip.AddrPortFrom(netip.MustParseAddr("198.51.100.1"), 443)
	for i := range env.n {
		src := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)}), uint16(10000+i%50000))
		orig := conntrack.PortTuple(conntrack.ProtoTCP, src, dst)
		reply := conntrack.PortTuple(conntrack.ProtoTCP, dst, src)
		e := &conntrack.Entry{
			Orig: &orig, Reply: &reply,
			Timeout:   new(uint32(3600)),
			Mark:      new(uint32(i % 7)),
			Status:    new(conntrack.StatusSeenReply | conntrack.StatusAssured | conntrack.StatusConfirmed),
			ProtoInfo: &conntrack.ProtoInfo{TCP: &conntrack.ProtoInfoTCP{State: new(conntrack.TCPEstablished)}},
		}
		if err := env.ours.Create(context.Background(), e); err != nil {
			return fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return nil
}

func need(tb testing.TB) {
	if env.skip != "" {
		tb.Skip(env.skip)
	}
}

// key is what both libraries report of an entry, to compare them.
type key struct {
	src, dst     netip.Addr
	sport, dport uint16
	mark         uint32
}

// TestAgree checks that both libraries list the same env.n entries.
func TestAgree(t *testing.T) {
	need(t)
	es, err := env.ours.List(context.Background(), &conntrack.Filter{Family: unix.AF_INET})
	if err != nil {
		t.Fatal(err)
	}
	flows, err := env.v.ConntrackTableList(vnl.ConntrackTable, unix.AF_INET)
	if err != nil {
		t.Fatal(err)
	}
	var ours, theirs []key
	for _, e := range es {
		p := e.Orig.Proto
		ours = append(ours, key{e.Orig.IP.Src(), e.Orig.IP.Dst(), *p.SrcPort, *p.DstPort, *e.Mark})
	}
	for _, f := range flows {
		s, _ := netip.AddrFromSlice(f.Forward.SrcIP.To4())
		d, _ := netip.AddrFromSlice(f.Forward.DstIP.To4())
		theirs = append(theirs, key{s, d, f.Forward.SrcPort, f.Forward.DstPort, f.Mark})
	}
	cmp := func(a, b key) int {
		if c := a.src.Compare(b.src); c != 0 {
			return c
		}
		return int(a.sport) - int(b.sport)
	}
	slices.SortFunc(ours, cmp)
	slices.SortFunc(theirs, cmp)
	if len(ours) != env.n || !slices.Equal(ours, theirs) {
		t.Errorf("ours lists %d entries, vishvananda %d, of %d; equal: %v", len(ours), len(theirs), env.n, slices.Equal(ours, theirs))
	}
}

// BenchmarkList lists the IPv4 entries of the table: lib=ours is
// conntrack.Client.List, lib=vishvananda ConntrackTableList, and
// lib=stream-only the same dump through conn.Stream, counted and not
// decoded: the floor that the kernel and the socket set.
func BenchmarkList(b *testing.B) {
	need(b)
	for _, lib := range libs {
		b.Run(fmt.Sprintf("entries=%d/lib=%s", env.n, lib.name), func(b *testing.B) {
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for b.Loop() {
				if err := lib.listAll(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			per := float64(b.N) * float64(env.n)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/entry")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/per, "allocs/entry")
		})
	}
}

// BenchmarkListPaired lists through each library in turn in every
// iteration, so that a change of the machine's load falls on all alike, and
// reports each one's mean time per list and the ratios of ours to the
// others.
func BenchmarkListPaired(b *testing.B) {
	need(b)
	total := make([]time.Duration, len(libs))
	for b.Loop() {
		for i, lib := range libs {
			start := time.Now()
			if err := lib.listAll(); err != nil {
				b.Fatal(err)
			}
			total[i] += time.Since(start)
		}
	}
	for i, lib := range libs {
		b.ReportMetric(total[i].Seconds()*1000/float64(b.N), "ms/"+lib.name)
	}
	b.ReportMetric(float64(total[0])/float64(total[len(libs)-1]), "ours/vishvananda")
	b.ReportMetric(float64(total[0])/float64(total[1]), "ours/stream-only")
}

type lib struct {
	name string
	list func() (int, error)
}

// listAll lists with l and checks that it saw every entry.
func (l lib) listAll() error {
	n, err := l.list()
	if err == nil && n != env.n {
		err = fmt.Errorf("%s listed %d entries of %d", l.name, n, env.n)
	}
	return err
}

// libs are the lists compared: ours first, vishvananda last.
var libs = []lib{
	{"ours", func() (int, error) {
		es, err := env.ours.List(context.Background(), &conntrack.Filter{Family: unix.AF_INET})
		return len(es), err
	}},
	{"stream-only", func() (int, error) {
		req := netlink.Message{
			Header: netlink.Header{Type: conntrack.MsgType(conntrack.MsgGet), Flags: netlink.Dump},
			Body:   &conntrack.Entry{Header: netfilter.Header{Family: unix.AF_INET}},
		}
		n := 0
		for _, err := range env.raw.Stream(context.Background(), req) {
			if err != nil {
				return n, err
			}
			n++
		}
		return n, nil
	}},
	{"vishvananda", func() (int, error) {
		fs, err := env.v.ConntrackTableList(vnl.ConntrackTable, unix.AF_INET)
		return len(fs), err
	}},
}
