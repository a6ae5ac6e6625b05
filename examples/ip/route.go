//go:build linux

package main

import (
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

const routeUsage = `Usage: ip route [show] [table TABLE|all] [dev DEV] [proto PROTO] [type TYPE] [PREFIX]
       ip route get ADDRESS [from ADDRESS] [iif DEV] [oif DEV] [mark MARK] [fibmatch]
       ip route {add|del|replace|append} [TYPE] PREFIX|default [via [inet6] ADDRESS]
                [dev DEV] [table TABLE] [metric N] [scope SCOPE] [proto PROTO] [src ADDRESS]
                [onlink] [mtu [lock] N] [advmss N] [hoplimit N] [initcwnd N] [initrwnd N]
                [nexthop via ADDRESS [dev DEV] [weight N] [onlink]]... [nhid ID]
TYPE := { unicast | local | broadcast | multicast | blackhole | unreachable | prohibit | throw }
`

func routeCmd(cl *cli, args []string) error {
	cmd := "show"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "show", "list", "lst", "ls", "sh":
		return routeShow(cl, args)
	case "get", "g":
		return routeGet(cl, args)
	case "add", "a", "replace", "change", "append", "delete", "del", "d":
		return routeChange(cl, cmd, args)
	case "help":
		return usagef("")
	}
	return usagef("Command %q is unknown, try \"ip route help\".", cmd)
}

