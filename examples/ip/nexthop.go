//go:build linux

package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nltag/go-netlink/route"
)

const nexthopUsage = `Usage: ip nexthop { list | flush } [ id ID ] [ dev DEV ] [ groups ] [ fdb ]
       ip nexthop get id ID
       ip nexthop { add | replace } id ID NH [ protocol ID ]
       ip nexthop del id ID
       ip nexthop bucket list [ id ID ]
NH := { blackhole | [ via ADDRESS ] [ dev DEV ] [ onlink ] [ fdb ] |
        group GROUP [ fdb ] [ type TYPE [ TYPE_ARGS ] ] }
GROUP := [ <id[,weight]>/<id[,weight]>/... ]
TYPE := { mpath | resilient }
TYPE_ARGS := [ buckets BUCKETS ] [ idle_timer IDLE ] [ unbalanced_timer TIME ]
`

func nexthopCmd(cl *cli, args []string) error {
	cmd := "show"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "show", "list", "lst", "ls", "sh":
		return nexthopShow(cl, args, false)
	case "flush":
		return nexthopShow(cl, args, true)
	case "get":
		return nexthopGet(cl, args)
	case "add", "replace":
		return nexthopChange(cl, cmd, args)
	case "delete", "del":
		return nexthopDel(cl, args)
	case "bucket":
		return nexthopBuckets(cl, args)
	case "help":
		return usagef("")
	}
	return usagef("Command %q is unknown, try \"ip nexthop help\".", cmd)
}

// nexthopID reads "id ID".
func nexthopID(a *argv) (uint32, error) {
	if !a.More() || a.Next() != "id" {
		return 0, usagef("Command line is not complete: \"id\" is required.")
	}
	n, err := a.uintValue("id", 32)
	if err == nil && n == 0 {
		err = usagef("invalid id 0")
	}
	return uint32(n), err
}

