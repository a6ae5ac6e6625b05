//go:build linux

package main

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/route"
)

const ruleUsage = `Usage: ip rule [show]
       ip rule {add|del} [not] [from PREFIX|all] [to PREFIX|all] [iif DEV] [oif DEV]
               [fwmark MARK[/MASK]] [priority N] [table TABLE | goto N | ACTION]
               [protocol PROTO]
ACTION := { blackhole | unreachable | prohibit | nop }
`

func ruleCmd(cl *cli, args []string) error {
	cmd := "show"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "show", "list", "lst", "ls", "sh":
		if len(args) > 0 {
			return usagef("%q is garbage", args[0])
		}
		return ruleShow(cl)
	case "add", "a", "delete", "del", "d":
		return ruleChange(cl, cmd, args)
	case "help":
		return usagef("")
	}
	return usagef("Command %q is unknown, try \"ip rule help\".", cmd)
}

var ruleActions = map[route.RuleAction]string{
	route.ActionBlackhole: "blackhole", route.ActionUnreachable: "unreachable",
	route.ActionProhibit: "prohibit", route.ActionNop: "nop",
}

func ruleShow(cl *cli) error {
	fam := cl.family
	if fam == 0 {
		fam = route.FamilyIPv4 // as ip(8)
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	rs, err := c.RuleList(cl.ctx, fam)
	if err != nil {
		return err
	}
	var objs []obj
	var texts []string
	for _, r := range rs {
		o := ruleObject(r, cl.Details)
		objs = append(objs, o)
		texts = append(texts, ruleText(o))
	}
	return cl.printAll(objs, texts)
}

func ruleObject(r *route.Rule, details bool) obj {
	var o obj
	var prio uint32 // the kernel leaves out priority 0
	if r.Priority != nil {
		prio = *r.Priority
	}
	o.add("priority", prio)
	if r.Flags&route.RuleInvert != 0 {
		o.add("not", null{})
	}
	if r.Src.IsValid() {
		o.add("src", r.Src.String())
		if int(r.SrcLen) != r.Src.BitLen() {
			o.add("srclen", r.SrcLen)
		}
	} else {
		o.add("src", "all")
	}
	if r.Dst.IsValid() {
		o.add("dst", r.Dst.String())
		if int(r.DstLen) != r.Dst.BitLen() {
			o.add("dstlen", r.DstLen)
		}
	}
	if r.FwMark != 0 || r.FwMask != 0 {
		o.add("fwmark", fmt.Sprintf("%#x", r.FwMark))
		if r.FwMask != 0 && r.FwMask != 0xffffffff {
			o.add("fwmask", fmt.Sprintf("%#x", r.FwMask))
		}
	}
	if r.IIFName != "" {
		o.add("iif", r.IIFName)
		if r.Flags&route.RuleIIFDetached != 0 {
			o.add("iif_detached", null{})
		}
	}
	if r.OIFName != "" {
		o.add("oif", r.OIFName)
		if r.Flags&route.RuleOIFDetached != 0 {
			o.add("oif_detached", null{})
		}
	}
	if r.L3MDev != 0 {
		o.add("l3mdev", null{})
	}
	if t := r.FullTable(); t != 0 {
		o.add("table", tables.name(t))
	}
	switch {
	case r.Action == route.ActionGoto:
		o.add("goto", r.Goto)
	case r.Action != route.ActionToTable:
		if n, ok := ruleActions[r.Action]; ok {
			o.add("action", n)
		} else {
			o.add("action", strconv.Itoa(int(r.Action)))
		}
	}
	if details {
		o.add("protocol", protocols.name(r.Protocol))
	}
	return o
}

// ruleText is a rule's line in ip rule show.
func ruleText(o obj) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v:\t", o.get("priority"))
	if o.get("not") != nil {
		b.WriteString("not ")
	}
	b.WriteString("from " + rulePrefix(o, "src", "srclen"))
	for _, f := range o {
		switch f.key {
		case "dst":
			b.WriteString(" to " + rulePrefix(o, "dst", "dstlen"))
		case "fwmark":
			b.WriteString(" fwmark " + f.val.(string))
			if m := o.get("fwmask"); m != nil {
				b.WriteString("/" + m.(string))
			}
		case "iif", "oif", "goto":
			fmt.Fprintf(&b, " %s %v", f.key, f.val)
		case "iif_detached", "oif_detached":
			b.WriteString(" [detached]")
		case "l3mdev":
			b.WriteString(" lookup [l3mdev-table]")
		case "table":
			fmt.Fprintf(&b, " lookup %v", f.val)
		case "action":
			fmt.Fprintf(&b, " %v", f.val)
		case "protocol":
			fmt.Fprintf(&b, " proto %v", f.val)
		}
	}
	b.WriteString("\n")
	return b.String()
}

func rulePrefix(o obj, addr, length string) string {
	s := fmt.Sprint(o.get(addr))
	if l := o.get(length); l != nil {
		s += fmt.Sprintf("/%v", l)
	}
	return s
}

func ruleChange(cl *cli, cmd string, args []string) error {
	o := &route.RuleOptions{Family: cl.family}
	a := argv{args}
	prefix := func(w string) (netip.Prefix, error) {
		s, err := a.Value(w)
		if err != nil || s == "all" {
			return netip.Prefix{}, err
		}
		return parsePrefix(s)
	}
	for a.More() {
		w := a.Next()
		var s string
		var err error
		var n uint64
		switch w {
		case "not":
			o.Invert = true
		case "from":
			o.Src, err = prefix(w)
		case "to":
			o.Dst, err = prefix(w)
		case "iif", "dev":
			o.IIF, err = a.Value(w)
		case "oif":
			o.OIF, err = a.Value(w)
		case "fwmark":
			if s, err = a.Value(w); err == nil {
				mark, mask, hasMask := strings.Cut(s, "/")
				var v uint64
				if v, err = strconv.ParseUint(mark, 0, 32); err == nil {
					o.FwMark = uint32(v)
					if hasMask {
						v, err = strconv.ParseUint(mask, 0, 32)
						o.FwMask = uint32(v)
					}
				}
				if err != nil {
					err = usagef("invalid fwmark %q", s)
				}
			}
		case "priority", "pref", "preference", "order":
			n, err = a.uintValue(w, 32)
			o.Priority = new(uint32(n))
		case "table", "lookup":
			if s, err = a.Value(w); err == nil {
				o.Table, err = tables.parse("table", s)
			}
		case "goto":
			n, err = a.uintValue(w, 32)
			o.Action, o.Goto = route.ActionGoto, uint32(n)
		case "protocol", "proto":
			if s, err = a.Value(w); err == nil {
				o.Protocol, err = protocols.parse("protocol", s)
			}
		case "type":
			if s, err = a.Value(w); err == nil {
				err = ruleAction(o, s)
			}
		default:
			err = ruleAction(o, w)
		}
		if err != nil {
			return err
		}
	}
	c, err := cl.changer()
	if err != nil {
		return err
	}
	if cmd == "add" || cmd == "a" {
		return c.RuleAdd(cl.ctx, o)
	}
	return c.RuleDel(cl.ctx, o)
}

func ruleAction(o *route.RuleOptions, w string) error {
	for a, n := range ruleActions {
		if n == w {
			o.Action = a
			return nil
		}
	}
	return usagef("%q is garbage", w)
}
