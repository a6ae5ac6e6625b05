// Command tc is a small tc(8) built on package route: it adds, changes,
// deletes and shows the queueing disciplines tbf, htb, pfifo, bfifo,
// pfifo_head_drop, ingress and clsact, and the classes of htb, printing
// what iproute2's tc prints, as text or (with -j) as JSON with tc's key
// names.
//
// Usage:
//
//	tc [-n NETNS] [-j] [-p] [-d] [-s] { qdisc | class } COMMAND [ARGUMENTS]
//
// as in `tc qdisc add dev eth0 root handle 1: htb default 10` or `tc class
// add dev eth0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit`.
//
// Qdiscs print as `tc -j` 6.1 prints them, key for key. That tc prints htb
// classes as text even with -j; this program's JSON for classes uses tc's
// words (rate, ceil, burst, cburst in bytes) as keys.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/examples/internal/iproute"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

const usage = `Usage: tc [ OPTIONS ] OBJECT { COMMAND | help }
where  OBJECT := { qdisc | class }
       OPTIONS := { -n[etns] NAME | -j[son] | -p[retty] | -d[etails] | -s[tatistics] }
`

func main() { iproute.Main(run) }

// cli is one invocation: the global options and, once needed, a Client.
type cli struct {
	ctx context.Context
	out io.Writer
	iproute.Options
	stats bool
	conn  iproute.LazyClient
	names map[netlink.IfIndex]string
}

// client dials on first use, so that bad arguments are reported before
// anything touches the kernel.
func (cl *cli) client() (*route.Client, error) {
	return cl.conn.Get(cl.ctx, cl.NetNS, route.Options{})
}

// devName returns the name of link i, listing the links once.
func (cl *cli) devName(i netlink.IfIndex) (string, error) {
	if cl.names == nil {
		ls, err := cl.conn.Client().LinkList(cl.ctx, nil)
		if err != nil {
			return "", err
		}
		cl.names = map[netlink.IfIndex]string{}
		for _, l := range ls {
			cl.names[l.Index] = l.Name
		}
	}
	if n, ok := cl.names[i]; ok {
		return n, nil
	}
	return fmt.Sprintf("if%d", i), nil
}

// usageError is a mistake in the arguments: it gets the usage text and
// exit status 1, as tc gives.
type usageError = iproute.UsageError

func usagef(format string, args ...any) error { return iproute.Usagef(format, args...) }

// objects maps each object and its abbreviations to its handler.
var objects = []iproute.Object[*cli]{
	{Names: []string{"qdisc", "q", "qd", "qdi", "qdis"}, Run: qdiscCmd, Help: qdiscUsage},
	{Names: []string{"class", "c", "cl", "cla", "clas"}, Run: classCmd, Help: classUsage},
}

// run is the whole program: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cl := &cli{ctx: ctx, out: stdout}
	rest, err := cl.parseOptions(args)
	if err == nil && len(rest) == 0 {
		err = usagef("no object given")
	}
	help := usage
	if err == nil && rest[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err == nil {
		help, err = iproute.RunObject(objects, cl, rest, usage, "tc help")
	}
	cl.conn.Close()
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue) && ue.Msg == "":
		fmt.Fprint(stderr, help)
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s\n%s", ue.Msg, help)
		return 1
	}
	var nl *route.NoLinkError
	if errors.As(err, &nl) {
		// tc(8) looks names up itself, and fails before any request.
		fmt.Fprintf(stderr, "Cannot find device %q\n", nl.Link)
		return 1
	}
	fmt.Fprintln(stderr, errorText(err))
	return 2
}

// parseOptions reads the options before the object.
func (cl *cli) parseOptions(args []string) ([]string, error) {
	return cl.Parse(args, "tc -help", func(opt string, _ *[]string) (bool, error) {
		if opt == "s" || strings.HasPrefix("statistics", opt) || strings.HasPrefix("stats", opt) {
			cl.stats = true
			return true, nil
		}
		return false, nil
	})
}

// errorText words an error as tc does when the kernel explained it (its
// extended-ACK text); else it gives our own text, which names the
// operation, the link and the errno.
func errorText(err error) string {
	var oe *netlink.OpError
	if errors.As(err, &oe) && oe.Msg != "" {
		return "Error: " + strings.TrimSuffix(oe.Msg, ".") + "."
	}
	return "Error: " + err.Error()
}

