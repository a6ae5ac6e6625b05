//go:build linux

// Command ip is a small ip(8) built on package route: it shows and changes
// links, addresses, routes, neighbour entries and rules, and monitors their
// changes (monitor, or watch through a route.Cache), printing what iproute2
// prints, as text or (with -j) as JSON with iproute2's key names.
//
// Usage:
//
//	ip [-n NETNS] [-j] [-d] [-4|-6] OBJECT [COMMAND [ARGUMENTS]]
//	ip [-n NETNS] [-force] -batch FILE
//
// OBJECT is link, addr, route, neigh, rule, nexthop, monitor or watch (or an
// abbreviation ip accepts, such as a, r, l); COMMAND is show, add, del, set,
// replace, append or get, as iproute2 spells them. Showing needs no privileges:
// `ip addr` lists this machine's addresses.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/examples/internal/iproute"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

const usage = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
where  OBJECT := { link | address | route | neigh | rule | nexthop | monitor | watch }
       ip [ OPTIONS ] [ -force ] -batch FILE
       OPTIONS := { -n[etns] NAME | -j[son] | -p[retty] | -d[etails] | -4 | -6 }
`

func main() { iproute.Main(run) }

// cli is one invocation: the global options and, once needed, a Client.
type cli struct {
	ctx context.Context
	out io.Writer
	iproute.Options
	family route.Family
	conn   iproute.LazyClient
	// monitorBuffer is the socket buffer size of monitors and caches (0:
	// the system's default).
	monitorBuffer int

	batchFile string    // -batch FILE
	force     bool      // -force: go on after a failed command
	batch     *batchRun // the -batch run in progress
	stderr    io.Writer
}

// client dials on first use, so that bad arguments are reported before
// anything touches the kernel. In a -force batch it first sends the
// changes queued, so that what follows sees them.
func (cl *cli) client() (*route.Client, error) {
	if b := cl.batch; b != nil {
		b.flush(cl, cl.stderr)
	}
	return cl.dial()
}

func (cl *cli) dial() (*route.Client, error) {
	return cl.conn.Get(cl.ctx, cl.NetNS, route.Options{MonitorBufferSize: cl.monitorBuffer})
}

// usageError is a mistake in the arguments: it gets the usage text and
// exit status 2.
type usageError = iproute.UsageError

func usagef(format string, args ...any) error { return iproute.Usagef(format, args...) }

// asUsage makes err a usage error, unless it is one.
func asUsage(err error) error {
	var ue *usageError
	if err == nil || errors.As(err, &ue) {
		return err
	}
	return usagef("%s", err)
}

// objects maps each object and its abbreviations to its handler.
var objects = []iproute.Object[*cli]{
	{Names: []string{"link", "l", "li", "lin"}, Run: linkCmd, Help: linkUsage},
	{Names: []string{"address", "a", "ad", "add", "addr", "addre", "addres"}, Run: addrCmd, Help: addrUsage},
	{Names: []string{"route", "r", "ro", "rou", "rout"}, Run: routeCmd, Help: routeUsage},
	{Names: []string{"neighbour", "neighbor", "n", "ne", "nei", "neig", "neigh", "neighb"}, Run: neighCmd, Help: neighUsage},
	{Names: []string{"rule", "ru", "rul"}, Run: ruleCmd, Help: ruleUsage},
	{Names: []string{"nexthop", "nh", "nex", "next", "nexth", "nextho"}, Run: nexthopCmd, Help: nexthopUsage},
	{Names: []string{"monitor", "m", "mo", "mon", "moni", "monit", "monito"}, Run: monitorCmd, Help: monitorUsage},
	{Names: []string{"watch", "w", "wa", "wat", "watc"}, Run: watchCmd, Help: watchUsage},
	{Names: []string{"help", "h", "he", "hel"}, Run: func(*cli, []string) error { return usagef("") }, Help: usage},
}

// run is the whole program: it returns the exit status: 0, 2 for bad
// arguments or an error from the kernel, 1 for other errors, as ip(8).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cl := &cli{ctx: ctx, out: stdout, stderr: stderr}
	defer cl.conn.Close()
	rest, err := cl.parseOptions(args)
	if err == nil && cl.batchFile != "" {
		return cl.runBatch(cl.batchFile, os.Stdin, stderr)
	}
	if err == nil && len(rest) == 0 {
		err = usagef("no object given")
	}
	help := usage
	if err == nil {
		help, err = cl.command(rest)
	}
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		if ue.Msg != "" {
			fmt.Fprintln(stderr, ue.Msg)
		}
		fmt.Fprint(stderr, help)
		return 2
	}
	fmt.Fprintln(stderr, errorText(err))
	if errors.As(err, new(*route.NoLinkError)) {
		// ip(8) looks names up itself, and fails before any request.
		return 1
	}
	if errors.As(err, new(*netlink.OpError)) {
		return 2
	}
	return 1
}

// command runs one command: OBJECT and what follows. It returns the usage
// text that goes with its errors.
func (cl *cli) command(words []string) (help string, err error) {
	return iproute.RunObject(objects, cl, words, usage, "ip help")
}

// parseOptions reads the options before the object.
func (cl *cli) parseOptions(args []string) ([]string, error) {
	return cl.Parse(args, "ip -help", func(opt string, args *[]string) (bool, error) {
		switch {
		case opt == "4":
			cl.family = route.FamilyIPv4
		case opt == "6":
			cl.family = route.FamilyIPv6
		case opt == "b" || strings.HasPrefix("batch", opt):
			if len(*args) == 0 {
				return false, usagef("Option -%s needs a file name", opt)
			}
			cl.batchFile, *args = (*args)[0], (*args)[1:]
		case opt == "force":
			cl.force = true
		default:
			return false, nil
		}
		return true, nil
	})
}

// errorText words an error as iproute2 does, keeping our wording of a
// link kind the kernel lacks.
func errorText(err error) string {
	var oe *netlink.OpError
	var nl *route.NoLinkError
	var nd noDevice
	if errors.As(err, &nd) {
		return nd.Error()
	}
	if errors.As(err, &nl) {
		// ip(8) looks names up itself, and fails before any request.
		return fmt.Sprintf("Cannot find device %q", nl.Link)
	}
	if errors.As(err, &oe) && errors.Is(err, unix.EOPNOTSUPP) && strings.Contains(err.Error(), "link kind") {
		// Our wrapping names the kind the kernel lacks; keep it.
		return "Error: " + strings.TrimPrefix(err.Error(), "route: ")
	}
	return iproute.ErrorText(err)
}

// links returns the link named dev, or every link f lets through when dev
// is empty, with the client it used.
func (cl *cli) links(dev string, f *route.LinkFilter) (*route.Client, []*route.Link, error) {
	c, err := cl.client()
	if err != nil {
		return nil, nil, err
	}
	if dev == "" {
		ls, err := c.LinkList(cl.ctx, f)
		return c, ls, err
	}
	l, err := c.LinkByName(cl.ctx, dev)
	if errors.As(err, new(*route.NoLinkError)) || errors.As(err, new(*route.ArgError)) {
		// What ip(8) says when `show dev` names no link.
		return nil, nil, noDevice(dev)
	}
	if err != nil {
		return nil, nil, err
	}
	return c, []*route.Link{l}, nil
}

// noDevice is the error of `show dev DEV` for a DEV that names no link.
type noDevice string

func (d noDevice) Error() string { return fmt.Sprintf("Device %q does not exist.", string(d)) }
