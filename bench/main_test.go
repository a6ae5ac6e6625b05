package bench

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// env is what every test and benchmark of the run shares: the namespace,
// the dumps captured from it, and a client of each library in it.
var env struct {
	ns     *NS
	links  *Dump
	routes *Dump
	addrs  *Dump
	// Host-sized heads of the three (see Dump.Head), the size of the
	// dumps issue 16 measured: 141 links, 155 addresses, 1,951 routes.
	hostLinks, hostRoutes, hostAddrs *Dump
	clients                          *Clients
	devnull                          *os.File
	skip                             string // why nothing can run, when something is missing
	ownNS                            bool   // the namespace is this process's, to delete at the end
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		defer teardown()
		if err := setup(); err != nil {
			fmt.Fprintln(os.Stderr, "bench: setup:", err)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

func setup() error {
	if os.Geteuid() != 0 {
		env.skip = "needs root (network namespaces)"
		return nil
	}
	start := time.Now()
	var ns *NS
	var err error
	if name := os.Getenv("BENCH_NETNS"); name != "" {
		// A namespace made by run.sh, which outlives this process.
		if ns, err = ExistingNS(name); err != nil {
			return err
		}
		if !ns.Populated() {
			if err := Populate(ns); err != nil {
				return err
			}
		}
	} else {
		if ns, err = NewNS(); err != nil {
			return err
		}
		env.ns, env.ownNS = ns, true
		if err := Populate(ns); err != nil {
			return err
		}
	}
	env.ns = ns
	populated := time.Since(start)
	s, err := OpenRaw(ns)
	if err != nil {
		return err
	}
	defer s.Close()
	if env.links, err = CaptureDump(s, "links", unix.RTM_GETLINK, LinkDumpBody); err != nil {
		return err
	}
	if env.routes, err = CaptureDump(s, "routes", unix.RTM_GETROUTE, RouteDumpBody); err != nil {
		return err
	}
	if env.addrs, err = CaptureDump(s, "addrs", unix.RTM_GETADDR, AddrDumpBody); err != nil {
		return err
	}
	env.hostLinks, env.hostRoutes, env.hostAddrs = env.links.Head("links-host", 141), env.routes.Head("routes-host", 1951), env.addrs.Head("addrs-host", 155)
	if env.clients, err = Dial(ns); err != nil {
		return err
	}
	if env.devnull, err = os.OpenFile(os.DevNull, os.O_WRONLY, 0); err != nil {
		return err
	}
	if testing.Verbose() || os.Getenv("BENCH_QUIET") == "" {
		fmt.Fprintf(os.Stderr, "bench: namespace %s ready in %v; GOMAXPROCS=%d\n", ns.Name, populated.Round(time.Millisecond), runtime.GOMAXPROCS(0))
		for _, d := range []*Dump{env.links, env.routes, env.addrs, env.hostLinks, env.hostRoutes, env.hostAddrs} {
			fmt.Fprintf(os.Stderr, "bench: %-6s dump: %6d messages, %4d datagrams, %8d bytes (%d B/msg)\n",
				d.Name, d.Messages, len(d.Datagrams), d.Bytes, d.Bytes/d.Messages)
		}
	}
	return nil
}

func teardown() {
	if err := CloseSockets(); err != nil {
		fmt.Fprintln(os.Stderr, "bench: teardown:", err)
	}
	if env.clients != nil {
		env.clients.Close()
	}
	if env.devnull != nil {
		env.devnull.Close()
	}
	if env.ns != nil && env.ownNS {
		if err := env.ns.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "bench: teardown:", err)
		}
	}
}

func needEnv(tb testing.TB) {
	tb.Helper()
	if env.skip != "" {
		tb.Skip(env.skip)
	}
}
