// Command bridge is a small bridge(8) built on package route: it shows and
// changes bridge ports, forwarding database entries and port VLANs,
// printing what iproute2's bridge prints, as text or (with -j) as JSON
// with its key names.
//
// Usage:
//
//	bridge [-n NETNS] [-j] [-p] [-d] OBJECT [COMMAND [ARGUMENTS]]
//
// OBJECT is link, fdb or vlan. Every error exits with status 255, as
// bridge(8) does.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/nltag/go-netlink/examples/internal/iproute"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

const usage = `Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }
where  OBJECT := { link | fdb | vlan }
       OPTIONS := { -n[etns] NAME | -j[son] | -p[retty] | -d[etails] }
`

func main() { iproute.Main(run) }

// cli is one invocation: the global options and, once needed, a Client.
type cli struct {
	ctx context.Context
	out io.Writer
	iproute.Options
	conn  iproute.LazyClient
	names map[netlink.IfIndex]*route.Link
}

// client dials on first use, so that bad arguments are reported before
// anything touches the kernel.
func (cl *cli) client() (*route.Client, error) {
	return cl.conn.Get(cl.ctx, cl.NetNS, route.Options{})
}

// link returns link i as the AF_UNSPEC view names it, asking the kernel
// once per link; nil if it does not exist.
func (cl *cli) link(i netlink.IfIndex) *route.Link {
	if l, ok := cl.names[i]; ok {
		return l
	}
	if cl.names == nil {
		cl.names = map[netlink.IfIndex]*route.Link{}
	}
	var l *route.Link
	if c, err := cl.client(); err == nil {
		l, _ = c.LinkByIndex(cl.ctx, i)
	}
	cl.names[i] = l
	return l
}

// name returns the name of link i, or "ifN" as bridge(8) prints an
// unknown one.
func (cl *cli) name(i netlink.IfIndex) string {
	if l := cl.link(i); l != nil {
		return l.Name
	}
	return fmt.Sprintf("if%d", i)
}

// usageError is a mistake in the arguments: it gets the usage text.
type usageError = iproute.UsageError

func usagef(format string, args ...any) error { return iproute.Usagef(format, args...) }

// message is an error printed as it is.
type message string

func (m message) Error() string { return string(m) }

// objects maps each object and its abbreviations to its handler.
var objects = []iproute.Object[*cli]{
	{Names: []string{"link", "l", "li", "lin"}, Run: linkCmd, Help: linkUsage},
	{Names: []string{"fdb", "f", "fd"}, Run: fdbCmd, Help: fdbUsage},
	{Names: []string{"vlan", "v", "vl", "vla"}, Run: vlanCmd, Help: vlanUsage},
	{Names: []string{"help", "h", "he", "hel"}, Run: func(*cli, []string) error { return usagef("") }, Help: usage},
}

// run is the whole program: it returns the exit status, 0 or 255.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cl := &cli{ctx: ctx, out: stdout}
	rest, err := cl.parseOptions(args)
	if err == nil && len(rest) == 0 {
		err = usagef("")
	}
	help := usage
	if err == nil {
		help, err = iproute.RunObject(objects, cl, rest, usage, "bridge help")
	}
	cl.conn.Close()
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		if ue.Msg != "" {
			fmt.Fprintln(stderr, ue.Msg)
		}
		fmt.Fprint(stderr, help)
	case errors.As(err, new(message)):
		fmt.Fprintln(stderr, err)
	case errors.As(err, new(*route.NoLinkError)):
		var nl *route.NoLinkError
		errors.As(err, &nl)
		fmt.Fprintf(stderr, "Cannot find device %q\n", nl.Link)
	default:
		fmt.Fprintln(stderr, iproute.ErrorText(err))
	}
	return 255
}

// parseOptions reads the options before the object.
func (cl *cli) parseOptions(args []string) ([]string, error) {
	return cl.Parse(args, "bridge help", nil)
}

// print writes objs as one JSON array with -j, else texts.
func (cl *cli) print(objs []any, texts []string) error {
	return iproute.Print(cl.out, cl.JSON, cl.Pretty, objs, texts)
}

// args reads command arguments as bridge(8) takes them: keywords, each
// followed by its value.
type args struct{ iproute.Args }
