package main

import (
	"strconv"
	"strings"
	"unicode"
)

// initialisms keep Go's all-capitals spelling inside names ("mtu" → MTU).
var initialisms = map[string]string{
	"id": "ID", "ip": "IP", "ipv4": "IPv4", "ipv6": "IPv6", "mac": "MAC",
	"mtu": "MTU", "tcp": "TCP", "udp": "UDP", "url": "URL", "uuid": "UUID",
	"ttl": "TTL", "tos": "TOS", "vlan": "VLAN", "vf": "VF", "xdp": "XDP",
	"gso": "GSO", "gro": "GRO", "tso": "TSO", "hw": "HW", "cpu": "CPU",
	"ecn": "ECN", "bpf": "BPF", "fd": "FD", "pid": "PID", "ns": "NS",
	"api": "API", "dscp": "DSCP", "nat": "NAT", "lwt": "LWT", "rtt": "RTT",
	"arp": "ARP", "ct": "CT", "qos": "QoS", "ipsec": "IPsec", "icmp": "ICMP",
	"sctp": "SCTP", "gre": "GRE", "mpls": "MPLS", "eth": "Eth",
}

// goName turns a spec name such as "ingress-block" into a Go name,
// IngressBlock. Words split only at dashes, underscores and dots, so run-on
// names stay as the spec spells them ("newqdisc" gives Newqdisc).
func goName(s string) string {
	var sb strings.Builder
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || r == ' ' || r == '/'
	}) {
		if up, ok := initialisms[strings.ToLower(w)]; ok {
			sb.WriteString(up)
			continue
		}
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		sb.WriteString(string(r))
	}
	out := sb.String()
	if out == "" || unicode.IsDigit(rune(out[0])) {
		out = "X" + out
	}
	return out
}

// lowerFirst makes an unexported name from an exported one.
func lowerFirst(s string) string {
	r := []rune(s)
	// Lower a leading initialism whole: MTUNames → mtuNames.
	i := 0
	for i < len(r) && unicode.IsUpper(r[i]) {
		i++
	}
	switch {
	case i == 0:
	case i == 1 || i == len(r):
		for j := range i {
			r[j] = unicode.ToLower(r[j])
		}
	default:
		for j := range i - 1 {
			r[j] = unicode.ToLower(r[j])
		}
	}
	return string(r)
}

// cName is the C enumerator of a spec name with a prefix: "tca-" and
// "kind" give TCA_KIND.
func cName(prefix, name string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(prefix + name))
}

// names hands out Go identifiers, appending a suffix, then a number, when a
// name is taken.
type names map[string]bool

func (n names) take(want, suffix string) string {
	name := want
	if n[name] && suffix != "" && !strings.HasSuffix(want, suffix) {
		name = want + suffix
	}
	for i := 2; n[name]; i++ {
		name = want + suffix + strconv.Itoa(i)
	}
	n[name] = true
	return name
}
