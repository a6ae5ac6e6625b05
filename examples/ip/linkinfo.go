//go:build linux

package main

// The details of link kinds, as ip -d link show prints them: a subset of
// iproute2's keys, each with iproute2's name and value.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// kindData returns the kind-specific details of li.Data as ordered keys.
func kindData(li *route.LinkInfo, v *linkView) obj {
	var o obj
	u := func(p *uint32) any { // an optional number, absent when nil
		if p == nil {
			return nil
		}
		return *p
	}
	b01 := func(p *bool) any { // a switch ip prints as 0 or 1
		if p == nil {
			return nil
		}
		if *p {
			return 1
		}
		return 0
	}
	bb := func(p *bool) any { // a switch ip prints as true or false
		if p == nil {
			return nil
		}
		return *p
	}
	switch d := li.Data.(type) {
	case *route.BridgeData:
		o.add("forward_delay", u(d.ForwardDelay))
		o.add("hello_time", d.HelloTime)
		o.add("max_age", d.MaxAge)
		o.add("ageing_time", u(d.AgeingTime))
		o.add("stp_state", u(d.STPState))
		if d.Priority != nil {
			o.add("priority", *d.Priority)
		}
		o.add("vlan_filtering", b01(d.VLANFiltering))
		o.add("root_port", d.RootPort)
		o.add("root_path_cost", d.RootPathCost)
		o.add("topology_change", b01(&d.TopologyChange))
		o.add("topology_change_detected", b01(&d.TopologyChangeDetected))
		if d.GroupAddr != nil {
			o.add("group_addr", d.GroupAddr.String())
		}
		o.add("mcast_snooping", b01(d.MCastSnooping))
		if d.MCastRouter != nil {
			o.add("mcast_router", *d.MCastRouter)
		}
		o.add("mcast_query_use_ifaddr", b01(d.MCastQueryUseIfaddr))
		o.add("mcast_querier", b01(d.MCastQuerier))
		o.add("mcast_hash_elasticity", d.MCastHashElasticity)
		o.add("mcast_hash_max", d.MCastHashMax)
		o.add("mcast_last_member_cnt", d.MCastLastMemberCnt)
		o.add("mcast_startup_query_cnt", d.MCastStartupQueryCnt)
		o.add("mcast_last_member_intvl", d.MCastLastMemberIntvl)
		o.add("mcast_membership_intvl", d.MCastMembershipIntvl)
		o.add("mcast_querier_intvl", d.MCastQuerierIntvl)
		o.add("mcast_query_intvl", d.MCastQueryIntvl)
		o.add("mcast_query_response_intvl", d.MCastQueryResponseIntvl)
		o.add("mcast_startup_query_intvl", d.MCastStartupQueryIntvl)
		o.add("mcast_stats_enabled", b01(d.MCastStatsEnabled))
		o.add("mcast_igmp_version", d.MCastIGMPVersion)
		o.add("mcast_mld_version", d.MCastMLDVersion)
		o.add("nf_call_iptables", b01(d.NFCallIPTables))
		o.add("nf_call_ip6tables", b01(d.NFCallIP6Tables))
		o.add("nf_call_arptables", b01(d.NFCallARPTables))
	case *route.MacvlanData:
		macvlanData(&o, d)
	case *route.MacvtapData:
		macvlanData(&o, (*route.MacvlanData)(d))
	case *route.VxlanData:
		o.add("id", d.ID)
		far, far6 := "remote", "remote6"
		if d.Group.IsMulticast() || d.Group6.IsMulticast() {
			far, far6 = "group", "group6"
		}
		if d.Group.IsValid() {
			o.add(far, d.Group.String())
		}
		if d.Group6.IsValid() {
			o.add(far6, d.Group6.String())
		}
		if d.Local.IsValid() {
			o.add("local", d.Local.String())
		}
		if d.Local6.IsValid() {
			o.add("local6", d.Local6.String())
		}
		if d.Link != 0 {
			o.add("link", v.lowerName(d.Link))
		}
		if r := d.PortRange; r != nil {
			o.add("port_range", obj{{"low", r.Low}, {"high", r.High}})
		}
		o.add("port", d.Port)
		o.add("learning", bb(d.Learning))
		o.add("ttl", d.TTL)
		o.add("df", strings.ToLower(d.DF.String()))
		if d.Ageing != 0 {
			o.add("ageing", d.Ageing)
		}
		o.add("udp_csum", bb(d.UDPCsum))
		o.add("udp_zero_csum6_tx", bb(d.UDPZeroCsum6Tx))
		o.add("udp_zero_csum6_rx", bb(d.UDPZeroCsum6Rx))
	case *route.TunData:
		o.add("type", strings.ToLower(d.Type.String()))
		o.add("pi", bb(d.PI))
		o.add("vnet_hdr", bb(d.VnetHdr))
		if d.MultiQueue != nil && *d.MultiQueue {
			o.add("multi_queue", true)
			o.add("numqueues", d.NumQueues)
			o.add("numdisabled", d.NumDisabledQueues)
		}
		o.add("persist", bb(d.Persist))
	case *route.VLANData:
		if d.Protocol != 0 {
			o.add("protocol", d.Protocol.String())
		}
		o.add("id", d.ID)
	case *route.BondData:
		if d.Mode != nil {
			o.add("mode", d.Mode.String())
		}
	case *route.VRFData:
		o.add("table", d.Table)
	}
	return o
}

