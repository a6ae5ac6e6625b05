//go:build linux

package main

// The names iproute2 gives to numbers, both ways.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/examples/internal/iproute"
	"github.com/nltag/go-netlink/route"
)

// nameTable maps numbers to ip(8)'s names and back; numbers without a
// name print in decimal.
type nameTable[T ~uint8 | ~uint16 | ~uint32] struct {
	names  map[T]string
	values map[string]T // names' inverse: a batch file parses a name per line
}

// newNameTable returns the table of names.
func newNameTable[T ~uint8 | ~uint16 | ~uint32](names map[T]string) nameTable[T] {
	values := make(map[string]T, len(names))
	for v, n := range names {
		values[n] = v
	}
	return nameTable[T]{names: names, values: values}
}

func (t nameTable[T]) name(v T) string {
	if n, ok := t.names[v]; ok {
		return n
	}
	return strconv.FormatUint(uint64(v), 10)
}

// lookup finds a name (not a number).
func (t nameTable[T]) lookup(s string) (T, bool) {
	v, ok := t.values[s]
	return v, ok
}

func (t nameTable[T]) parse(what, s string) (T, error) {
	if v, ok := t.values[s]; ok {
		return v, nil
	}
	n, err := strconv.ParseUint(s, 0, 32)
	if err != nil || uint64(T(n)) != n {
		return 0, usagef("invalid %s %q", what, s)
	}
	return T(n), nil
}

var scopes = newNameTable(map[route.Scope]string{
	route.ScopeUniverse: "global", route.ScopeSite: "site", route.ScopeLink: "link",
	route.ScopeHost: "host", route.ScopeNowhere: "nowhere",
})

var protocols = newNameTable(map[route.Protocol]string{
	route.ProtoUnspec: "unspec", route.ProtoRedirect: "redirect", route.ProtoKernel: "kernel",
	route.ProtoBoot: "boot", route.ProtoStatic: "static", route.ProtoGated: "gated", route.ProtoRA: "ra",
	route.ProtoMRT: "mrt", route.ProtoZebra: "zebra", route.ProtoBird: "bird", route.ProtoDNRouted: "dnrouted",
	route.ProtoXORP: "xorp", route.ProtoNTK: "ntk", route.ProtoDHCP: "dhcp", route.ProtoKeepalived: "keepalived",
	route.ProtoBabel: "babel", route.ProtoOpenR: "openr", route.ProtoBGP: "bgp", route.ProtoISIS: "isis",
	route.ProtoOSPF: "ospf", route.ProtoRIP: "rip", route.ProtoEIGRP: "eigrp",
})

var routeTypes = newNameTable(map[route.RouteType]string{
	route.TypeUnspec: "none", route.TypeUnicast: "unicast", route.TypeLocal: "local",
	route.TypeBroadcast: "broadcast", route.TypeAnycast: "anycast", route.TypeMulticast: "multicast",
	route.TypeBlackhole: "blackhole", route.TypeUnreachable: "unreachable", route.TypeProhibit: "prohibit",
	route.TypeThrow: "throw", route.TypeNAT: "nat", route.TypeXResolve: "xresolve",
})

var tables = newNameTable(map[route.Table]string{
	route.TableDefault: "default", route.TableMain: "main", route.TableLocal: "local",
})

// parseTable reads a table name or number; "all" is 0.
func parseTable(s string) (route.Table, error) {
	if s == "all" {
		return 0, nil
	}
	return tables.parse("table", s)
}

// The link-layer types of `link/ether` and "link_type".
var linkTypes = map[route.HardwareType]string{
	route.HardwareEther: "ether", route.HardwareLoopback: "loopback", route.HardwareNone: "none",
	route.HardwareVoid: "void", route.HardwarePPP: "ppp", route.HardwareIPIP: "ipip",
	route.HardwareIP6IP6: "tunnel6", route.HardwareSIT: "sit", route.HardwareIPGRE: "gre",
	route.HardwareIP6GRE: "gre6", route.HardwareInfiniband: "infiniband", route.HardwareIEEE80211: "ieee802.11",
	route.HardwareCAN: "can", route.HardwareRawIP: "rawip",
}

func linkTypeName(t route.HardwareType) string {
	if n, ok := linkTypes[t]; ok {
		return n
	}
	return fmt.Sprintf("[%d]", t)
}

// linkFlags returns the flags as ip(8) lists them; lowerDown adds M-DOWN
// for a link whose lower link is down.
func linkFlags(f route.InterfaceFlags, lowerDown bool) []string {
	return iproute.LinkFlags(f, lowerDown)
}

// routeFlagNames are the route and next-hop flags in ip(8)'s order.
var routeFlagNames = []struct {
	f    route.RouteFlags
	name string
}{
	{route.RouteDead, "dead"}, {route.RouteOnLink, "onlink"}, {route.RoutePervasive, "pervasive"},
	{route.RouteNHOffload, "offload"}, {route.RouteNHTrap, "trap"}, {route.RouteNotify, "notify"},
	{route.RouteLinkDown, "linkdown"}, {route.RouteUnresolved, "unresolved"}, {route.RouteOffload, "rt_offload"},
	{route.RouteTrap, "rt_trap"}, {route.RouteOffloadFailed, "rt_offload_failed"},
}

func routeFlags(f route.RouteFlags) []string {
	out := []string{}
	for _, n := range routeFlagNames {
		if f&n.f != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// neighStateNames are the NUD states as ip(8) prints them.
var neighStateNames = []struct {
	s    route.NeighState
	name string
}{
	{route.NUDIncomplete, "INCOMPLETE"}, {route.NUDReachable, "REACHABLE"}, {route.NUDStale, "STALE"},
	{route.NUDDelay, "DELAY"}, {route.NUDProbe, "PROBE"}, {route.NUDFailed, "FAILED"},
	{route.NUDNoARP, "NOARP"}, {route.NUDPermanent, "PERMANENT"},
}

func neighStates(s route.NeighState) []string {
	out := []string{}
	for _, n := range neighStateNames {
		if s&n.s != 0 {
			out = append(out, n.name)
		}
	}
	if len(out) == 0 {
		out = append(out, "NONE")
	}
	return out
}

func parseNeighState(s string) (route.NeighState, error) {
	for _, n := range neighStateNames {
		if strings.EqualFold(n.name, s) {
			return n.s, nil
		}
	}
	return 0, usagef("invalid nud state %q", s)
}

// familyName is the "family" of ip addr: inet, inet6.
func familyName(f route.Family) string {
	switch f {
	case route.FamilyIPv4:
		return "inet"
	case route.FamilyIPv6:
		return "inet6"
	}
	return strconv.Itoa(int(f))
}

// macvlanModeName is the macvlan mode as ip(8) spells it.
func macvlanModeName(m route.MacvlanMode) string { return strings.ToLower(m.String()) }

func parseMacvlanMode(s string) (route.MacvlanMode, error) {
	for _, m := range []route.MacvlanMode{route.MacvlanModePrivate, route.MacvlanModeVEPA,
		route.MacvlanModeBridge, route.MacvlanModePassthru, route.MacvlanModeSource} {
		if macvlanModeName(m) == s {
			return m, nil
		}
	}
	return 0, usagef("invalid macvlan mode %q", s)
}
