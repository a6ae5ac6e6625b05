package route

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/google/go-cmp/cmp"

	"github.com/nltag/go-netlink/netlink"
)

// TestKernelCompare prepares a namespace with iproute2 (setupScript), dumps
// addresses, routes, neighbours and rules through this package, and checks
// every field that `ip -j -d` shows as well against it.
func TestKernelCompare(t *testing.T) {
	ns := newSetupNS(t)
	names := ns.linkNames(t)
	t.Run("addresses", func(t *testing.T) {
		compareAddresses(t, ns, names, dumpAll[Address](t, ns, unix.RTM_GETADDR, &Address{Family: FamilyUnspec}))
	})
	t.Run("routes", func(t *testing.T) {
		for _, fam := range []Family{FamilyIPv4, FamilyIPv6} {
			compareRoutes(t, ns, names, fam, dumpAll[Route](t, ns, unix.RTM_GETROUTE, &Route{Family: fam}))
		}
	})
	t.Run("neighbours", func(t *testing.T) {
		for _, fam := range []Family{FamilyIPv4, FamilyIPv6} {
			compareNeighbours(t, ns, names, fam, dumpAll[Neighbour](t, ns, unix.RTM_GETNEIGH, &Neighbour{Family: fam}))
		}
	})
	t.Run("rules", func(t *testing.T) {
		compareRules(t, ns, names, "-4", FamilyIPv4)
		compareRules(t, ns, names, "-6", FamilyIPv6)
	})
}

// dumpAll dumps with ns's socket and decodes the replies.
func dumpAll[T any](t *testing.T, ns *routeNS, typ netlink.MsgType, body any) []*T {
	t.Helper()
	var out []*T
	for _, m := range ns.dump(t, typ, body) {
		out = append(out, decode[T](t, m))
	}
	return out
}

// ipFamilyOption is ip's option for a family.
var ipFamilyOption = map[Family]string{FamilyIPv4: "-4", FamilyIPv6: "-6"}

// linkNames maps interface indexes to names.
func (ns *routeNS) linkNames(t *testing.T) map[int]string {
	t.Helper()
	var links []struct {
		Index int    `json:"ifindex"`
		Name  string `json:"ifname"`
	}
	ns.ipJSON(t, &links, "link", "show")
	m := map[int]string{}
	for _, l := range links {
		m[l.Index] = l.Name
	}
	return m
}

