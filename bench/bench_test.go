package bench

import (
	"context"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

// Benchmark names carry their parameters as key=value parts, so that
// benchstat can lay them out (-col /lib): dump= or req= says what is
// decoded, encoded or listed, lib= who does it.
//
// Libraries:
//
//	ours-plain     nltag into the route types' twins without Wire fields:
//	               the same information the peers keep
//	ours-lossless  nltag into route.Route, route.Link, route.Address: also
//	               keeps unknown attributes and arrival order (re-encodable)
//	ours-subset    (links) nltag into SubsetLink, which declares what
//	               jsimonetti's LinkMessage decodes: like for like
//	ours-new       nltag.Unmarshal into new(route.Route) (Link, Address) per
//	               message: a user's dump loop (lossless, a new value each)
//	ours-table     route.Messages.Decode: the table the route package
//	               documents for dumps (lossless, a new value per message)
//	jsimonetti     github.com/jsimonetti/rtnetlink/v2 (+ mdlayher/netlink)
//	jsimonetti-new the same, into a new message each, as its dump loop
//	               (unpackMessages) allocates them: ours-new's peer
//	vishvananda    github.com/vishvananda/netlink
//	ours (List)    route.Client.RouteList / LinkList, the route package's list calls
//	ours-iter      route.Client.Routes, their streaming form
//	ours-conn      conn.Stream and nltag.Unmarshal into one reused route.Route:
//	               the least our stack does to walk a table
//	overlap-poc    an experiment, not a library call: a raw socket read ahead
//	               on a goroutine while nltag decodes into one reused
//	               route.Route, overlapping the kernel's work and decoding
//	raw            a bare socket that finds the end of the dump and decodes
//	               nothing: the kernel-bound floor
//	iproute2-json  the whole `ip -j ... show` process

// perMsg runs fn b.N times, each time over a dump of n messages, and adds
// per-message figures to the per-dump ones the testing package reports:
// among them cpu-ns/msg, the process's CPU time (collection included),
// steadier than wall time on a shared machine.
func perMsg(b *testing.B, n int, fn func() error) {
	b.Helper()
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu := cpuTime(b)
	b.ResetTimer()
	for b.Loop() {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	cpu = cpuTime(b) - cpu
	runtime.ReadMemStats(&after)
	msgs := float64(b.N) * float64(n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/msgs, "ns/msg")
	b.ReportMetric(float64(cpu.Nanoseconds())/msgs, "cpu-ns/msg")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/msgs, "allocs/msg")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/msgs, "B/msg")
}

func BenchmarkDecode(b *testing.B) {
	needEnv(b)
	type lib struct {
		name string
		run  func(d *Dump) func() error // prepares the output, returns one decode
	}
	ours := func(lossless func(n int) []any, plain func(n int) []any, newRun func(d *Dump) func() error) []lib {
		return []lib{
			{"ours-new", newRun},
			{"ours-plain", func(d *Dump) func() error {
				slots := plain(d.Messages)
				return func() error { return DecodeOurs(d, slots) }
			}},
			{"ours-lossless", func(d *Dump) func() error {
				slots := lossless(d.Messages)
				return func() error { return DecodeOurs(d, slots) }
			}},
			{"ours-table", func(d *Dump) func() error {
				out := make([]any, d.Messages)
				return func() error { return DecodeOursTable(d, out) }
			}},
		}
	}
	dumps := []struct {
		dump *Dump
		libs []lib
	}{
		{env.routes, append(ours(slotsOf[route.Route], plainSlots(PlainRoute), newOf[route.Route]),
			lib{"jsimonetti", func(d *Dump) func() error {
				out := make([]rtnetlink.RouteMessage, d.Messages)
				return func() error { return DecodeJSRoutes(d, out) }
			}},
			lib{"jsimonetti-new", jsNew[rtnetlink.RouteMessage]},
		)},
		{env.links, append(ours(slotsOf[route.Link], plainSlots(PlainLink), newOf[route.Link]),
			lib{"ours-subset", func(d *Dump) func() error {
				slots := slotsOf[SubsetLink](d.Messages)
				return func() error { return DecodeOurs(d, slots) }
			}},
			lib{"jsimonetti", func(d *Dump) func() error {
				out := make([]rtnetlink.LinkMessage, d.Messages)
				return func() error { return DecodeJSLinks(d, out) }
			}},
			lib{"jsimonetti-new", jsNew[rtnetlink.LinkMessage]},
			lib{"vishvananda", func(d *Dump) func() error {
				out := make([]vnl.Link, d.Messages)
				return func() error { return DecodeVLinks(d, out) }
			}},
		)},
		{env.addrs, append(ours(slotsOf[route.Address], plainSlots(PlainAddress), newOf[route.Address]),
			lib{"jsimonetti", func(d *Dump) func() error {
				out := make([]rtnetlink.AddressMessage, d.Messages)
				return func() error { return DecodeJSAddrs(d, out) }
			}},
			lib{"jsimonetti-new", jsNew[rtnetlink.AddressMessage]},
		)},
	}
	// The same libraries on the host-sized heads of the dumps.
	for i, host := range []*Dump{env.hostRoutes, env.hostLinks, env.hostAddrs} {
		dumps = append(dumps, struct {
			dump *Dump
			libs []lib
		}{host, dumps[i].libs})
	}
	for _, dd := range dumps {
		for _, l := range rotated(dd.libs) {
			b.Run("dump="+dd.dump.Name+"/lib="+l.name, func(b *testing.B) {
				perMsg(b, dd.dump.Messages, l.run(dd.dump))
			})
		}
	}
}

