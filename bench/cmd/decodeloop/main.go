// Command decodeloop decodes one captured host-sized dump (BenchmarkDecode's
// *-host dumps: the whole datagrams that hold the first 141 links, 155
// addresses or 1,951 routes) over and over with one of our decode paths,
// for instruction counts that do not depend on the machine's load:
//
//	cd bench && go build -o /tmp/decodeloop ./cmd/decodeloop
//	for n in 0 200; do GOGC=off valgrind --tool=cachegrind --cache-sim=no \
//		/tmp/decodeloop -netns NS -dump links -lib new -n $n; done
//
// The difference of the two counts, divided by 200 times the message count
// it prints, is the instructions per message. GOGC=off leaves the garbage
// collector's work out, which varies from run to run by more than the
// difference between two commits; without it, a large -n spreads it. NS is
// a namespace that run.sh or a benchmark run populated (BENCH_NETNS), or
// "" for one of its own, populated and deleted here. It needs root.
//
// Libraries:
//
//	new      nltag.Unmarshal into a new route.Link (Address, Route) each
//	table    route.Messages.Decode
//	lossless an nltag.Decoder into one reused value per message slot
//
// -save FILE writes the captured datagrams to FILE (length-prefixed), and
// -load FILE decodes those instead of capturing: counts before and after a
// change then cover the very same bytes, without root, and without the
// child processes that namespace set-up runs. (Callgrind, which counts per
// instruction with --dump-instr=yes, also needs GODEBUG=asyncpreemptoff=1:
// it stops at the signals of Go's preemption.)
//
//	/tmp/decodeloop -dump links -save /tmp/links.dump -n 0
//	for n in 0 200; do GOGC=off valgrind --tool=cachegrind --cache-sim=no \
//		/tmp/decodeloop -load /tmp/links.dump -dump links -lib new -n $n; done
//
// With -slices S and two or more libraries (-lib new,table), it times
// them instead, on a machine too loaded for wall time: S times, each
// library decodes the dump n times in turn (the order rotating), and it
// prints each one's user CPU time per message (the collector's included)
// and its ratio to the first's. Slices of a millisecond or so spread a
// change of load over all libraries alike:
//
//	GOMAXPROCS=1 /tmp/decodeloop -load /tmp/addrs.dump -dump addrs -lib new,table -n 5 -slices 300
//
// -cpuprofile and -memprofile profile the decode loop.
//
// It is a benchmark to run by hand, not a test.
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/bench"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

func main() {
	netns := flag.String("netns", "", "a populated namespace (default: one of its own)")
	dump := flag.String("dump", "links", "links, addrs or routes")
	lib := flag.String("lib", "new", "new, table or lossless; with -slices, several, comma-separated")
	n := flag.Int("n", 100, "decodes of the whole dump")
	slices := flag.Int("slices", 0, "time the comma-separated libraries of -lib in this many turns of n decodes each")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the decodes to this file")
	memprofile := flag.String("memprofile", "", "write an allocation profile of the decodes (every allocation sampled) to this file")
	save := flag.String("save", "", "write the captured datagrams to this file")
	load := flag.String("load", "", "decode the datagrams of this file (from -save) instead of capturing")
	flag.Parse()

	d, err := dumpOf(*netns, *dump, *load)
	if err != nil {
		log.Fatal(err)
	}
	if *save != "" {
		if err := os.WriteFile(*save, encodeDump(d), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	var msgs []netlink.RawMessage
	for _, g := range d.Datagrams {
		for m, err := range netlink.Messages(g) {
			if err != nil {
				log.Fatal(err)
			}
			if m.Header.Type != netlink.Done {
				msgs = append(msgs, m)
			}
		}
	}
	if *slices > 0 {
		if err := alternate(*dump, strings.Split(*lib, ","), msgs, *n, *slices); err != nil {
			log.Fatal(err)
		}
		return
	}
	run, err := decoder(*dump, *lib, msgs)
	if err != nil {
		log.Fatal(err)
	}
	stop, err := profile(*cpuprofile, *memprofile)
	if err != nil {
		log.Fatal(err)
	}
	before := cpuTime()
	for range *n {
		if err := run(); err != nil {
			log.Fatal(err)
		}
	}
	cpu := cpuTime() - before
	if err := stop(); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%s: %d messages, %d decodes with %s", d.Name, len(msgs), *n, *lib)
	if *n > 0 {
		fmt.Fprintf(os.Stderr, ", %.0f ns of user CPU per message", float64(cpu.Nanoseconds())/float64(*n*len(msgs)))
	}
	fmt.Fprintln(os.Stderr)
}

// cpuTime returns the user CPU time the process has used: on a loaded
// machine a steadier measure than the wall clock. (Run with GOGC=off to
// leave the collector's work, on other threads, out; the kernel's time,
// mostly faults on fresh memory, is left out too.)
func cpuTime() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		log.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano())
}

