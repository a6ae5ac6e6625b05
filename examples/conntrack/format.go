//go:build linux

package main

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netfilter/conntrack"
)

// format prints entries as conntrack(8) does.
type format struct {
	extended bool // the address family first
	id       bool // the entry's id last
}

var protoNames = map[uint8]string{
	conntrack.ProtoICMP: "icmp", conntrack.ProtoTCP: "tcp", conntrack.ProtoUDP: "udp",
	conntrack.ProtoICMPv6: "icmpv6", 33: "dccp", 47: "gre", 132: "sctp", 136: "udplite",
}

// appendEntry appends e's line, without a newline.
func (f format) appendEntry(b []byte, e *conntrack.Entry) []byte {
	var w []string
	if f.extended {
		switch e.Family {
		case unix.AF_INET:
			w = append(w, fmt.Sprintf("%-8s %d", "ipv4", e.Family))
		case unix.AF_INET6:
			w = append(w, fmt.Sprintf("%-8s %d", "ipv6", e.Family))
		default:
			w = append(w, fmt.Sprintf("%-8s %d", "unknown", e.Family))
		}
	}
	var proto uint8
	if e.Orig != nil {
		proto = e.Orig.Proto.Num
	}
	name, ok := protoNames[proto]
	if !ok {
		name = "unknown"
	}
	w = append(w, fmt.Sprintf("%-8s %d", name, proto))
	if e.Timeout != nil {
		w = append(w, fmt.Sprint(*e.Timeout))
	}
	if pi := e.ProtoInfo; pi != nil && pi.TCP != nil && pi.TCP.State != nil {
		w = append(w, strings.TrimPrefix(pi.TCP.State.String(), "TCP_CONNTRACK_"))
	}
	var status conntrack.Status
	if e.Status != nil {
		status = *e.Status
	}
	w = appendTuple(w, e.Orig, e.CountersOrig)
	if status&conntrack.StatusSeenReply == 0 {
		w = append(w, "[UNREPLIED]")
	}
	w = appendTuple(w, e.Reply, e.CountersReply)
	if status&conntrack.StatusAssured != 0 {
		w = append(w, "[ASSURED]")
	}
	if e.Mark != nil {
		w = append(w, fmt.Sprintf("mark=%d", *e.Mark))
	}
	if e.SecCtx != nil {
		w = append(w, "secctx="+e.SecCtx.Name)
	}
	if e.Zone != nil {
		w = append(w, fmt.Sprintf("zone=%d", *e.Zone))
	}
	if e.Use != nil {
		w = append(w, fmt.Sprintf("use=%d", *e.Use))
	}
	if f.id && e.ID != nil {
		w = append(w, fmt.Sprintf("id=%d", *e.ID))
	}
	return append(b, strings.Join(w, " ")...)
}

// appendTuple appends the words of one direction: addresses, ports or ICMP
// fields, and counters. (A tuple's own zone, which conntrack(8) shows as
// zone-orig or zone-reply, is left out.)
func appendTuple(w []string, t *conntrack.Tuple, c *conntrack.Counters) []string {
	if t == nil {
		return w
	}
	w = append(w, "src="+t.IP.Src().String(), "dst="+t.IP.Dst().String())
	p := &t.Proto
	switch {
	case p.SrcPort != nil && p.DstPort != nil:
		w = append(w, fmt.Sprintf("sport=%d", *p.SrcPort), fmt.Sprintf("dport=%d", *p.DstPort))
	case p.ICMPType != nil && p.ICMPCode != nil && p.ICMPID != nil:
		w = append(w, fmt.Sprintf("type=%d", *p.ICMPType), fmt.Sprintf("code=%d", *p.ICMPCode), fmt.Sprintf("id=%d", *p.ICMPID))
	case p.ICMPv6Type != nil && p.ICMPv6Code != nil && p.ICMPv6ID != nil:
		w = append(w, fmt.Sprintf("type=%d", *p.ICMPv6Type), fmt.Sprintf("code=%d", *p.ICMPv6Code), fmt.Sprintf("id=%d", *p.ICMPv6ID))
	}
	if c != nil {
		w = append(w, fmt.Sprintf("packets=%d", c.Packets), fmt.Sprintf("bytes=%d", c.Bytes))
	}
	return w
}
