//go:build linux

package main

import (
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/nltag/go-netlink/route"
)

const neighUsage = `Usage: ip neigh {add|del|replace} {ADDR [lladdr LLADDR] [nud STATE] | proxy ADDR}
                [router] dev DEV
       ip neigh [show] [dev DEV] [proxy] [nud STATE|all]
STATE := { permanent | noarp | stale | reachable | delay | probe | failed | incomplete }
`

func neighCmd(cl *cli, args []string) error {
	cmd := "show"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "show", "list", "lst", "ls", "sh":
		return neighShow(cl, args)
	case "add", "a", "replace", "change", "delete", "del", "d":
		return neighChange(cl, cmd, args)
	case "help":
		return usagef("")
	}
	return usagef("Command %q is unknown, try \"ip neigh help\".", cmd)
}

// neighShown is ip(8)'s default filter: every state but NOARP (and none).
const neighShown = ^route.NeighState(0) &^ route.NUDNoARP

func neighShow(cl *cli, args []string) error {
	f := route.NeighFilter{Family: cl.family}
	states := neighShown
	var dst netip.Addr
	a := argv{args}
	for a.More() {
		w := a.Next()
		var s string
		var err error
		switch w {
		case "dev":
			f.Dev, err = a.link(w)
		case "proxy":
			f.Proxy = true
		case "nud":
			if s, err = a.Value(w); err == nil {
				if s == "all" {
					states = 0
				} else {
					states, err = parseNeighState(s)
				}
			}
		case "to":
			if s, err = a.Value(w); err == nil {
				dst, err = netip.ParseAddr(s)
			}
		default:
			if dst, err = netip.ParseAddr(w); err != nil {
				err = usagef("%q is garbage", w)
			}
		}
		if err != nil {
			return err
		}
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	ns, err := c.NeighList(cl.ctx, &f)
	if err != nil {
		return err
	}
	x := newLinkIndex(cl, nil)
	var objs []obj
	var texts []string
	for _, n := range ns {
		if n.Family != route.FamilyIPv4 && n.Family != route.FamilyIPv6 {
			continue
		}
		if states != 0 && n.State&states == 0 && n.Flags&(route.NTFProxy|route.NTFExtLearned) == 0 {
			continue
		}
		if dst.IsValid() && n.Dst != dst {
			continue
		}
		o := neighObject(n, x, f.Dev.IsZero())
		objs = append(objs, o)
		texts = append(texts, neighText(o))
	}
	return cl.printAll(objs, texts)
}

// neighObject is an entry as ip -j neigh shows it; withDev is false when
// the listing is for one link, which ip(8) then does not repeat.
func neighObject(n *route.Neighbour, x *linkIndex, withDev bool) obj {
	var o obj
	o.add("dst", n.Dst.String())
	if withDev {
		o.add("dev", x.name(n.Index))
	}
	if n.LLAddr != nil {
		o.add("lladdr", n.LLAddr.String())
	}
	if n.Flags&route.NTFRouter != 0 {
		o.add("router", null{})
	}
	if n.Flags&route.NTFProxy != 0 {
		o.add("proxy", null{})
	}
	if n.Flags&route.NTFExtLearned != 0 {
		o.add("extern_learn", null{})
	}
	if n.Flags&route.NTFProxy == 0 {
		o.add("state", neighStates(n.State))
	}
	return o
}

func neighText(o obj) string {
	var b strings.Builder
	for _, f := range o {
		switch v := f.val.(type) {
		case null:
			b.WriteString(f.key + " ")
		case []string:
			b.WriteString(strings.Join(v, ",") + " ")
		default:
			if f.key == "dst" {
				fmt.Fprintf(&b, "%v ", v)
			} else {
				fmt.Fprintf(&b, "%s %v ", f.key, v)
			}
		}
	}
	b.WriteString("\n")
	return b.String()
}

func neighChange(cl *cli, cmd string, args []string) error {
	var dev string
	var dst netip.Addr
	o := &route.NeighOptions{}
	a := argv{args}
	for a.More() {
		w := a.Next()
		var s string
		var err error
		switch w {
		case "dev":
			dev, err = a.Value(w)
		case "lladdr":
			if s, err = a.Value(w); err == nil {
				if o.LLAddr, err = net.ParseMAC(s); err != nil {
					err = usagef("%q is not a valid link-layer address", s)
				}
			}
		case "nud":
			if s, err = a.Value(w); err == nil {
				o.State, err = parseNeighState(s)
			}
		case "router":
			o.Router = true
		case "proxy":
			o.Proxy = true
			if s, err = a.Value(w); err == nil {
				dst, err = netip.ParseAddr(s)
			}
		case "to":
			if s, err = a.Value(w); err == nil {
				dst, err = netip.ParseAddr(s)
			}
		default:
			if dst.IsValid() {
				return usagef("Either \"to\" is duplicate, or %q is garbage.", w)
			}
			if dst, err = netip.ParseAddr(w); err != nil {
				err = usagef("%q is not a valid address", w)
			}
		}
		if err != nil {
			return err
		}
	}
	if !dst.IsValid() || dev == "" {
		return usagef("Device and destination are required arguments.")
	}
	c, err := cl.changer()
	if err != nil {
		return err
	}
	switch cmd {
	case "add", "a":
		return c.NeighAdd(cl.ctx, linkRef(dev), dst, o)
	case "replace", "change":
		return c.NeighReplace(cl.ctx, linkRef(dev), dst, o)
	}
	return c.NeighDel(cl.ctx, linkRef(dev), dst, o)
}