func macvlanData(o *obj, d *route.MacvlanData) {
	o.add("mode", macvlanModeName(d.Mode))
	if d.BcQueueLen != 0 {
		o.add("bcqueuelen", d.BcQueueLen)
	}
	if d.BcQueueLenUsed != 0 {
		o.add("usedbcqueuelen", d.BcQueueLenUsed)
	}
}

// slaveData returns the master's details about an enslaved link.
func slaveData(li *route.LinkInfo) obj {
	var o obj
	d, ok := li.SlaveData.(*route.BridgePortData)
	if !ok {
		return o
	}
	bb := func(p *bool) any {
		if p == nil {
			return nil
		}
		return *p
	}
	if d.State != nil {
		o.add("state", strings.ToLower(d.State.String()))
	}
	if d.Priority != nil {
		o.add("priority", *d.Priority)
	}
	if d.Cost != nil {
		o.add("cost", *d.Cost)
	}
	o.add("hairpin", bb(d.Hairpin))
	o.add("guard", bb(d.Guard))
	o.add("root_block", bb(d.RootBlock))
	o.add("fastleave", bb(d.FastLeave))
	o.add("learning", bb(d.Learning))
	o.add("flood", bb(d.UnicastFlood))
	o.add("id", fmt.Sprintf("%#x", d.ID))
	o.add("no", fmt.Sprintf("%#x", d.No))
	o.add("designated_port", d.DesignatedPort)
	o.add("designated_cost", d.DesignatedCost)
	o.add("proxy_arp", bb(d.ProxyARP))
	o.add("proxy_arp_wifi", bb(d.ProxyARPWiFi))
	if d.MulticastRouter != nil {
		o.add("multicast_router", *d.MulticastRouter)
	}
	o.add("mcast_flood", bb(d.MCastFlood))
	o.add("bcast_flood", bb(d.BcastFlood))
	o.add("mcast_to_unicast", bb(d.MCastToUcast))
	o.add("neigh_suppress", bb(d.NeighSuppress))
	o.add("vlan_tunnel", bb(d.VLANTunnel))
	o.add("isolated", bb(d.Isolated))
	o.add("locked", bb(d.Locked))
	return o
}

// lowerName names a link the kind's data refers to.
func (v *linkView) lowerName(i netlink.IfIndex) string {
	if v.x == nil {
		return "if" + strconv.Itoa(int(i))
	}
	return v.x.name(i)
}

// linkInfoObject is "linkinfo" of ip -j -d link show.
func linkInfoObject(li *route.LinkInfo, v *linkView) obj {
	if li == nil {
		return nil
	}
	var o obj
	if li.Kind != "" {
		o.add("info_kind", li.Kind)
		if d := kindData(li, v); len(d) > 0 {
			o.add("info_data", d)
		}
	}
	if li.SlaveKind != "" {
		o.add("info_slave_kind", li.SlaveKind)
		if d := slaveData(li); len(d) > 0 {
			o.add("info_slave_data", d)
		}
	}
	return o
}

// linkInfoText is the details line of ip -d link show: the kind and its
// data as "key value" pairs, switches as on/off or their names.
func linkInfoText(li *route.LinkInfo, v *linkView) string {
	if li == nil {
		return ""
	}
	var b strings.Builder
	write := func(kind string, d obj) {
		b.WriteString(kind + " ")
		for _, f := range d {
			switch val := f.val.(type) {
			case bool:
				if val {
					b.WriteString(f.key + " on ")
				} else {
					b.WriteString(f.key + " off ")
				}
			case obj:
				for _, g := range val {
					fmt.Fprintf(&b, "%v ", g.val)
				}
			default:
				fmt.Fprintf(&b, "%s %v ", f.key, val)
			}
		}
	}
	if li.Kind != "" {
		write(li.Kind, kindData(li, v))
	}
	if li.SlaveKind != "" {
		b.WriteString("\n    ")
		write(li.SlaveKind+"_slave", slaveData(li))
	}
	return b.String()
}
