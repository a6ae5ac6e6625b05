//go:build linux

package main

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

const addrUsage = `Usage: ip addr {add|replace|del} IFADDR dev IFNAME [LIFETIME] [CONFFLAG-LIST]
       ip addr [show] [dev IFNAME] [up]
IFADDR := PREFIX [peer PREFIX] [broadcast ADDR|+] [anycast ADDR] [label IFNAME:LABEL] [scope SCOPE]
          [metric METRIC]
LIFETIME := [valid_lft LFT] [preferred_lft LFT]    LFT := forever | SECONDS
CONFFLAG := nodad | noprefixroute | home | mngtmpaddr | autojoin
`

func addrCmd(cl *cli, args []string) error {
	cmd := "show"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "show", "list", "lst", "ls", "sh":
		return addrShow(cl, args)
	case "add", "replace", "change", "delete", "del", "d":
		return addrChange(cl, cmd, args)
	case "help":
		return usagef("")
	}
	return usagef("Command %q is unknown, try \"ip addr help\".", cmd)
}

func addrShow(cl *cli, args []string) error {
	var dev string
	up := false
	a := argv{args}
	for a.More() {
		switch w := a.Next(); w {
		case "dev":
			v, err := a.Value(w)
			if err != nil {
				return err
			}
			dev = v
		case "up":
			up = true
		default:
			if dev != "" {
				return usagef("Either \"dev\" is duplicate, or %q is garbage.", w)
			}
			dev = w
		}
	}
	c, ls, err := cl.links(dev, nil)
	if err != nil {
		return err
	}
	as, err := c.AddrList(cl.ctx, &route.AddrFilter{Dev: linkRef(dev), Family: cl.family})
	if err != nil {
		return err
	}
	byLink := map[netlink.IfIndex][]*route.Address{}
	for _, ad := range as {
		byLink[ad.Index] = append(byLink[ad.Index], ad)
	}
	x := newLinkIndex(cl, ls)
	var objs []obj
	var texts []string
	for _, l := range ls {
		addrs := byLink[l.Index]
		if (up && l.Flags&route.IffUp == 0) || (cl.family != 0 && len(addrs) == 0) {
			continue
		}
		v := newLinkView(l, x, cl.Details, true)
		v.noLL = cl.family != 0
		o := v.object()
		infos := []obj{}
		text := v.text()
		for _, ad := range addrs {
			infos = append(infos, addrObject(ad))
			text += addrText(ad)
		}
		o.add("addr_info", infos)
		objs = append(objs, o)
		texts = append(texts, text)
	}
	return cl.printAll(objs, texts)
}

// addrFlagNames are the address flags in ip(8)'s order; PERMANENT prints
// inverted, as "dynamic".
var addrFlagNames = []struct {
	f    route.AddrFlags
	name string
}{
	{route.AddrSecondary, "secondary"}, {route.AddrNoDAD, "nodad"}, {route.AddrOptimistic, "optimistic"},
	{route.AddrDADFailed, "dadfailed"}, {route.AddrHomeAddress, "home"}, {route.AddrDeprecated, "deprecated"},
	{route.AddrTentative, "tentative"}, {route.AddrPermanent, "dynamic"}, {route.AddrManageTempAddr, "mngtmpaddr"},
	{route.AddrNoPrefixRoute, "noprefixroute"}, {route.AddrMcAutoJoin, "autojoin"}, {route.AddrStablePrivacy, "stable-privacy"},
}

// addrFlags lists the flags of ad by ip(8)'s names.
func addrFlags(ad *route.Address) []string {
	f := ad.AllFlags
	if f == 0 {
		f = route.AddrFlags(ad.Flags)
	}
	var out []string
	for _, n := range addrFlagNames {
		set := f&n.f != 0
		switch n.f {
		case route.AddrPermanent:
			set = !set
		case route.AddrSecondary:
			if set && ad.Family == route.FamilyIPv6 {
				out = append(out, "temporary")
				continue
			}
		}
		if set {
			out = append(out, n.name)
		}
	}
	return out
}

var addrProtos = map[route.AddrProto]string{
	route.AddrProtoKernelLo: "kernel_lo", route.AddrProtoKernelRA: "kernel_ra", route.AddrProtoKernelLL: "kernel_ll",
}

// peer returns the peer address of a point-to-point address, if any.
func peer(ad *route.Address) (netip.Addr, bool) {
	return ad.Address, ad.Local.IsValid() && ad.Address.IsValid() && ad.Address != ad.Local
}

func lifetimes(ad *route.Address) (valid, preferred uint32) {
	if ad.CacheInfo == nil {
		return route.Forever, route.Forever
	}
	return ad.CacheInfo.Valid, ad.CacheInfo.Preferred
}

// addrObject is one entry of "addr_info".
func addrObject(ad *route.Address) obj {
	var o obj
	x := ad.Extra
	if x == nil {
		x = &route.AddressExtra{}
	}
	o.add("family", familyName(ad.Family))
	o.add("local", ad.Prefix().Addr().String())
	if p, ok := peer(ad); ok {
		o.add("address", p.String())
	}
	o.add("prefixlen", ad.PrefixLen)
	if ad.Broadcast.IsValid() {
		o.add("broadcast", ad.Broadcast.String())
	}
	if x.Anycast.IsValid() {
		o.add("anycast", x.Anycast.String())
	}
	if x.RoutePriority != 0 {
		o.add("metric", x.RoutePriority)
	}
	o.add("scope", scopes.name(ad.Scope))
	for _, f := range addrFlags(ad) {
		o.add(f, true)
	}
	if ad.Label != "" {
		o.add("label", ad.Label)
	}
	valid, pref := lifetimes(ad)
	o.add("valid_life_time", valid)
	o.add("preferred_life_time", pref)
	if n, ok := addrProtos[ad.Proto]; ok {
		o.add("protocol", n)
	}
	return o
}

