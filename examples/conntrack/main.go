//go:build linux

// Command conntrack is a small conntrack(8) built on package
// netfilter/conntrack: it lists the connection tracking table, prints its
// events and flushes it, in conntrack(8)'s output format.
//
// Usage:
//
//	conntrack -L [-f ipv4|ipv6] [-m MARK[/MASK]] [-w ZONE] [-o extended,id]
//	conntrack -E [-e NEW,UPDATE,DESTROY] [-o extended,id]
//	conntrack -F [-f ipv4|ipv6] [-m MARK[/MASK]] [-w ZONE]
//
// -L and -F work on the entries of both families unless -f says
// otherwise; the filters (-f, -m, -w) work in the kernel. Events caused by
// a process name it by its port and command name, which /proc tells. Long options (--dump,
// --event, --flush, --family, --mark, --zone, --output, --event-mask) are
// accepted too.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/examples/internal/iproute"
	"github.com/nltag/go-netlink/netfilter/conntrack"
)

const usage = `Usage: conntrack -L [-f ipv4|ipv6] [-m MARK[/MASK]] [-w ZONE] [-o extended,id]
       conntrack -E [-e NEW,UPDATE,DESTROY] [-o extended,id]
       conntrack -F [-f ipv4|ipv6] [-m MARK[/MASK]] [-w ZONE]
`

func main() { iproute.Main(run) }

// options are the parsed arguments.
type options struct {
	command byte // 'L', 'E' or 'F'
	filter  conntrack.Filter
	events  []conntrack.EventType
	format  format
}

// run carries out one invocation and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parse(args)
	if err != nil {
		fmt.Fprintf(stderr, "conntrack: %v\n%s", err, usage)
		return 2
	}
	c, err := conntrack.Dial(ctx, nil)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer c.Close()
	switch o.command {
	case 'L':
		err = list(ctx, c, o, stdout, stderr)
	case 'E':
		err = watch(ctx, c, o, stdout, stderr)
	case 'F':
		if err = c.Flush(ctx, &o.filter); err == nil {
			fmt.Fprintln(stderr, "connection tracking table has been emptied.")
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

func parse(args []string) (*options, error) {
	o := &options{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		value := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("option %s needs a value", a)
			}
			i++
			return args[i], nil
		}
		var v string
		var err error
		switch a {
		case "-L", "--dump", "-E", "--event", "-F", "--flush":
			if o.command != 0 {
				return nil, errors.New("give one command")
			}
			o.command = map[string]byte{"-L": 'L', "--dump": 'L', "-E": 'E', "--event": 'E', "-F": 'F', "--flush": 'F'}[a]
		case "-f", "--family":
			if v, err = value(); err != nil {
				return nil, err
			}
			switch v {
			case "ipv4":
				o.filter.Family = unix.AF_INET
			case "ipv6":
				o.filter.Family = unix.AF_INET6
			default:
				return nil, fmt.Errorf("unknown family %q", v)
			}
		case "-m", "--mark":
			if v, err = value(); err != nil {
				return nil, err
			}
			mark, mask, masked := strings.Cut(v, "/")
			m, err := strconv.ParseUint(mark, 0, 32)
			if err != nil {
				return nil, fmt.Errorf("bad mark %q", v)
			}
			o.filter.Mark = new(uint32(m))
			if masked {
				mk, err := strconv.ParseUint(mask, 0, 32)
				if err != nil {
					return nil, fmt.Errorf("bad mark mask %q", v)
				}
				o.filter.MarkMask = uint32(mk)
			}
		case "-w", "--zone":
			if v, err = value(); err != nil {
				return nil, err
			}
			z, err := strconv.ParseUint(v, 0, 16)
			if err != nil {
				return nil, fmt.Errorf("bad zone %q", v)
			}
			o.filter.Zone = new(uint16(z))
		case "-o", "--output":
			if v, err = value(); err != nil {
				return nil, err
			}
			for f := range strings.SplitSeq(v, ",") {
				switch f {
				case "extended":
					o.format.extended = true
				case "id":
					o.format.id = true
				default:
					return nil, fmt.Errorf("unknown output format %q", f)
				}
			}
		case "-e", "--event-mask":
			if v, err = value(); err != nil {
				return nil, err
			}
			for f := range strings.SplitSeq(v, ",") {
				t, ok := map[string]conntrack.EventType{"NEW": conntrack.EventNew, "UPDATE": conntrack.EventUpdate, "DESTROY": conntrack.EventDestroy}[f]
				if !ok {
					return nil, fmt.Errorf("unknown event %q", f)
				}
				o.events = append(o.events, t)
			}
		default:
			return nil, fmt.Errorf("unknown argument %q", a)
		}
	}
	if o.command == 0 {
		return nil, errors.New("no command given")
	}
	return o, nil
}

// list prints the entries, then, on stderr, how many.
func list(ctx context.Context, c *conntrack.Client, o *options, stdout, stderr io.Writer) error {
	es, err := c.List(ctx, &o.filter)
	if err != nil {
		return err
	}
	var b []byte
	for _, e := range es {
		b = o.format.appendEntry(b, e)
		b = append(b, '\n')
	}
	if _, err := stdout.Write(b); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "conntrack: %d flow entries have been shown.\n", len(es))
	return nil
}

// watch prints events until ctx ends.
func watch(ctx context.Context, c *conntrack.Client, o *options, stdout, stderr io.Writer) error {
	m, err := c.Monitor(ctx, o.events...)
	if err != nil {
		return err
	}
	defer m.Close()
	n := 0
	for ev, err := range m.Events() {
		if err != nil {
			if errors.Is(err, unix.ENOBUFS) {
				fmt.Fprintln(stderr, err)
				continue
			}
			return err
		}
		b := fmt.Appendf(nil, "%9s ", "["+ev.Type.String()+"]")
		b = o.format.appendEntry(b, ev.Entry)
		if port := ev.Header.PID; port != 0 {
			b = fmt.Appendf(b, " [USERSPACE] portid=%d", port)
			if name := progname(port); name != "" {
				b = fmt.Appendf(b, " progname=%s", name)
			}
		}
		b = append(b, '\n')
		if _, err := stdout.Write(b); err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(stderr, "conntrack: %d flow events have been shown.\n", n)
	return nil
}