// rotated returns libs rotated left by the round number run.sh gives
// each process (BENCH_ROUND), so that every library takes every place in
// the order over the rounds. What ran before a decode in the same process
// moves its time: in BenchmarkOrder one decode took 0.85 of another's in
// one order and 1.14 in the reverse, a bias that pairing by round cannot
// remove when the order is the same in every round.
func rotated[T any](libs []T) []T {
	r, _ := strconv.Atoi(os.Getenv("BENCH_ROUND"))
	if len(libs) == 0 || r <= 0 {
		return libs
	}
	r %= len(libs)
	return append(slices.Clone(libs[r:]), libs[:r]...)
}

// jsNew returns a decode of d by jsimonetti into a new T per message.
func jsNew[T any, PT interface {
	*T
	UnmarshalBinary([]byte) error
}](d *Dump) func() error {
	out := make([]*T, d.Messages)
	return func() error { return DecodeJSNew[T, PT](d, out) }
}

// newOf returns a decode of d into a new T per message (DecodeOursNew).
func newOf[T any](d *Dump) func() error {
	out := make([]*T, d.Messages)
	return func() error { return DecodeOursNew(d, out) }
}

// slotsOf returns pointers to n zero values of T, ready for nltag.
func slotsOf[T any](n int) []any {
	s := make([]T, n)
	out := make([]any, n)
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

// plainSlots returns a maker of n zero values of the plain type t.
func plainSlots(t reflect.Type) func(n int) []any {
	return func(n int) []any { return NewSlots(t, n) }
}

func BenchmarkEncode(b *testing.B) {
	needEnv(b)
	b.Run("req=veth-add/lib=ours", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		var err error
		seq := uint32(0)
		for b.Loop() {
			seq++
			if buf, err = BuildOurs(buf[:0], "bench0", "bench1", seq); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("req=veth-add/lib=jsimonetti", func(b *testing.B) {
		b.ReportAllocs()
		seq := uint32(0)
		for b.Loop() {
			seq++
			if _, err := BuildJS("bench0", "bench1", seq); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("req=veth-add/lib=vishvananda", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			BuildV("bench0", "bench1")
		}
	})
}

func BenchmarkList(b *testing.B) {
	needEnv(b)
	ctx := context.Background()
	c := env.clients
	type lib struct {
		name string
		fn   func() (int, error)
	}
	lists := []struct {
		dump string
		libs []lib
	}{
		{"routes", []lib{
			{"ours", func() (int, error) { rs, err := ListRoutesOurs(ctx, c.Route); return len(rs), err }},
			{"ours-iter", func() (int, error) { return IterRoutesOurs(ctx, c.Route) }},
			{"ours-conn", func() (int, error) { return StreamRoutesConn(ctx, c.Ours, func(*route.Route) {}) }},
			{"overlap-poc", func() (int, error) { return c.Ovl.Routes(func(*route.Route) {}) }},
			{"jsimonetti", func() (int, error) { rs, err := ListRoutesJS(c.JS); return len(rs), err }},
			{"vishvananda", func() (int, error) { rs, err := ListRoutesV(c.V); return len(rs), err }},
			{"raw", func() (int, error) { return c.Raw.Dump(unix.RTM_GETROUTE, RouteDumpBody, nil) }},
			{"iproute2-json", func() (int, error) { return 0, IPJSON(env.ns, env.devnull, "route", "show") }},
		}},
		{"links", []lib{
			{"ours", func() (int, error) { ls, err := ListLinksOurs(ctx, c.Route); return len(ls), err }},
			{"jsimonetti", func() (int, error) { ls, err := ListLinksJS(c.JS); return len(ls), err }},
			{"vishvananda", func() (int, error) { ls, err := ListLinksV(c.V); return len(ls), err }},
			{"raw", func() (int, error) { return c.Raw.Dump(unix.RTM_GETLINK, LinkDumpBody, nil) }},
			{"iproute2-json", func() (int, error) { return 0, IPJSON(env.ns, env.devnull, "link", "show") }},
		}},
	}
	sockets := func(fn func(*Sockets) (int, error)) func() (int, error) {
		return func() (int, error) {
			s, err := SocketsOnce()
			if err != nil {
				return 0, err
			}
			return fn(s)
		}
	}
	lists = append(lists, []struct {
		dump string
		libs []lib
	}{
		{"sockets", []lib{
			{"ours", sockets(func(s *Sockets) (int, error) { return ListSocketsOurs(ctx, s.Ours, false) })},
			{"vishvananda", sockets(func(s *Sockets) (int, error) { return ListSocketsV(s.V, false) })},
		}},
		{"sockets-info", []lib{
			{"ours", sockets(func(s *Sockets) (int, error) { return ListSocketsOurs(ctx, s.Ours, true) })},
			{"ours-iter", sockets(func(s *Sockets) (int, error) { return IterSocketsOurs(ctx, s.Ours) })},
			{"vishvananda", sockets(func(s *Sockets) (int, error) { return ListSocketsV(s.V, true) })},
		}},
	}...)
	for _, ll := range lists {
		for _, l := range rotated(ll.libs) {
			b.Run("dump="+ll.dump+"/lib="+l.name, func(b *testing.B) {
				// One call before b.Loop, which starts the timer: the
				// sockets' setup stays out of the timing.
				if _, err := l.fn(); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				c0 := cpuTime(b)
				for b.Loop() {
					if _, err := l.fn(); err != nil {
						b.Fatal(err)
					}
				}
				if strings.HasPrefix(ll.dump, "sockets") {
					// The kernel's dump runs in our recvmsg calls: its
					// time is the process's too, whatever the load.
					b.ReportMetric(float64((cpuTime(b)-c0).Nanoseconds())/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}