func (ns *routeNS) ipJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	out := ns.run(t, "ip", append([]string{"-j", "-d"}, args...)...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("ip -j -d %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// obj is one object of ip's JSON output.
type obj map[string]any

// str returns a field as ip printed it: strings as they are, numbers in
// decimal, null (ip's way of printing a bare keyword) as "true", and "" when
// absent.
func (o obj) str(k string) string {
	v, ok := o[k]
	if !ok {
		return ""
	}
	switch v := v.(type) {
	case nil:
		return "true"
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// diff reports the differences between ip's view (want) and ours (got) of
// one object.
func diff(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s: ip -j -d and this package differ (-ip +route):\n%s", what, d)
	}
}

// sameKeys checks that both sides list the same objects.
func sameKeys[A, B any](t *testing.T, what string, ip map[string]A, ours map[string]B) {
	t.Helper()
	var missing, extra []string
	for k := range ip {
		if _, ok := ours[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range ours {
		if _, ok := ip[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing)+len(extra) > 0 {
		t.Errorf("%s: only ip shows %q; only this package shows %q", what, missing, extra)
	}
}

// Names as iproute2 prints them.

func ipScope(s Scope) string {
	switch s {
	case ScopeUniverse:
		return "global"
	case ScopeSite:
		return "site"
	case ScopeLink:
		return "link"
	case ScopeHost:
		return "host"
	case ScopeNowhere:
		return "nowhere"
	}
	return strconv.Itoa(int(s))
}

func ipTable(t Table) string {
	switch t {
	case TableMain:
		return "main"
	case TableLocal:
		return "local"
	case TableDefault:
		return "default"
	case TableUnspec:
		return "unspec"
	}
	return strconv.FormatUint(uint64(t), 10)
}

func ipProto(p Protocol) string {
	names := map[Protocol]string{ProtoUnspec: "unspec", ProtoRedirect: "redirect", ProtoKernel: "kernel",
		ProtoBoot: "boot", ProtoStatic: "static", ProtoRA: "ra", ProtoDHCP: "dhcp"}
	if n, ok := names[p]; ok {
		return n
	}
	return strconv.Itoa(int(p))
}

func ipRouteType(rt RouteType) string {
	return strings.ToLower(strings.TrimPrefix(rt.String(), "RTN_"))
}

func ipNextHopFlags(f RouteFlags) string {
	var out []string
	for _, n := range []struct {
		f    RouteFlags
		name string
	}{{RouteDead, "dead"}, {RouteOnLink, "onlink"}, {RoutePervasive, "pervasive"}, {RouteNHOffload, "offload"},
		{RouteNHTrap, "trap"}, {RouteLinkDown, "linkdown"}, {RouteUnresolved, "unresolved"}} {
		if f&n.f != 0 {
			out = append(out, n.name)
		}
	}
	b, _ := json.Marshal(append([]string{}, out...))
	return string(b)
}

// ipAddrString prints an address as ip prints a destination: "default" for
// /0, the bare address for host prefixes, else the prefix.
func ipDst(p netip.Prefix) string {
	switch {
	case p.Bits() == 0:
		return "default"
	case p.Bits() == p.Addr().BitLen():
		return p.Addr().String()
	}
	return p.String()
}

func optAddr(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

func optNum[T ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~int32](v T, omitZero bool) string {
	if omitZero && v == 0 {
		return ""
	}
	return fmt.Sprint(uint64(v))
}

// compareAddresses compares addresses (all of the namespace) with ip's.
func compareAddresses(t *testing.T, ns *routeNS, names map[int]string, addrs []*Address) {
	var links []struct {
		Name  string `json:"ifname"`
		Addrs []obj  `json:"addr_info"`
	}
	ns.ipJSON(t, &links, "addr", "show")
	ip := map[string]obj{}
	for _, l := range links {
		for _, a := range l.Addrs {
			ip[l.Name+" "+a.str("local")] = a
		}
	}
	ours := map[string]*Address{}
	for _, a := range addrs {
		ours[names[int(a.Index)]+" "+a.Prefix().Addr().String()] = a
	}
	sameKeys(t, "addresses", ip, ours)
	t.Logf("%d addresses", len(ip))
	flagNames := []struct {
		f           AddrFlags
		name, name6 string
	}{
		{AddrSecondary, "secondary", "temporary"}, {AddrNoDAD, "nodad", ""}, {AddrOptimistic, "optimistic", ""},
		{AddrDADFailed, "dadfailed", ""}, {AddrHomeAddress, "home", ""}, {AddrDeprecated, "deprecated", ""},
		{AddrTentative, "tentative", ""}, {AddrManageTempAddr, "mngtmpaddr", ""},
		{AddrNoPrefixRoute, "noprefixroute", ""}, {AddrMcAutoJoin, "autojoin", ""}, {AddrStablePrivacy, "stable-privacy", ""},
	}
	for k, want := range ip {
		a := ours[k]
		if a == nil {
			continue
		}
		got := map[string]string{
			"family":    map[Family]string{FamilyIPv4: "inet", FamilyIPv6: "inet6"}[a.Family],
			"local":     a.Prefix().Addr().String(),
			"prefixlen": strconv.Itoa(int(a.PrefixLen)),
			"scope":     ipScope(a.Scope),
			"label":     a.Label,
			"broadcast": optAddr(a.Broadcast),
		}
		if a.Local.IsValid() && a.Address != a.Local {
			got["address"] = a.Address.String()
		}
		flags := a.AllFlags
		if flags == 0 {
			flags = AddrFlags(a.Flags)
		}
		for _, f := range flagNames {
			if flags&f.f != 0 {
				n := f.name
				if a.Family == FamilyIPv6 && f.name6 != "" {
					n = f.name6
				}
				got[n] = "true"
			}
		}
		if flags&AddrPermanent == 0 {
			got["dynamic"] = "true"
		}
		wantFields := map[string]string{}
		for f := range got {
			wantFields[f] = want.str(f)
		}
		for f, v := range want {
			if _, ok := v.(bool); ok {
				wantFields[f] = want.str(f)
				if _, ok := got[f]; !ok {
					got[f] = ""
				}
			}
		}
		// Lifetimes count down: allow for the time between the two dumps.
		if a.CacheInfo != nil {
			for f, v := range map[string]uint32{"valid_life_time": a.CacheInfo.Valid, "preferred_life_time": a.CacheInfo.Preferred} {
				w, _ := strconv.ParseUint(want.str(f), 10, 32)
				if d := int64(w) - int64(v); d < -3 || d > 3 {
					t.Errorf("address %s: %s is %d for ip, %d here", k, f, w, v)
				}
			}
		}
		diff(t, "address "+k, wantFields, got)
	}
}

// compareRoutes compares routes (those of fam in every table) with ip's.
func compareRoutes(t *testing.T, ns *routeNS, names map[int]string, fam Family, rs []*Route) {
	opt := ipFamilyOption[fam]
	var routes []obj
	ns.ipJSON(t, &routes, opt, "route", "show", "table", "all")
	ip := map[string]obj{}
	for _, r := range routes {
		ip[routeKey(r.str("table"), r.str("type"), r.str("dst"), r.str("dev"), r.str("metric"), r.str("encap"), r.str("id"))] = r
	}
	ours := map[string]*Route{}
	for _, r := range rs {
		metric := optNum(r.Priority, fam == FamilyIPv4)
		encap, id := "", ""
		switch e := extraOf(r).Encap.(type) {
		case *IPEncap:
			encap, id = "ip", strconv.FormatUint(e.ID, 10)
		case *IP6Encap:
			encap, id = "ip6", strconv.FormatUint(e.ID, 10)
		}
		ours[routeKey(ipTable(r.FullTable()), ipRouteType(r.Type), ipDst(r.DstPrefix()), names[int(r.OIF)], metric, encap, id)] = r
	}
	sameKeys(t, "routes "+opt, ip, ours)
	t.Logf("ip %s: %d routes", opt, len(ip))
	for k, want := range ip {
		r := ours[k]
		if r == nil {
			continue
		}
		got := map[string]string{
			"gateway":  optAddr(r.Gateway),
			"protocol": ipProto(r.Protocol),
			"scope":    ipScope(r.Scope),
			"prefsrc":  optAddr(r.PrefSrc),
			"flags":    ipNextHopFlags(r.Flags),
			"nhid":     optNum(r.NHID, true),
		}
		if fam == FamilyIPv6 {
			got["pref"] = strings.ToLower(strings.TrimPrefix(r.Pref.String(), "ICMPV6_ROUTER_PREF_"))
		}
		x := extraOf(r)
		if a := x.Via.Addr(); a.IsValid() {
			got["via"] = fmt.Sprintf(`{"family":%q,"host":%q}`, map[Family]string{FamilyIPv4: "inet", FamilyIPv6: "inet6"}[x.Via.Family()], a)
		}
		// iproute2 prints the encap's dst under the route's "dst" key, which
		// JSON decoding then keeps; compare that.
		switch e := x.Encap.(type) {
		case *IPEncap:
			got["dst"], got["ttl"], got["tos"], got["src"] = e.Dst.String(), strconv.Itoa(int(e.TTL)), strconv.Itoa(int(e.TOS)), optAddr(e.Src)
		case *IP6Encap:
			got["dst"], got["hoplimit"], got["tc"], got["src"] = e.Dst.String(), strconv.Itoa(int(e.HopLimit)), strconv.Itoa(int(e.TC)), optAddr(e.Src)
		}
		if len(x.Multipath) > 0 {
			var hops []map[string]any
			for _, nh := range x.Multipath {
				var fl []string
				json.Unmarshal([]byte(ipNextHopFlags(RouteFlags(nh.Flags))), &fl)
				hops = append(hops, map[string]any{"gateway": optAddr(nh.Gateway), "dev": names[int(nh.Index)], "weight": nh.Weight(), "flags": fl})
			}
			b, _ := json.Marshal(hops)
			got["nexthops"] = string(b)
		}
		if m := r.Metrics; m != nil {
			mm := map[string]any{}
			for n, v := range map[string]uint32{"mtu": m.MTU, "advmss": m.AdvMSS, "hoplimit": m.HopLimit, "initcwnd": m.InitCWnd, "window": m.Window, "initrwnd": m.InitRWnd, "reordering": m.Reordering} {
				if v != 0 {
					mm[n] = v
				}
			}
			if m.Features&FeatureECN != 0 {
				mm["ecn"] = nil
			}
			if m.CCAlgo != "" {
				mm["congestion"] = m.CCAlgo
			}
			b, _ := json.Marshal([]any{mm})
			got["metrics"] = string(b)
		}
		wantFields := map[string]string{}
		for f := range got {
			wantFields[f] = want.str(f)
			if f == "nexthops" || f == "metrics" || f == "via" {
				// Re-marshal ip's value so that both sides sort keys alike.
				var v any
				json.Unmarshal([]byte(wantFields[f]), &v)
				b, _ := json.Marshal(v)
				wantFields[f] = string(b)
				if got[f] != "" {
					json.Unmarshal([]byte(got[f]), &v)
					b, _ = json.Marshal(v)
					got[f] = string(b)
				}
			}
		}
		diff(t, "route "+k, wantFields, got)
	}
}

func routeKey(table, typ, dst, dev, metric, encap, id string) string {
	if encap != "" {
		// ip prints the encap's dst over the route's: key on the tunnel id.
		dst = "encap " + encap + " id " + id
	}
	return strings.Join([]string{table, typ, dst, "dev", dev, "metric", metric}, " ")
}

// compareNeighbours compares neighbour entries (those of fam) with ip's.
func compareNeighbours(t *testing.T, ns *routeNS, names map[int]string, fam Family, neighs []*Neighbour) {
	opt := ipFamilyOption[fam]
	// Entries in transient states may change between the two dumps:
	// compare the configured and the multicast (NOARP) ones.
	stable := NUDPermanent | NUDNoARP
	var ipNeighs []obj
	ns.ipJSON(t, &ipNeighs, opt, "neigh", "show", "nud", "all")
	ip := map[string]obj{}
	for _, n := range ipNeighs {
		var states []string
		json.Unmarshal([]byte(n.str("state")), &states)
		if slices.Contains(states, "PERMANENT") || slices.Contains(states, "NOARP") {
			ip[n.str("dev")+" "+n.str("dst")] = n
		}
	}
	ours := map[string]*Neighbour{}
	for _, n := range neighs {
		if n.State&stable != 0 {
			ours[names[int(n.Index)]+" "+optAddr(n.Dst)] = n
		}
	}
	sameKeys(t, "neighbours "+opt, ip, ours)
	t.Logf("ip %s: %d neighbours", opt, len(ip))
	for k, want := range ip {
		n := ours[k]
		if n == nil {
			continue
		}
		var states []string
		for _, s := range strings.Split(n.State.String(), "|") {
			states = append(states, strings.TrimPrefix(s, "NUD_"))
		}
		st, _ := json.Marshal(states)
		got := map[string]string{"lladdr": n.LLAddr.String(), "state": string(st)}
		if n.Flags&NTFRouter != 0 {
			got["router"] = "true"
		} else {
			got["router"] = ""
		}
		if n.Flags&NTFProxy != 0 {
			got["proxy"] = "true"
		} else {
			got["proxy"] = ""
		}
		wantFields := map[string]string{}
		for f := range got {
			wantFields[f] = want.str(f)
		}
		diff(t, "neighbour "+k, wantFields, got)
	}
}

func compareRules(t *testing.T, ns *routeNS, names map[int]string, opt string, fam Family) {
	var rules []obj
	ns.ipJSON(t, &rules, opt, "rule", "show")
	ip := map[string]obj{}
	for _, r := range rules {
		ip[r.str("priority")] = r
	}
	ours := map[string]*Rule{}
	for _, m := range ns.dump(t, unix.RTM_GETRULE, &Rule{Family: fam}) {
		r := decode[Rule](t, m)
		var prio uint32
		if r.Priority != nil {
			prio = *r.Priority
		}
		ours[strconv.FormatUint(uint64(prio), 10)] = r
	}
	sameKeys(t, "rules "+opt, ip, ours)
	t.Logf("ip %s: %d rules", opt, len(ip))
	protos := map[uint8]string{unix.IPPROTO_TCP: "tcp", unix.IPPROTO_UDP: "udp", unix.IPPROTO_ICMP: "icmp"}
	for k, want := range ip {
		r := ours[k]
		if r == nil {
			continue
		}
		got := map[string]string{
			"src":      "all",
			"dst":      optAddr(r.Dst),
			"iif":      r.IIFName,
			"oif":      r.OIFName,
			"protocol": ipProto(r.Protocol),
			"ipproto":  "",
			"srclen":   optNum(r.SrcLen, true),
			"dstlen":   optNum(r.DstLen, true),
			"fwmark":   "",
			"fwmask":   "",
			"not":      "",
			"table":    "",
			"action":   "",
		}
		if r.Src.IsValid() {
			got["src"] = r.Src.String()
		}
		if r.FwMark != 0 || r.FwMask != 0 {
			got["fwmark"] = fmt.Sprintf("%#x", r.FwMark)
			if r.FwMask != 0xffffffff {
				got["fwmask"] = fmt.Sprintf("%#x", r.FwMask)
			}
		}
		if r.Flags&RuleInvert != 0 {
			got["not"] = "true"
		}
		switch r.Action {
		case ActionToTable:
			got["table"] = ipTable(r.FullTable())
		default:
			got["action"] = strings.ToLower(strings.TrimPrefix(r.Action.String(), "FR_ACT_"))
		}
		if r.IPProto != 0 {
			got["ipproto"] = protos[r.IPProto]
		}
		if r.UIDRange != nil {
			got["uid_start"], got["uid_end"] = optNum(r.UIDRange.Start, false), optNum(r.UIDRange.End, false)
		}
		for name, pr := range map[string]*PortRange{"sport": r.SPortRange, "dport": r.DPortRange} {
			switch {
			case pr == nil:
			case pr.Start == pr.End:
				got[name] = optNum(pr.Start, false)
			default:
				got[name+"_start"], got[name+"_end"] = optNum(pr.Start, false), optNum(pr.End, false)
			}
		}
		if r.SuppressPrefixLen != nil && *r.SuppressPrefixLen != 0xffffffff {
			got["suppress_prefixlen"] = optNum(*r.SuppressPrefixLen, false)
		}
		wantFields := map[string]string{}
		for f := range got {
			wantFields[f] = want.str(f)
		}
		for f := range want {
			if _, ok := got[f]; !ok && f != "priority" {
				wantFields[f] = want.str(f)
				got[f] = "(not compared)"
			}
		}
		diff(t, "rule "+k, wantFields, got)
	}
}