func routeShow(cl *cli, args []string) error {
	f := route.RouteFilter{Family: cl.family, Table: route.TableMain}
	var dst netip.Prefix
	a := argv{args}
	for a.More() {
		w := a.Next()
		var s string
		var err error
		switch w {
		case "table":
			if s, err = a.Value(w); err == nil {
				f.Table, err = parseTable(s)
			}
		case "dev", "oif":
			f.Dev, err = a.link(w)
		case "proto", "protocol":
			if s, err = a.Value(w); err == nil {
				f.Protocol, err = protocols.parse("protocol", s)
			}
		case "type":
			if s, err = a.Value(w); err == nil {
				f.Type, err = routeTypes.parse("route type", s)
			}
		case "to", "exact":
			if s, err = a.Value(w); err == nil {
				dst, err = parseDst(s)
			}
		default:
			dst, err = parseDst(w)
		}
		if err != nil {
			return err
		}
	}
	if f.Family == 0 && f.Table != 0 {
		f.Family = route.FamilyIPv4 // as ip(8): one table, IPv4 unless told
	}
	if dst.IsValid() && dst.Bits() == 0 && cl.family == route.FamilyIPv6 {
		dst = netip.PrefixFrom(netip.IPv6Unspecified(), 0)
	}
	if dst.IsValid() {
		f.Family = familyOf(dst.Addr())
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	rs, err := c.RouteList(cl.ctx, &f)
	if err != nil {
		return err
	}
	rv := routeViewer{cl: cl, x: newLinkIndex(cl, nil), showTable: f.Table == 0, showDev: f.Dev.IsZero()}
	var objs []obj
	var texts []string
	for _, r := range rs {
		if dst.IsValid() && r.DstPrefix() != dst {
			continue
		}
		objs = append(objs, rv.object(r))
		texts = append(texts, rv.text(r))
	}
	return cl.printAll(objs, texts)
}

func familyOf(a netip.Addr) route.Family {
	if a.Is4() {
		return route.FamilyIPv4
	}
	return route.FamilyIPv6
}

// parseDst reads a destination prefix; "default" needs the family, which
// is IPv4 unless -6 comes first (the caller's choice of "::/0").
func parseDst(s string) (netip.Prefix, error) {
	switch s {
	case "default", "all", "any":
		return netip.PrefixFrom(netip.IPv4Unspecified(), 0), nil
	}
	return parsePrefix(s)
}

// routeViewer formats routes, naming the links they go through.
type routeViewer struct {
	cl        *cli
	x         *linkIndex
	showTable bool // a dump of all tables names each route's
	showDev   bool // false when the listing is for one link
	get       bool // ip route get: uid and cache
}

// hasAttr reports whether the kernel sent attribute typ, for attributes
// whose zero value the struct cannot tell from absence.
func hasAttr(w *nltag.Wire, typ uint16) bool {
	if w == nil {
		return false
	}
	for _, t := range w.Order {
		if t&nltag.TypeMask == typ {
			return true
		}
	}
	return false
}

func dstText(r *route.Route) string {
	if r.DstLen == 0 {
		return "default"
	}
	return prefixText(r.Dst, r.DstLen)
}

// prefixText writes a prefix, or only the address of a host prefix.
func prefixText(a netip.Addr, bits uint8) string {
	if int(bits) == a.BitLen() {
		return a.String()
	}
	return netip.PrefixFrom(a, int(bits)).String()
}

// metricKeys are the route metrics ip(8) shows, by name.
func metricKeys(m *route.Metrics) obj {
	var o obj
	for _, kv := range []struct {
		k string
		v uint32
	}{
		{"mtu", m.MTU}, {"window", m.Window}, {"rtt", m.RTT}, {"rttvar", m.RTTVar}, {"ssthresh", m.SSThresh},
		{"cwnd", m.CWnd}, {"advmss", m.AdvMSS}, {"reordering", m.Reordering}, {"hoplimit", m.HopLimit},
		{"initcwnd", m.InitCWnd}, {"features", uint32(m.Features)}, {"rto_min", m.RTOMin},
		{"initrwnd", m.InitRWnd}, {"quickack", m.QuickAck},
	} {
		if kv.v != 0 {
			o.add(kv.k, kv.v)
		}
	}
	if m.CCAlgo != "" {
		o.add("congctl", m.CCAlgo)
	}
	return o
}

var prefNames = map[route.RoutePref]string{route.PrefMedium: "medium", route.PrefHigh: "high", route.PrefLow: "low"}

func (rv *routeViewer) object(r *route.Route) obj {
	var o obj
	d := rv.cl.Details
	x := r.Extra
	if x == nil {
		x = &route.RouteExtra{}
	}
	if r.Type != route.TypeUnicast || d {
		o.add("type", routeTypes.name(r.Type))
	}
	o.add("dst", dstText(r))
	if x.Src.IsValid() {
		o.add("from", prefixText(x.Src, r.SrcLen))
	}
	if r.NHID != 0 {
		o.add("nhid", r.NHID)
	}
	if r.Gateway.IsValid() {
		o.add("gateway", r.Gateway.String())
	}
	if a := x.Via.Addr(); a.IsValid() {
		o.add("via", obj{{"family", familyName(familyOf(a))}, {"host", a.String()}})
	}
	if r.OIF != 0 && rv.showDev {
		o.add("dev", rv.x.name(r.OIF))
	}
	if t := r.FullTable(); rv.showTable && t != route.TableMain {
		o.add("table", tables.name(t))
	}
	if r.Protocol != route.ProtoBoot || d {
		o.add("protocol", protocols.name(r.Protocol))
	}
	if r.Scope != route.ScopeUniverse || d {
		o.add("scope", scopes.name(r.Scope))
	}
	if r.PrefSrc.IsValid() {
		o.add("prefsrc", r.PrefSrc.String())
	}
	if hasAttr(r.Wire, unix.RTA_PRIORITY) {
		o.add("metric", r.Priority)
	}
	o.add("flags", routeFlags(r.Flags))
	if r.Family == route.FamilyIPv6 && hasAttr(r.Wire, unix.RTA_PREF) {
		o.add("pref", prefNames[r.Pref])
	}
	if r.Metrics != nil {
		if m := metricKeys(r.Metrics); len(m) > 0 {
			o.add("metrics", []obj{m})
		}
	}
	if r.NHID != 0 && d {
		if n := rv.nexthop(r.NHID); n != nil {
			o.add("nh_info", nexthopObject(n, rv.x, true))
		}
	}
	if len(x.Multipath) > 0 {
		var hops []obj
		for _, nh := range x.Multipath {
			var h obj
			if nh.Gateway.IsValid() {
				h.add("gateway", nh.Gateway.String())
			}
			if a := nh.Via.Addr(); a.IsValid() {
				h.add("via", obj{{"family", familyName(familyOf(a))}, {"host", a.String()}})
			}
			if nh.Index != 0 {
				h.add("dev", rv.x.name(nh.Index))
			}
			h.add("weight", nh.Weight())
			h.add("flags", routeFlags(route.RouteFlags(nh.Flags)))
			hops = append(hops, h)
		}
		o.add("nexthops", hops)
	}
	if rv.get {
		if x.UID != nil {
			o.add("uid", *x.UID)
		}
		if r.Flags&route.RouteCloned != 0 {
			o.add("cache", []string{})
		}
	}
	return o
}

// nexthop returns the nexthop object id, as ip -d shows it beside the
// routes that use it; nil if it cannot be had.
func (rv *routeViewer) nexthop(id uint32) *route.NextHopObject {
	c, err := rv.cl.client()
	if err != nil {
		return nil
	}
	n, _ := c.NextHopGet(rv.cl.ctx, id)
	return n
}

// text writes a route as ip route show does: each item followed by a space.
func (rv *routeViewer) text(r *route.Route) string {
	var b strings.Builder
	for _, f := range rv.object(r) {
		switch f.key {
		case "type":
			b.WriteString(f.val.(string) + " ")
		case "dst":
			b.WriteString(f.val.(string) + " ")
		case "gateway":
			fmt.Fprintf(&b, "via %s ", f.val)
		case "via":
			v := f.val.(obj)
			fmt.Fprintf(&b, "via %s %s ", v.get("family"), v.get("host"))
		case "protocol":
			fmt.Fprintf(&b, "proto %s ", f.val)
		case "prefsrc":
			fmt.Fprintf(&b, "src %s ", f.val)
		case "flags":
			for _, fl := range f.val.([]string) {
				b.WriteString(fl + " ")
			}
		case "pref":
			fmt.Fprintf(&b, "pref %s", f.val)
		case "metrics":
			for _, m := range f.val.([]obj) {
				for _, kv := range m {
					fmt.Fprintf(&b, "%s %v ", kv.key, kv.val)
				}
			}
		case "nh_info":
			b.WriteString("\n\tnh_info ")
			writeNexthop(&b, f.val.(obj))
		case "nexthops":
			for _, h := range f.val.([]obj) {
				b.WriteString("\n\tnexthop ")
				for _, kv := range h {
					switch kv.key {
					case "gateway":
						fmt.Fprintf(&b, "via %s ", kv.val)
					case "via":
						v := kv.val.(obj)
						fmt.Fprintf(&b, "via %s %s ", v.get("family"), v.get("host"))
					case "flags":
						for _, fl := range kv.val.([]string) {
							b.WriteString(fl + " ")
						}
					default:
						fmt.Fprintf(&b, "%s %v ", kv.key, kv.val)
					}
				}
			}
		case "cache":
			b.WriteString("\n    cache ")
		default:
			fmt.Fprintf(&b, "%s %v ", f.key, f.val)
		}
	}
	b.WriteString("\n")
	return b.String()
}

func routeGet(cl *cli, args []string) error {
	var dst netip.Addr
	o := &route.RouteGetOptions{}
	a := argv{args}
	for a.More() {
		w := a.Next()
		var s string
		var err error
		switch w {
		case "from":
			if s, err = a.Value(w); err == nil {
				if o.Src, err = netip.ParseAddr(s); err != nil {
					err = usagef("invalid address %q", s)
				}
			}
		case "iif":
			o.IIF, err = a.link(w)
		case "oif", "dev":
			o.OIF, err = a.link(w)
		case "mark":
			var n uint64
			n, err = a.uintValue(w, 32)
			o.Mark = uint32(n)
		case "fibmatch":
			o.FIBMatch = true
		case "to":
			if s, err = a.Value(w); err == nil {
				dst, err = netip.ParseAddr(s)
			}
		default:
			if dst, err = netip.ParseAddr(w); err != nil {
				err = usagef("invalid address %q", w)
			}
		}
		if err != nil {
			return err
		}
	}
	if !dst.IsValid() {
		return usagef("need at least a destination address")
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	r, err := c.RouteGet(cl.ctx, dst, o)
	if err != nil {
		return err
	}
	rv := routeViewer{cl: cl, x: newLinkIndex(cl, nil), showDev: true, get: true}
	return cl.printAll([]obj{rv.object(r)}, []string{rv.text(r)})
}

// routeChange parses ip route add, del, replace and append.
func routeChange(cl *cli, cmd string, args []string) error {
	var o *route.RouteOptions
	if b := cl.batch; b != nil {
		// A change copies what it needs: one serves every line.
		o = &b.routeOptions
		*o = route.RouteOptions{}
	} else {
		o = new(route.RouteOptions)
	}
	var dst netip.Prefix
	dstSet, isDefault := false, false
	a := argv{args}
	for a.More() {
		w := a.Next()
		var s string
		var err error
		var n uint64
		if t, ok := routeTypes.lookup(w); ok && !dstSet && w != "none" {
			o.Type = t
			continue
		}
		switch w {
		case "via":
			o.Gateway, err = parseVia(&a)
		case "dev", "oif":
			o.Dev, err = a.link(w)
		case "table":
			if s, err = a.Value(w); err == nil {
				o.Table, err = tables.parse("table", s)
			}
		case "metric", "priority", "preference":
			n, err = a.uintValue(w, 32)
			o.Metric = uint32(n)
		case "scope":
			if s, err = a.Value(w); err == nil {
				var sc route.Scope
				sc, err = scopes.parse("scope", s)
				o.Scope = &sc
			}
		case "proto", "protocol":
			if s, err = a.Value(w); err == nil {
				o.Protocol, err = protocols.parse("protocol", s)
			}
		case "src":
			if s, err = a.Value(w); err == nil {
				if o.PrefSrc, err = netip.ParseAddr(s); err != nil {
					err = usagef("invalid address %q", s)
				}
			}
		case "onlink":
			o.OnLink = true
		case "mtu", "advmss", "hoplimit", "initcwnd", "initrwnd", "window", "rtt", "reordering":
			err = parseMetric(&a, w, o)
		case "nhid":
			n, err = a.uintValue(w, 32)
			o.NHID = uint32(n)
		case "nexthop":
			var p route.RoutePath
			p, err = parseNextHop(&a)
			o.Multipath = append(o.Multipath, p)
		case "to":
			if s, err = a.Value(w); err == nil {
				dst, err = parseDst(s)
				dstSet = true
			}
		default:
			if dstSet {
				return usagef("Either \"to\" is duplicate, or %q is garbage.", w)
			}
			dst, err = parseDst(w)
			dstSet, isDefault = true, w == "default"
		}
		if err != nil {
			return err
		}
	}
	if !dstSet {
		return usagef("Not enough information: destination is required.")
	}
	// "default" takes its family from -6 or the gateway, as in ip(8).
	if isDefault && (cl.family == route.FamilyIPv6 || cl.family == 0 && o.Gateway.Is6()) {
		dst = netip.PrefixFrom(netip.IPv6Unspecified(), 0)
	}
	c, err := cl.changer()
	if err != nil {
		return err
	}
	switch cmd {
	case "add", "a":
		return c.RouteAdd(cl.ctx, dst, o)
	case "replace", "change":
		return c.RouteReplace(cl.ctx, dst, o)
	case "append":
		return c.RouteAppend(cl.ctx, dst, o)
	}
	return c.RouteDel(cl.ctx, dst, o)
}

// parseVia reads "via [inet|inet6] ADDRESS".
func parseVia(a *argv) (netip.Addr, error) {
	s, err := a.Value("via")
	if err != nil {
		return netip.Addr{}, err
	}
	if s == "inet" || s == "inet6" {
		if s, err = a.Value("via"); err != nil {
			return netip.Addr{}, err
		}
	}
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return ip, usagef("invalid gateway %q", s)
	}
	return ip, nil
}

func parseMetric(a *argv, w string, o *route.RouteOptions) error {
	if o.Metrics == nil {
		o.Metrics = &route.Metrics{}
	}
	lock := false
	if a.More() && a.Args[0] == "lock" {
		a.Next()
		lock = true
	}
	n, err := a.uintValue(w, 32)
	if err != nil {
		return err
	}
	m := o.Metrics
	targets := map[string]struct {
		p   *uint32
		bit uint
	}{
		"mtu": {&m.MTU, unix.RTAX_MTU}, "advmss": {&m.AdvMSS, unix.RTAX_ADVMSS}, "hoplimit": {&m.HopLimit, unix.RTAX_HOPLIMIT},
		"initcwnd": {&m.InitCWnd, unix.RTAX_INITCWND}, "initrwnd": {&m.InitRWnd, unix.RTAX_INITRWND},
		"window": {&m.Window, unix.RTAX_WINDOW}, "rtt": {&m.RTT, unix.RTAX_RTT}, "reordering": {&m.Reordering, unix.RTAX_REORDERING},
	}
	t := targets[w]
	*t.p = uint32(n)
	if lock {
		m.Lock |= 1 << t.bit
	}
	return nil
}

// parseNextHop reads one "nexthop via ADDRESS dev DEV weight N onlink".
func parseNextHop(a *argv) (route.RoutePath, error) {
	var p route.RoutePath
	for a.More() {
		var err error
		switch a.Args[0] {
		case "via":
			a.Next()
			p.Gateway, err = parseVia(a)
		case "dev":
			a.Next()
			p.Dev, err = a.link("dev")
		case "weight":
			a.Next()
			var n uint64
			n, err = a.uintValue("weight", 16)
			if n < 1 || n > 256 {
				err = usagef("weight must be between 1 and 256")
			}
			p.Weight = int(n)
		case "onlink":
			a.Next()
			p.OnLink = true
		default:
			return p, nil
		}
		if err != nil {
			return p, err
		}
	}
	return p, nil
}
