// Command scale installs, lists and deletes a full routing table (IPv4 and
// IPv6 mixed, 1,000,000 routes by default) in a network namespace of its
// own with each library, and prints the time per route and the peak RSS of
// each step, and for lists the heap kept per listed route. It needs root.
//
//	cd bench && go run ./cmd/scale [-n ROUTES] [-rounds R] [-libs a,b,...] [-goip BIN] [-list]
//
// Each step runs in a process of its own (this program, re-executed, or
// ip(8)), so that its peak RSS and CPU time are its own; a Go library's
// time and CPU time (user and system, kernel work on its behalf included)
// are measured by the step itself, without the process's start; ip(8)'s
// and examples/ip's are the whole process's. Rounds run every library in
// turn, install, list and delete, so that a change of machine load spreads
// over them alike; the table is empty between libraries. With -list, the
// table is installed once (raw-64) and each round lists it with every
// library in turn, paired. Libraries:
//
//	raw-64       a bare socket, 64 hand-encoded requests per sendmsg; its
//	             dump loop finds NLMSG_DONE and decodes nothing (the floor)
//	ours-batch   route.Batch (10,000 changes per Run), RouteList
//	ours         one RouteAdd/RouteDel per route, Routes (streamed)
//	vishvananda  vishvananda/netlink RouteAdd, RouteListFiltered, RouteDel
//	jsimonetti   jsimonetti/rtnetlink Route.Add, Route.List, Route.Delete
//	ip           ip -batch (route add/del lines), ip -4/-6 route show
//	goip         examples/ip -force -batch, built; ip route show lists
//	layout       with -list only: RouteList's way into a smaller value than
//	             route.Route (layout.go), an experiment for its reshape
//	conn         with -list only: conn.Stream, counting, decoding nothing
//
// LIB@BINARY runs a Go library's steps with another build of this program
// (ours-batch@/tmp/scale-old), to compare two commits in one run.
// SCALE_CPUPROFILE=PREFIX writes each Go step's CPU profile to
// PREFIX.LIB.OP.PID.
//
// It is a benchmark to run by hand, not a test.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	mdl "github.com/mdlayher/netlink"
	vnl "github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/bench"
	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// table is the routing table every library works in.
const table = 100

var (
	gw4 = netip.MustParseAddr("192.0.2.2")
	gw6 = netip.MustParseAddr("2001:db8::2")
)

// prefix returns the i-th route of a table of n: one in five IPv6 (/48s
// and /32s), the others IPv4 (/24s, with a /22 or /20 now and then), all
// distinct, spread as a full table is.
func prefix(i int) netip.Prefix {
	if i%5 == 4 {
		k := i / 5
		if k%7 == 0 {
			return netip.PrefixFrom(netip.AddrFrom16([16]byte{0x26, byte(k >> 16), byte(k >> 8), byte(k)}), 32)
		}
		return netip.PrefixFrom(netip.AddrFrom16([16]byte{0x2a, byte(k >> 16), byte(k >> 8), byte(k)}), 48)
	}
	k := i - i/5 // the IPv4 route's number
	// /24s, one in 16 widened to /22 or /20 elsewhere in the space.
	switch m := k >> 4; k % 16 {
	case 5:
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(120 + m>>14), byte(m >> 6), byte(m&63) << 2, 0}), 22)
	case 11:
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(160 + m>>12), byte(m >> 4), byte(m&15) << 4, 0}), 20)
	}
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(11 + k>>16), byte(k >> 8), byte(k), 0}), 24)
}

func gateway(p netip.Prefix) netip.Addr {
	if p.Addr().Is4() {
		return gw4
	}
	return gw6
}