func nexthopShow(cl *cli, args []string, flush bool) error {
	var f route.NextHopFilter
	var id uint32
	a := argv{args}
	for a.More() {
		var err error
		switch w := a.Next(); w {
		case "dev":
			f.Dev, err = a.link(w)
		case "master":
			f.Master, err = a.link(w)
		case "groups":
			f.Groups = true
		case "fdb":
			f.FDB = true
		case "id":
			var n uint64
			n, err = a.uintValue(w, 32)
			id = uint32(n)
		default:
			err = usagef("%q is garbage", w)
		}
		if err != nil {
			return err
		}
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	var ns []*route.NextHopObject
	if id != 0 {
		var n *route.NextHopObject
		n, err = c.NextHopGet(cl.ctx, id)
		ns = []*route.NextHopObject{n}
	} else {
		ns, err = c.NextHopList(cl.ctx, &f)
	}
	if err != nil {
		return err
	}
	if flush {
		for _, n := range ns {
			if err := c.NextHopDel(cl.ctx, n.ID); err != nil {
				return err
			}
		}
		return nil
	}
	return cl.printNextHops(ns)
}

func (cl *cli) printNextHops(ns []*route.NextHopObject) error {
	x := newLinkIndex(cl, nil)
	var objs []obj
	var texts []string
	for _, n := range ns {
		if cl.family != 0 && n.Family != cl.family {
			continue
		}
		o := nexthopObject(n, x, cl.Details)
		objs = append(objs, o)
		texts = append(texts, nexthopText(o))
	}
	return cl.printAll(objs, texts)
}

// onlyID reads "id ID" and nothing more, and dials.
func onlyID(cl *cli, args []string) (*route.Client, uint32, error) {
	a := argv{args}
	id, err := nexthopID(&a)
	if err != nil {
		return nil, 0, err
	}
	if a.More() {
		return nil, 0, usagef("%q is garbage", a.Next())
	}
	c, err := cl.client()
	return c, id, err
}

func nexthopGet(cl *cli, args []string) error {
	c, id, err := onlyID(cl, args)
	if err != nil {
		return err
	}
	n, err := c.NextHopGet(cl.ctx, id)
	if err != nil {
		return err
	}
	return cl.printNextHops([]*route.NextHopObject{n})
}

// seconds writes a time in clock ticks of USER_HZ as ip does: whole seconds.
func seconds[T uint32 | uint64](ticks T) uint64 { return uint64(ticks) / 100 }

func nexthopObject(n *route.NextHopObject, x *linkIndex, details bool) obj {
	var o obj
	o.add("id", n.ID)
	if len(n.Group) > 0 {
		var g []obj
		for _, e := range n.Group {
			m := obj{{"id", e.ID}}
			if w := e.FullWeight(); w > 1 {
				m.add("weight", w)
			}
			g = append(g, m)
		}
		o.add("group", g)
	}
	if n.GroupType == route.GroupResilient {
		o.add("type", "resilient")
	}
	if r := n.ResGroup; r != nil {
		o.add("resilient_args", obj{
			{"buckets", r.Buckets}, {"idle_timer", seconds(r.IdleTimer)},
			{"unbalanced_timer", seconds(r.UnbalancedTimer)}, {"unbalanced_time", seconds(r.UnbalancedTime)},
		})
	}
	if n.Gateway.IsValid() {
		o.add("gateway", n.Gateway.String())
	}
	if n.OIF != 0 {
		o.add("dev", x.name(n.OIF))
	}
	if n.Scope != route.ScopeUniverse || details {
		o.add("scope", scopes.name(n.Scope))
	}
	if n.Blackhole {
		o.add("blackhole", null{})
	}
	if n.Protocol != route.ProtoUnspec || details {
		o.add("protocol", protocols.name(n.Protocol))
	}
	o.add("flags", routeFlags(n.Flags))
	if n.FDB {
		o.add("fdb", null{})
	}
	return o
}

// nexthopText writes a nexthop object as ip nexthop show does.
func nexthopText(o obj) string {
	var b strings.Builder
	writeNexthop(&b, o)
	b.WriteString("\n")
	return b.String()
}

// writeNexthop writes the items of a nexthop object, each followed by a
// space.
func writeNexthop(b *strings.Builder, o obj) {
	for _, f := range o {
		switch f.key {
		case "group":
			var ms []string
			for _, m := range f.val.([]obj) {
				s := fmt.Sprint(m.get("id"))
				if w := m.get("weight"); w != nil {
					s += fmt.Sprintf(",%v", w)
				}
				ms = append(ms, s)
			}
			fmt.Fprintf(b, "group %s ", strings.Join(ms, "/"))
		case "resilient_args":
			for _, kv := range f.val.(obj) {
				fmt.Fprintf(b, "%s %v ", kv.key, kv.val)
			}
		case "gateway":
			fmt.Fprintf(b, "via %s ", f.val)
		case "protocol":
			fmt.Fprintf(b, "proto %s ", f.val)
		case "blackhole":
			b.WriteString("blackhole ")
		case "fdb":
			b.WriteString("fdb")
		case "flags":
			for _, fl := range f.val.([]string) {
				b.WriteString(fl + " ")
			}
		default:
			fmt.Fprintf(b, "%s %v ", f.key, f.val)
		}
	}
}

func nexthopChange(cl *cli, cmd string, args []string) error {
	o := &route.NextHopOptions{Family: cl.family}
	a := argv{args}
	for a.More() {
		var err error
		var n uint64
		var s string
		switch w := a.Next(); w {
		case "id":
			n, err = a.uintValue(w, 32)
			o.ID = uint32(n)
		case "via":
			o.Gateway, err = parseVia(&a)
		case "dev":
			o.Dev, err = a.link(w)
		case "onlink":
			o.OnLink = true
		case "blackhole":
			o.Blackhole = true
		case "fdb":
			o.FDB = true
		case "group":
			if s, err = a.Value(w); err == nil {
				o.Group, err = parseGroup(s)
			}
		case "type":
			err = parseGroupType(&a, o)
		case "proto", "protocol":
			if s, err = a.Value(w); err == nil {
				o.Protocol, err = protocols.parse("protocol", s)
			}
		default:
			err = usagef("%q is garbage", w)
		}
		if err != nil {
			return err
		}
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	if cmd == "replace" {
		return c.NextHopReplace(cl.ctx, o)
	}
	return c.NextHopAdd(cl.ctx, o)
}

// parseGroup reads "1,5/2": members by id, each with an optional weight.
func parseGroup(s string) ([]route.GroupMember, error) {
	var g []route.GroupMember
	for m := range strings.SplitSeq(s, "/") {
		id, w, hasW := strings.Cut(m, ",")
		n, err := strconv.ParseUint(id, 0, 32)
		if err != nil || n == 0 {
			return nil, usagef("invalid id %q in group %q", id, s)
		}
		gm := route.GroupMember{ID: uint32(n)}
		if hasW {
			wn, err := strconv.ParseUint(w, 0, 32)
			if err != nil || wn < 1 || wn > 256 {
				return nil, usagef("invalid weight %q in group %q", w, s)
			}
			gm.Weight = int(wn)
		}
		g = append(g, gm)
	}
	return g, nil
}

// parseGroupType reads "mpath" or "resilient [buckets N] [idle_timer S]
// [unbalanced_timer S]".
func parseGroupType(a *argv, o *route.NextHopOptions) error {
	s, err := a.Value("type")
	switch {
	case err != nil:
		return err
	case s == "mpath":
		o.GroupType = route.GroupMultipath
		return nil
	case s != "resilient":
		return usagef("invalid group type %q", s)
	}
	o.GroupType, o.Resilient = route.GroupResilient, &route.ResilientOptions{}
	for a.More() {
		w := a.Args[0]
		var n uint64
		switch w {
		case "buckets":
			a.Next()
			n, err = a.uintValue(w, 16)
			o.Resilient.Buckets = uint16(n)
		case "idle_timer", "unbalanced_timer":
			a.Next()
			n, err = a.uintValue(w, 32)
			if w == "idle_timer" {
				o.Resilient.IdleTimer = time.Duration(n) * time.Second
			} else {
				o.Resilient.UnbalancedTimer = time.Duration(n) * time.Second
			}
		default:
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func nexthopDel(cl *cli, args []string) error {
	c, id, err := onlyID(cl, args)
	if err != nil {
		return err
	}
	return c.NextHopDel(cl.ctx, id)
}

// nexthopBuckets lists the buckets of resilient groups: `ip nexthop bucket
// show [id ID]`.
func nexthopBuckets(cl *cli, args []string) error {
	a := argv{args}
	if a.More() && (a.Args[0] == "show" || a.Args[0] == "list" || a.Args[0] == "ls") {
		a.Next()
	}
	var id uint32
	if a.More() {
		var err error
		if id, err = nexthopID(&a); err != nil {
			return err
		}
	}
	if a.More() {
		return usagef("%q is garbage", a.Next())
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	bs, err := c.NextHopBuckets(cl.ctx, id)
	if err != nil {
		return err
	}
	var objs []obj
	var texts []string
	for _, n := range bs {
		o := obj{{"id", n.ID}}
		var b strings.Builder
		fmt.Fprintf(&b, "id %d ", n.ID)
		if r := n.ResBucket; r != nil {
			// The idle time is in clock ticks; ip shows seconds to the
			// hundredth.
			idle := float64(r.IdleTime) / 100
			o.add("bucket", obj{{"index", r.Index}, {"idle_time", idle}, {"nhid", r.NHID}})
			fmt.Fprintf(&b, "index %d idle_time %.2f nhid %d ", r.Index, idle, r.NHID)
		}
		o.add("flags", routeFlags(n.Flags))
		objs = append(objs, o)
		texts = append(texts, b.String()+"\n")
	}
	return cl.printAll(objs, texts)
}