// alternate times libs on msgs in turns (see the package doc).
func alternate(dump string, libs []string, msgs []netlink.RawMessage, n, slices int) error {
	runs := make([]func() error, len(libs))
	for i, l := range libs {
		var err error
		if runs[i], err = decoder(dump, l, msgs); err != nil {
			return err
		}
	}
	cpu := make([]time.Duration, len(libs))
	for s := range slices {
		for k := range libs {
			i := (k + s) % len(libs)
			before := cpuTime()
			for range n {
				if err := runs[i](); err != nil {
					return err
				}
			}
			cpu[i] += cpuTime() - before
		}
	}
	total := float64(slices * n * len(msgs))
	for i, l := range libs {
		fmt.Printf("%s %s: %.1f ns/msg user CPU, %.3f of %s\n", dump, l,
			float64(cpu[i].Nanoseconds())/total, float64(cpu[i])/float64(cpu[0]), libs[0])
	}
	return nil
}

// profile starts the profiles asked for and returns what ends them.
func profile(cpu, mem string) (stop func() error, err error) {
	// Linking runtime/pprof turns the allocation sampling on (a stack walk
	// every 512 KiB) that a binary without it does without: keep it off,
	// so that counts compare with those of a build without profiles.
	runtime.MemProfileRate = 0
	if mem != "" {
		runtime.MemProfileRate = 1
	}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
	}
	return func() error {
		if cpu != "" {
			pprof.StopCPUProfile()
		}
		if mem == "" {
			return nil
		}
		f, err := os.Create(mem)
		if err != nil {
			return err
		}
		defer f.Close()
		runtime.GC() // the profile is as of the last collection
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}, nil
}

// dumpOf captures what in the namespace netns, or reads it from the file
// load when given.
func dumpOf(netns, what, load string) (*bench.Dump, error) {
	if load != "" {
		b, err := os.ReadFile(load)
		if err != nil {
			return nil, err
		}
		return decodeDump(what+"-host", b)
	}
	ns, own, err := namespace(netns)
	if err != nil {
		return nil, err
	}
	if own {
		defer ns.Close()
	}
	return capture(ns, what)
}

// encodeDump writes d's datagrams each after its length, 4 bytes in host
// order.
func encodeDump(d *bench.Dump) []byte {
	var out []byte
	for _, g := range d.Datagrams {
		out = binary.NativeEndian.AppendUint32(out, uint32(len(g)))
		out = append(out, g...)
	}
	return out
}

// decodeDump reads what encodeDump wrote.
func decodeDump(name string, b []byte) (*bench.Dump, error) {
	d := &bench.Dump{Name: name}
	for len(b) > 0 {
		if len(b) < 4 || int(binary.NativeEndian.Uint32(b)) > len(b)-4 {
			return nil, fmt.Errorf("%s: truncated dump file", name)
		}
		n := int(binary.NativeEndian.Uint32(b))
		d.Datagrams = append(d.Datagrams, b[4:4+n])
		d.Bytes += n
		b = b[4+n:]
	}
	return d, nil
}

func namespace(name string) (ns *bench.NS, own bool, err error) {
	if name != "" {
		if ns, err = bench.ExistingNS(name); err != nil {
			return nil, false, err
		}
		if !ns.Populated() {
			err = bench.Populate(ns)
		}
		return ns, false, err
	}
	if ns, err = bench.NewNS(); err != nil {
		return nil, false, err
	}
	if err := bench.Populate(ns); err != nil {
		ns.Close()
		return nil, false, err
	}
	return ns, true, nil
}

// capture dumps what and cuts it to the size of the host dumps of
// BenchmarkDecode.
func capture(ns *bench.NS, what string) (*bench.Dump, error) {
	s, err := bench.OpenRaw(ns)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	switch what {
	case "links":
		d, err := bench.CaptureDump(s, "links", unix.RTM_GETLINK, bench.LinkDumpBody)
		if err != nil {
			return nil, err
		}
		return d.Head("links-host", 141), nil
	case "addrs":
		d, err := bench.CaptureDump(s, "addrs", unix.RTM_GETADDR, bench.AddrDumpBody)
		if err != nil {
			return nil, err
		}
		return d.Head("addrs-host", 155), nil
	case "routes":
		d, err := bench.CaptureDump(s, "routes", unix.RTM_GETROUTE, bench.RouteDumpBody)
		if err != nil {
			return nil, err
		}
		return d.Head("routes-host", 1951), nil
	}
	return nil, fmt.Errorf("no dump %q", what)
}

func decoder(dump, lib string, msgs []netlink.RawMessage) (func() error, error) {
	switch dump {
	case "links":
		return decoderOf[route.Link](lib, msgs)
	case "addrs":
		return decoderOf[route.Address](lib, msgs)
	case "routes":
		return decoderOf[route.Route](lib, msgs)
	}
	return nil, fmt.Errorf("no dump %q", dump)
}

func decoderOf[T any](lib string, msgs []netlink.RawMessage) (func() error, error) {
	out := make([]any, len(msgs))
	switch lib {
	case "new":
		return func() error {
			for i, m := range msgs {
				v := new(T)
				out[i] = v
				if err := nltag.Unmarshal(m.Data, v); err != nil {
					return err
				}
			}
			return nil
		}, nil
	case "table":
		return func() error {
			for i, m := range msgs {
				d, err := route.Messages.Decode(m)
				if err != nil {
					return err
				}
				out[i] = d.Body
			}
			return nil
		}, nil
	case "lossless":
		slots := make([]T, len(msgs))
		var dec nltag.Decoder
		return func() error {
			for i, m := range msgs {
				if err := dec.Unmarshal(m.Data, &slots[i]); err != nil {
					return err
				}
			}
			return nil
		}, nil
	}
	return nil, fmt.Errorf("no library %q", lib)
}