func main() {
	child := flag.String("child", "", "run one step: LIB:OP (internal)")
	nsName := flag.String("ns", "", "the namespace (internal)")
	n := flag.Int("n", 1_000_000, "routes in the table")
	rounds := flag.Int("rounds", 1, "rounds")
	libs := flag.String("libs", "raw-64,ours-batch,ours,vishvananda,jsimonetti,ip,goip", "libraries")
	goip := flag.String("goip", "", "the built examples/ip (default: built into a temporary directory)")
	listOnly := flag.Bool("list", false, "install the table once (raw-64), list it with each library in every round, then delete it")
	flag.Parse()
	if *child != "" {
		lib, op, _ := strings.Cut(*child, ":")
		if err := runChild(lib, op, *nsName, *n); err != nil {
			fmt.Fprintln(os.Stderr, "scale:", lib, op, err)
			os.Exit(1)
		}
		return
	}
	if err := drive(*n, *rounds, strings.Split(*libs, ","), *goip, *listOnly); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

// step is one measured step.
type step struct {
	lib, op string
	elapsed time.Duration
	maxRSS  int64         // KiB
	faults  int64         // minor page faults of the whole process
	cpu     time.Duration // user and system: a Go library's own during the step, else the whole process's
	kept    float64       // heap kept per route, for lists
	// Heap allocated per route and collections during a Go step.
	allocated float64
	gcs       int
}

func drive(n, rounds int, libs []string, goip string, listOnly bool) error {
	ns, err := bench.NewNS()
	if err != nil {
		return err
	}
	defer ns.Close()
	if err := ns.Batch([]string{
		"link add r0 type veth peer name r1",
		"link set r0 up", "link set r1 up",
		"addr add 192.0.2.1/24 dev r0",
		"addr add 2001:db8::1/64 dev r0 nodad",
	}); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "nlscale")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if slices.Contains(libs, "ip") || slices.Contains(libs, "goip") {
		if err := writeFiles(dir, n); err != nil {
			return err
		}
	}
	if goip == "" && slices.Contains(libs, "goip") {
		goip = filepath.Join(dir, "goip")
		build := exec.Command("go", "build", "-o", goip, "github.com/nltag/go-netlink/examples/ip")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building examples/ip: %w", err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("# %d routes (%d IPv4, %d IPv6) in table %d; %d rounds; load %s", n, n-n/5, n/5, table, rounds, loadavg())
	run := func(lib, op string) error {
		s, err := runStep(self, goip, dir, ns.Name, lib, op, n)
		if err != nil {
			return fmt.Errorf("%s %s: %w", lib, op, err)
		}
		fmt.Printf("%-12s %-8s %8.2f µs/route  cpu %7.2f µs/route  peak RSS %7.1f MiB", lib, op,
			float64(s.elapsed.Nanoseconds())/float64(n)/1000, float64(s.cpu.Nanoseconds())/float64(n)/1000, float64(s.maxRSS)/1024)
		if s.kept > 0 {
			fmt.Printf("  kept %6.0f B/route", s.kept)
		}
		fmt.Printf("  faults %.2f/route", float64(s.faults)/float64(n))
		if s.allocated > 0 {
			fmt.Printf("  allocated %4.0f B/route  GCs %d", s.allocated, s.gcs)
		}
		fmt.Println()
		return nil
	}
	if listOnly {
		if err := run("raw-64", "install"); err != nil {
			return err
		}
		for r := 0; r < rounds; r++ {
			for _, lib := range libs {
				if err := run(lib, "list"); err != nil {
					return err
				}
			}
		}
		if err := run("raw-64", "delete"); err != nil {
			return err
		}
		fmt.Printf("# load after: %s", loadavg())
		return nil
	}
	for r := 0; r < rounds; r++ {
		for _, lib := range libs {
			for _, op := range []string{"install", "list", "delete"} {
				if err := run(lib, op); err != nil {
					return err
				}
			}
			if left := countRoutes(ns.Name); left != 0 {
				return fmt.Errorf("%s left %d routes in table %d", lib, left, table)
			}
		}
	}
	fmt.Printf("# load after: %s", loadavg())
	return nil
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return string(b)
}

// countRoutes returns the routes in the table, by ip(8).
func countRoutes(ns string) int {
	total := 0
	for _, f := range []string{"-4", "-6"} {
		out, _ := exec.Command("ip", "-n", ns, f, "route", "show", "table", fmt.Sprint(table)).Output()
		total += strings.Count(string(out), "\n")
	}
	return total
}

// writeFiles writes the ip -batch files that add and delete the table.
func writeFiles(dir string, n int) error {
	for _, verb := range []string{"add", "del"} {
		f, err := os.Create(filepath.Join(dir, "route-"+verb))
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		for i := range n {
			p := prefix(i)
			fmt.Fprintf(w, "route %s %s via %s dev r0 table %d\n", verb, p, gateway(p), table)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		f.Close()
	}
	return nil
}

// runStep runs one step in a process of its own and measures it.
func runStep(self, goip, dir, ns, lib, op string, n int) (step, error) {
	s := step{lib: lib, op: op}
	var cmds []*exec.Cmd
	switch {
	case (lib == "ip" || lib == "goip") && op == "list":
		for _, f := range []string{"-4", "-6"} {
			cmds = append(cmds, exec.Command("ip", "-n", ns, f, "route", "show", "table", fmt.Sprint(table)))
		}
	case lib == "ip" || lib == "goip":
		bin := "ip"
		if lib == "goip" {
			bin = goip
		}
		file := filepath.Join(dir, map[string]string{"install": "route-add", "delete": "route-del"}[op])
		cmds = append(cmds, exec.Command(bin, "-n", ns, "-force", "-batch", file))
	default:
		// LIB@BINARY runs the step with another build of this program,
		// such as one of an earlier commit, for a comparison in one run.
		name, bin, ok := strings.Cut(lib, "@")
		if !ok {
			bin = self
		}
		cmds = append(cmds, exec.Command(bin, "-child", name+":"+op, "-ns", ns, "-n", fmt.Sprint(n)))
	}
	for _, cmd := range cmds {
		var out strings.Builder
		cmd.Stderr = os.Stderr
		if lib != "ip" && lib != "goip" {
			cmd.Stdout = &out
		}
		t0 := time.Now()
		if err := cmd.Run(); err != nil {
			return s, err
		}
		s.elapsed += time.Since(t0)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			s.maxRSS = max(s.maxRSS, ru.Maxrss)
			s.faults += ru.Minflt
			s.cpu += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		if out.Len() > 0 {
			// The child's own clock and CPU time, without its start-up,
			// and what it kept.
			var ns, cpu int64
			fmt.Sscan(out.String(), &ns, &cpu, &s.kept, &s.allocated, &s.gcs)
			s.elapsed, s.cpu = time.Duration(ns), time.Duration(cpu)
		}
	}
	return s, nil
}

// runChild runs one step of a Go library and prints its time in
// nanoseconds and, for lists, the heap it kept per route.
func runChild(lib, op, nsName string, n int) error {
	ns, err := bench.ExistingNS(nsName)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var rc *route.Client
	if strings.HasPrefix(lib, "ours") {
		if rc, err = route.Dial(ctx, &route.Options{NetNS: conn.NetNSPath(ns.Path)}); err != nil {
			return err
		}
		defer rc.Close()
	}
	var r0 int
	ns.Do(func() error {
		l, err := net.InterfaceByName("r0")
		if err == nil {
			r0 = l.Index
		}
		return err
	})
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if f := os.Getenv("SCALE_CPUPROFILE"); f != "" {
		// Each step its own profile: SCALE_CPUPROFILE=/tmp/p gives
		// /tmp/p.ours-batch.list.<pid>.
		w, err := os.Create(fmt.Sprintf("%s.%s.%s.%d", f, lib, op, os.Getpid()))
		if err != nil {
			return err
		}
		defer w.Close()
		if err := pprof.StartCPUProfile(w); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var kept any
	cpu0 := cpuTime()
	t0 := time.Now()
	switch lib {
	case "raw-64":
		err = rawStep(ns, op, n, r0)
	case "ours-batch", "ours":
		kept, err = oursStep(ctx, rc, lib == "ours-batch", op, n, r0)
	case "vishvananda":
		kept, err = vStep(ns, op, n, r0)
	case "jsimonetti":
		kept, err = jsStep(ns, op, n, r0)
	case "layout", "conn":
		if op != "list" {
			return fmt.Errorf("%s only lists (with -list)", lib)
		}
		kept, err = layoutList(ctx, ns, n, lib == "conn")
	default:
		return fmt.Errorf("unknown library %q", lib)
	}
	elapsed, cpu := time.Since(t0), cpuTime()-cpu0
	if err != nil {
		return err
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	allocated, gcs := float64(after.TotalAlloc-before.TotalAlloc)/float64(n), after.NumGC-before.NumGC
	perRoute := 0.0
	if kept != nil {
		runtime.GC()
		runtime.ReadMemStats(&after)
		perRoute = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
		runtime.KeepAlive(kept)
	}
	fmt.Println(elapsed.Nanoseconds(), cpu.Nanoseconds(), perRoute, allocated, gcs)
	return nil
}

// cpuTime returns the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// chunk is how many changes a Batch carries per Run.
const chunk = 10_000

func oursStep(ctx context.Context, c *route.Client, batch bool, op string, n, r0 int) (any, error) {
	dev := route.ByIndex(netlink.IfIndex(r0))
	switch op {
	case "list":
		if batch {
			rs, err := c.RouteList(ctx, &route.RouteFilter{Table: table})
			if err == nil && len(rs) != n {
				err = fmt.Errorf("listed %d routes", len(rs))
			}
			return rs, err
		}
		count := 0
		for _, err := range c.Routes(ctx, &route.RouteFilter{Table: table}) {
			if err != nil {
				return nil, err
			}
			count++
		}
		if count != n {
			return nil, fmt.Errorf("listed %d routes", count)
		}
		return nil, nil
	}
	b := c.NewBatch()
	for i := range n {
		p := prefix(i)
		o := &route.RouteOptions{Dev: dev, Gateway: gateway(p), Table: table}
		var err error
		switch {
		case batch && op == "install":
			err = b.RouteAdd(ctx, p, o)
		case batch:
			err = b.RouteDel(ctx, p, o)
		case op == "install":
			err = c.RouteAdd(ctx, p, o)
		default:
			err = c.RouteDel(ctx, p, o)
		}
		if err != nil {
			return nil, err
		}
		if b.Len() == chunk || i == n-1 {
			if err := b.Run(ctx); err != nil {
				return nil, err
			}
		}
	}
	return nil, nil
}

func vStep(ns *bench.NS, op string, n, r0 int) (any, error) {
	h, err := openV(ns)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	if op == "list" {
		rs, err := h.RouteListFiltered(vnl.FAMILY_ALL, &vnl.Route{Table: table}, vnl.RT_FILTER_TABLE)
		if err == nil && len(rs) != n {
			err = fmt.Errorf("listed %d routes", len(rs))
		}
		return rs, err
	}
	for i := range n {
		p := prefix(i)
		r := &vnl.Route{LinkIndex: r0, Table: table, Gw: gateway(p).AsSlice(),
			Dst: &net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}}
		if op == "install" {
			err = h.RouteAdd(r)
		} else {
			err = h.RouteDel(r)
		}
		if err != nil {
			return nil, fmt.Errorf("%v: %w", p, err)
		}
	}
	return nil, nil
}

func openV(ns *bench.NS) (*vnl.Handle, error) {
	nh, err := netns.GetFromPath(ns.Path)
	if err != nil {
		return nil, err
	}
	defer nh.Close()
	return vnl.NewHandleAt(nh, unix.NETLINK_ROUTE)
}

func jsStep(ns *bench.NS, op string, n, r0 int) (any, error) {
	fd, err := ns.OpenFD()
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	c, err := rtnetlink.Dial(&mdl.Config{NetNS: fd})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if op == "list" {
		all, err := c.Route.List()
		if err != nil {
			return nil, err
		}
		var rs []rtnetlink.RouteMessage
		for _, r := range all {
			if r.Attributes.Table == table {
				rs = append(rs, r)
			}
		}
		if len(rs) != n {
			return nil, fmt.Errorf("listed %d routes", len(rs))
		}
		return rs, nil
	}
	for i := range n {
		p := prefix(i)
		family := uint8(unix.AF_INET)
		if p.Addr().Is6() {
			family = unix.AF_INET6
		}
		m := &rtnetlink.RouteMessage{Family: family, DstLength: uint8(p.Bits()), Table: unix.RT_TABLE_UNSPEC,
			Protocol: unix.RTPROT_BOOT, Scope: unix.RT_SCOPE_UNIVERSE, Type: unix.RTN_UNICAST,
			Attributes: rtnetlink.RouteAttributes{Dst: p.Addr().AsSlice(), Gateway: gateway(p).AsSlice(), OutIface: uint32(r0), Table: table}}
		if op == "install" {
			err = c.Route.Add(m)
		} else {
			m.Scope = unix.RT_SCOPE_NOWHERE
			err = c.Route.Delete(m)
		}
		if err != nil {
			return nil, fmt.Errorf("%v: %w", p, err)
		}
	}
	return nil, nil
}

// rawStep drives a bare socket: requests encoded by hand, 64 per sendmsg,
// the ACKs counted; a dump walked for NLMSG_DONE.
func rawStep(ns *bench.NS, op string, n, r0 int) error {
	s, err := bench.OpenRaw(ns)
	if err != nil {
		return err
	}
	defer s.Close()
	if op == "list" {
		body := make([]byte, 12) // rtmsg, AF_UNSPEC: every table, filtered below by nothing
		count, err := s.Dump(unix.RTM_GETROUTE, body, nil)
		if err == nil && count < n {
			err = fmt.Errorf("dumped %d routes", count)
		}
		return err
	}
	typ, flags := uint16(unix.RTM_NEWROUTE), uint16(unix.NLM_F_REQUEST|unix.NLM_F_ACK|unix.NLM_F_CREATE|unix.NLM_F_EXCL)
	if op == "delete" {
		typ, flags = unix.RTM_DELROUTE, unix.NLM_F_REQUEST|unix.NLM_F_ACK
	}
	var d []byte
	k := 0
	for i := range n {
		d = appendRoute(d, typ, flags, uint32(i+1), prefix(i), r0, op == "delete")
		if k++; k == 64 || i == n-1 {
			failed, err := s.ExchangePacked(d, k)
			if err != nil || failed > 0 {
				return fmt.Errorf("%d failed, %v", failed, err)
			}
			d, k = d[:0], 0
		}
	}
	return nil
}

// appendRoute encodes a route request by hand: rtmsg, RTA_DST,
// RTA_GATEWAY, RTA_OIF, RTA_TABLE.
func appendRoute(b []byte, typ, flags uint16, seq uint32, p netip.Prefix, oif int, del bool) []byte {
	ne := binary.NativeEndian
	start := len(b)
	b = ne.AppendUint32(b, 0)
	b = ne.AppendUint16(b, typ)
	b = ne.AppendUint16(b, flags)
	b = ne.AppendUint32(b, seq)
	b = ne.AppendUint32(b, 0)
	family := byte(unix.AF_INET)
	if p.Addr().Is6() {
		family = unix.AF_INET6
	}
	scope := byte(unix.RT_SCOPE_UNIVERSE)
	if del {
		scope = unix.RT_SCOPE_NOWHERE
	}
	b = append(b, family, byte(p.Bits()), 0, 0, unix.RT_TABLE_UNSPEC, unix.RTPROT_BOOT, scope, unix.RTN_UNICAST)
	b = ne.AppendUint32(b, 0)
	attr := func(t uint16, v []byte) {
		b = ne.AppendUint16(b, uint16(4+len(v)))
		b = ne.AppendUint16(b, t)
		b = append(b, v...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
	}
	attr(unix.RTA_DST, p.Addr().AsSlice())
	attr(unix.RTA_GATEWAY, gateway(p).AsSlice())
	attr(unix.RTA_OIF, ne.AppendUint32(nil, uint32(oif)))
	attr(unix.RTA_TABLE, ne.AppendUint32(nil, table))
	ne.PutUint32(b[start:], uint32(len(b)-start))
	return b
}
