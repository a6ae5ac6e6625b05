// Command ss is a small ss(8) built on package sockdiag: it lists TCP,
// UDP and unix sockets, printing the columns ss prints.
//
// Usage:
//
//	ss [-t] [-u] [-x] [-a|-l] [-n] [-i] [-m] [-4|-6] [-H] [-N NETNS] [FILTER]
//
// -t, -u and -x select TCP, UDP and unix sockets (all three when none is
// given); -a lists sockets in every state, -l the listening and unbound
// ones, and neither the connected ones; -i adds TCP's internals (tcp_info
// and the congestion algorithm); -m adds the memory use (skmem); -4 and
// -6 keep one IP family; -H leaves the header out; -N lists the sockets of
// the namespace that `ip netns add NETNS` made. Addresses and ports are
// always numeric, so -n changes nothing; a socket bound to a device shows
// it by name, as in 127.0.0.1%lo:53.
//
// FILTER is an expression of ss's port and address conditions ("sport =
// :22", "dst 10.0.0.0/8", and, or, not, parentheses), which the kernel
// checks; unix sockets are not listed with one. -o (timers and TCP
// options), -e, -p and the other conditions of ss's filters (states,
// devices, marks, cgroups) are not supported; TCP, UDP and unix are the
// only kinds of sockets. Needs no privileges (but -N needs CAP_SYS_ADMIN).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/nltag/go-netlink/examples/internal/iproute"
	"github.com/nltag/go-netlink/sockdiag"
)

func main() { iproute.Main(run) }

// options are the command line's flags.
type options struct {
	tcp, udp, unix bool
	all, listening bool
	info, mem      bool
	noHeader       bool
	ipv4, ipv6     bool
	netns          string
	filter         sockdiag.Cond // of TCP and UDP sockets, checked by the kernel
}

// splitFlags spells out grouped short options as ss(8) takes them ("-tuna"
// for "-t -u -n -a"), where every letter is a boolean flag of fs; the
// flag package knows only one flag an argument.
func splitFlags(fs *flag.FlagSet, args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--" || !strings.HasPrefix(a, "-"):
			return append(out, args[i:]...)
		case len(a) > 2 && a[1] != '-' && allBoolFlags(fs, a[1:]):
			for _, r := range a[1:] {
				out = append(out, "-"+string(r))
			}
			continue
		}
		out = append(out, a)
		if f := fs.Lookup(strings.TrimLeft(a, "-")); f != nil && !allBoolFlags(fs, f.Name) && i+1 < len(args) {
			i++ // the flag's value
			out = append(out, args[i])
		}
	}
	return out
}

func allBoolFlags(fs *flag.FlagSet, letters string) bool {
	for _, r := range letters {
		f := fs.Lookup(string(r))
		if f == nil {
			return false
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			return false
		}
	}
	return true
}

// run runs the program with args and returns its exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("ss", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.tcp, "t", false, "TCP sockets")
	fs.BoolVar(&o.udp, "u", false, "UDP sockets")
	fs.BoolVar(&o.unix, "x", false, "unix sockets")
	fs.BoolVar(&o.all, "a", false, "sockets in every state")
	fs.BoolVar(&o.listening, "l", false, "listening and unbound sockets")
	fs.Bool("n", false, "numeric addresses and ports (always)")
	fs.BoolVar(&o.info, "i", false, "TCP internals")
	fs.BoolVar(&o.mem, "m", false, "memory use")
	fs.BoolVar(&o.ipv4, "4", false, "IPv4 only")
	fs.BoolVar(&o.ipv6, "6", false, "IPv6 only")
	fs.BoolVar(&o.noHeader, "H", false, "no header line")
	fs.StringVar(&o.netns, "N", "", "the namespace `NETNS` (ip netns)")
	if err := fs.Parse(splitFlags(fs, args)); err != nil {
		return 2
	}
	if !o.tcp && !o.udp && !o.unix {
		o.tcp, o.udp, o.unix = true, true, true
	}
	if fs.NArg() > 0 {
		var err error
		if o.filter, err = parseFilter(fs.Args()); err != nil {
			fmt.Fprintln(stderr, "ss:", err)
			return 2
		}
	}
	if o.ipv4 || o.ipv6 || o.filter != nil {
		o.unix = false
	}
	rows, err := list(ctx, &o)
	if err != nil {
		fmt.Fprintln(stderr, "ss:", err)
		return 1
	}
	printRows(stdout, &o, rows)
	return 0
}
