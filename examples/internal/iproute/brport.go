// Package iproute holds what the example commands ip and bridge share:
// the bridge-port keywords of `ip link set ... type bridge_slave` and
// `bridge link set`, and the link flags as iproute2 lists them.
package iproute

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/route"
)

// switches are the on|off keywords and the fields they set.
var switches = map[string]func(p *route.BridgePortData) **bool{
	"guard":            func(p *route.BridgePortData) **bool { return &p.Guard },
	"hairpin":          func(p *route.BridgePortData) **bool { return &p.Hairpin },
	"fastleave":        func(p *route.BridgePortData) **bool { return &p.FastLeave },
	"mcast_fast_leave": func(p *route.BridgePortData) **bool { return &p.FastLeave },
	"root_block":       func(p *route.BridgePortData) **bool { return &p.RootBlock },
	"learning":         func(p *route.BridgePortData) **bool { return &p.Learning },
	"learning_sync":    func(p *route.BridgePortData) **bool { return &p.LearningSync },
	"flood":            func(p *route.BridgePortData) **bool { return &p.UnicastFlood },
	"proxy_arp":        func(p *route.BridgePortData) **bool { return &p.ProxyARP },
	"proxy_arp_wifi":   func(p *route.BridgePortData) **bool { return &p.ProxyARPWiFi },
	"mcast_flood":      func(p *route.BridgePortData) **bool { return &p.MCastFlood },
	"bcast_flood":      func(p *route.BridgePortData) **bool { return &p.BcastFlood },
	"mcast_to_unicast": func(p *route.BridgePortData) **bool { return &p.MCastToUcast },
	"neigh_suppress":   func(p *route.BridgePortData) **bool { return &p.NeighSuppress },
	"vlan_tunnel":      func(p *route.BridgePortData) **bool { return &p.VLANTunnel },
	"isolated":         func(p *route.BridgePortData) **bool { return &p.Isolated },
	"locked":           func(p *route.BridgePortData) **bool { return &p.Locked },
}

// BridgePortOption reads keyword key into p, taking its value, if it has one, from
// value. It reports whether key is a bridge-port keyword.
func BridgePortOption(key string, value func() (string, error), p *route.BridgePortData) (bool, error) {
	if sw, ok := switches[key]; ok {
		s, err := value()
		if err != nil {
			return true, err
		}
		switch s {
		case "on":
			*sw(p) = new(true)
		case "off":
			*sw(p) = new(false)
		default:
			return true, fmt.Errorf("argument of %q must be \"on\" or \"off\", not %q", key, s)
		}
		return true, nil
	}
	num := func(bits int) (uint64, error) {
		s, err := value()
		if err != nil {
			return 0, err
		}
		n, err := strconv.ParseUint(s, 0, bits)
		if err != nil {
			return 0, fmt.Errorf("argument of %q is invalid: %q", key, s)
		}
		return n, nil
	}
	var err error
	var n uint64
	switch key {
	case "fdb_flush":
		p.Flush = true
	case "state":
		var s string
		if s, err = value(); err != nil {
			return true, err
		}
		st, ok := parseState(s)
		if !ok {
			return true, fmt.Errorf("invalid port state %q", s)
		}
		p.State = &st
	case "priority":
		n, err = num(16)
		p.Priority = new(uint16(n))
	case "cost":
		n, err = num(32)
		p.Cost = new(uint32(n))
	case "mcast_router":
		n, err = num(8)
		p.MulticastRouter = new(uint8(n))
	case "group_fwd_mask":
		n, err = num(16)
		p.GroupFwdMask = new(uint16(n))
	default:
		return false, nil
	}
	return true, err
}

// parseState reads a port state as a number or its name, as iproute2 does.
func parseState(s string) (route.BridgePortState, bool) {
	if n, err := strconv.ParseUint(s, 0, 8); err == nil && n <= uint64(route.BridgePortBlocking) {
		return route.BridgePortState(n), true
	}
	for st := route.BridgePortDisabled; st <= route.BridgePortBlocking; st++ {
		if strings.EqualFold(st.String(), s) {
			return st, true
		}
	}
	return 0, false
}