// tcMethod is the signature of the Client's qdisc and class methods.
type tcMethod func(c *route.Client, ctx context.Context, dev route.LinkRef, o *route.TcOptions) error

// runObject runs a command on qdiscs or classes: show (the default), or a
// change that parse reads and one of the Client's methods ops makes.
func runObject(cl *cli, object string, args []string, parse func(argv) (route.LinkRef, *route.TcOptions, error),
	show func(*cli, argv) error, ops map[string]tcMethod) error {
	cmd := "show"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "help":
		return usagef("")
	case "show", "list", "ls":
		if _, err := cl.client(); err != nil {
			return err
		}
		return show(cl, argv{args})
	}
	op := ops[cmd]
	if op == nil {
		return usagef("Command %q is unknown, try \"tc %s help\".", cmd, object)
	}
	dev, o, err := parse(argv{args})
	if err != nil {
		return err
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	return op(c, cl.ctx, dev, o)
}

// parseTc reads the words qdiscs and classes share (dev, root, parent, and
// idKey for the handle); kind reads any other word and what follows it.
func parseTc(a argv, idKey string, kind func(w string, a *argv, o *route.TcOptions) error) (route.LinkRef, *route.TcOptions, error) {
	var dev route.LinkRef
	o := &route.TcOptions{}
	for a.More() {
		var err error
		switch w := a.Next(); w {
		case "dev":
			var s string
			s, err = a.Value(w)
			dev = route.ByName(s)
		case "root":
			o.Parent = route.HandleRoot
		case "parent":
			o.Parent, err = a.handle(w)
		case idKey:
			o.Handle, err = a.handle(w)
		default:
			err = kind(w, &a, o)
		}
		if err != nil {
			return dev, nil, err
		}
	}
	if dev.IsZero() {
		return dev, nil, usagef("Need \"dev\" argument")
	}
	return dev, o, nil
}

// print writes JSON values as one array, or the text lines.
func (cl *cli) print(objs []any, texts []string) error {
	return iproute.Print(cl.out, cl.JSON, cl.Pretty, objs, texts)
}

// argv reads command arguments the way tc takes them: keywords, each
// followed by its value.
type argv struct{ iproute.Args }

// uintValue returns the word after key as an unsigned number of bits bits,
// in base base (0: as Go literals are written).
func (a *argv) uintValue(key string, base, bits int) (uint64, error) {
	s, err := a.Value(key)
	if err != nil {
		return 0, err
	}
	return parseUint(key, s, base, bits)
}

// parseUint reads s, the value of key, as an unsigned number.
func parseUint(key, s string, base, bits int) (uint64, error) {
	n, err := strconv.ParseUint(s, base, bits)
	if err != nil {
		return 0, usagef("Illegal %q %q", key, s)
	}
	return n, nil
}

// handle returns the word after key as a handle: "root", "none", "1:",
// "1:10", or a major number alone, in hex.
func (a *argv) handle(key string) (route.Handle, error) {
	s, err := a.Value(key)
	if err != nil {
		return 0, err
	}
	h, ok := parseHandle(s)
	if !ok {
		return 0, usagef("Invalid %q %q", key, s)
	}
	return h, nil
}

func parseHandle(s string) (route.Handle, bool) {
	switch s {
	case "root":
		return route.HandleRoot, true
	case "none":
		return route.HandleUnspec, true
	case "ingress":
		return route.HandleIngress, true
	}
	maj, min, _ := strings.Cut(s, ":")
	var hi, lo uint64
	var err error
	if maj != "" {
		if hi, err = strconv.ParseUint(maj, 16, 16); err != nil {
			return 0, false
		}
	}
	if min != "" {
		if lo, err = strconv.ParseUint(min, 16, 16); err != nil {
			return 0, false
		}
	}
	return route.NewHandle(uint16(hi), uint16(lo)), true
}

// classID writes a class id or parent as tc does.
func classID(h route.Handle) string {
	switch {
	case h == route.HandleRoot:
		return "root"
	case h == route.HandleUnspec:
		return "none"
	case h.Major() == 0:
		return fmt.Sprintf(":%x", h.Minor())
	case h.Minor() == 0:
		return fmt.Sprintf("%x:", h.Major())
	}
	return fmt.Sprintf("%x:%x", h.Major(), h.Minor())
}