func lifetimeText(s uint32) string {
	if s == route.Forever {
		return "forever"
	}
	return strconv.FormatUint(uint64(s), 10) + "sec"
}

// addrText is an address's two lines in ip addr show.
func addrText(ad *route.Address) string {
	var b strings.Builder
	x := ad.Extra
	if x == nil {
		x = &route.AddressExtra{}
	}
	fmt.Fprintf(&b, "    %s %s", familyName(ad.Family), ad.Prefix().Addr())
	if p, ok := peer(ad); ok {
		fmt.Fprintf(&b, " peer %s", p)
	}
	fmt.Fprintf(&b, "/%d", ad.PrefixLen)
	if ad.Broadcast.IsValid() {
		fmt.Fprintf(&b, " brd %s", ad.Broadcast)
	}
	if x.Anycast.IsValid() {
		fmt.Fprintf(&b, " any %s", x.Anycast)
	}
	if x.RoutePriority != 0 {
		fmt.Fprintf(&b, " metric %d", x.RoutePriority)
	}
	fmt.Fprintf(&b, " scope %s", scopes.name(ad.Scope))
	for _, f := range addrFlags(ad) {
		b.WriteString(" " + f)
	}
	if ad.Label != "" {
		b.WriteString(" " + ad.Label)
	} else {
		b.WriteString(" ")
	}
	valid, pref := lifetimes(ad)
	fmt.Fprintf(&b, "\n       valid_lft %s preferred_lft %s\n", lifetimeText(valid), lifetimeText(pref))
	return b.String()
}

// parsePrefix reads an address with an optional length (a host prefix
// without one).
func parsePrefix(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, usagef("%q is not a valid address", s)
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return p, usagef("%q is not a valid prefix", s)
	}
	return p, nil
}

func parseLifetime(a *argv, key string) (time.Duration, error) {
	s, err := a.Value(key)
	if err != nil || s == "forever" {
		return 0, err
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, usagef("invalid %s %q", key, s)
	}
	return time.Duration(n) * time.Second, nil
}

// addrChange parses ip addr add, replace and del, and applies them.
func addrChange(cl *cli, cmd string, args []string) error {
	var dev string
	var local netip.Prefix
	brdPlus := false
	o := &route.AddrOptions{}
	a := argv{args}
	for a.More() {
		w := a.Next()
		var err error
		var s string
		var n uint64
		switch w {
		case "dev":
			dev, err = a.Value(w)
		case "local":
			if s, err = a.Value(w); err == nil {
				local, err = parsePrefix(s)
			}
		case "peer", "remote":
			if s, err = a.Value(w); err == nil {
				o.Peer, err = parsePrefix(s)
			}
		case "broadcast", "brd":
			if s, err = a.Value(w); err == nil && s == "+" {
				brdPlus = true
			} else if err == nil && s != "-" {
				if o.Broadcast, err = netip.ParseAddr(s); err != nil {
					err = usagef("invalid broadcast address %q", s)
				}
			}
		case "anycast":
			if s, err = a.Value(w); err == nil {
				if o.Anycast, err = netip.ParseAddr(s); err != nil {
					err = usagef("invalid anycast address %q", s)
				}
			}
		case "label":
			o.Label, err = a.Value(w)
		case "scope":
			if s, err = a.Value(w); err == nil {
				o.Scope, err = scopes.parse("scope", s)
			}
		case "valid_lft":
			o.ValidLifetime, err = parseLifetime(&a, w)
		case "preferred_lft":
			o.PreferredLifetime, err = parseLifetime(&a, w)
		case "metric", "priority":
			n, err = a.uintValue(w, 32)
			o.Metric = uint32(n)
		case "nodad":
			o.Flags |= route.AddrNoDAD
		case "noprefixroute":
			o.Flags |= route.AddrNoPrefixRoute
		case "home":
			o.Flags |= route.AddrHomeAddress
		case "mngtmpaddr":
			o.Flags |= route.AddrManageTempAddr
		case "autojoin":
			o.Flags |= route.AddrMcAutoJoin
		default:
			if local.IsValid() {
				return usagef("Either \"local\" is duplicate, or %q is garbage.", w)
			}
			local, err = parsePrefix(w)
		}
		if err != nil {
			return err
		}
	}
	if !local.IsValid() {
		return usagef("Not enough information: address is required.")
	}
	if dev == "" {
		return usagef("Not enough information: \"dev\" argument is required.")
	}
	if brdPlus && local.Addr().Is4() && local.Bits() < 31 {
		a4 := local.Masked().Addr().As4()
		host := ^uint32(0) >> local.Bits()
		for i := range 4 {
			a4[i] |= byte(host >> (24 - 8*i))
		}
		o.Broadcast = netip.AddrFrom4(a4)
	}
	c, err := cl.changer()
	if err != nil {
		return err
	}
	switch cmd {
	case "add":
		return c.AddrAdd(cl.ctx, linkRef(dev), local, o)
	case "replace", "change":
		return c.AddrReplace(cl.ctx, linkRef(dev), local, o)
	}
	return c.AddrDel(cl.ctx, linkRef(dev), local, o)
}
