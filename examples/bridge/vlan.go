package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/route"
)

const vlanUsage = `Usage: bridge vlan { add | del } vid VLAN_ID[-VLAN_END] dev DEV
                      [ tunnel_info id TUNNEL_ID[-TUNNEL_END] ]
                      [ pvid ] [ untagged ] [ self ] [ master ]
       bridge vlan [ show ] [ dev DEV ]
`

func vlanCmd(cl *cli, a []string) error {
	cmd := "show"
	if len(a) > 0 {
		cmd, a = a[0], a[1:]
	}
	switch cmd {
	case "show", "list", "lst", "ls", "sh":
		return vlanShow(cl, args{a})
	case "add", "delete", "del":
	case "help":
		return usagef("")
	default:
		return usagef("Command %q is unknown, try \"bridge vlan help\".", cmd)
	}
	dev, v, err := parseVLAN(args{a})
	if err != nil {
		return err
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	if cmd == "add" {
		return c.BridgeVLANAdd(cl.ctx, dev, v)
	}
	return c.BridgeVLANDel(cl.ctx, dev, v)
}

// parseRange reads N or N-M.
func parseRange(key, s string, bits int) (uint64, uint64, error) {
	first, last, isRange := strings.Cut(s, "-")
	n, err := strconv.ParseUint(first, 10, bits)
	if err != nil {
		return 0, 0, usagef("Invalid %s %q", key, s)
	}
	if !isRange {
		return n, 0, nil
	}
	m, err := strconv.ParseUint(last, 10, bits)
	if err != nil {
		return 0, 0, usagef("Invalid %s %q", key, s)
	}
	return n, m, nil
}

// parseVLAN reads the arguments of vlan add and del.
func parseVLAN(a args) (route.LinkRef, *route.BridgeVLAN, error) {
	v := &route.BridgeVLAN{}
	var dev route.LinkRef
	var tunEnd uint64
	vidGiven := false
	for a.More() {
		w := a.Next()
		var err error
		var s string
		switch w {
		case "dev":
			if s, err = a.Value(w); err == nil {
				dev = route.ByName(s)
			}
		case "vid":
			var n, m uint64
			if s, err = a.Value(w); err == nil {
				n, m, err = parseRange("VLAN ID", s, 16)
				v.VID, v.VIDEnd, vidGiven = uint16(n), uint16(m), true
			}
		case "tunnel_info":
			if s, err = a.Value(w); err == nil && s == "id" {
				s, err = a.Value(w)
			}
			if err == nil {
				var n uint64
				n, tunEnd, err = parseRange("tunnel id", s, 32)
				v.TunnelID = uint32(n)
			}
		case "pvid":
			v.PVID = true
		case "untagged":
			v.Untagged = true
		case "self":
			v.Self = true
		case "master":
			v.Master = true
		default:
			return dev, nil, usagef("Invalid argument %q", w)
		}
		if err != nil {
			return dev, nil, err
		}
	}
	switch {
	case dev.IsZero():
		return dev, nil, usagef("Device is a required argument.")
	case !vidGiven:
		return dev, nil, usagef("VLAN ID must be specified.")
	case tunEnd != 0 && tunEnd-uint64(v.TunnelID) != uint64(v.VIDEnd)-uint64(v.VID):
		return dev, nil, usagef("the tunnel id range must match the VLAN range")
	}
	return dev, v, nil
}

// vlanPort is a port as bridge -j vlan show prints it.
type vlanPort struct {
	IfName string      `json:"ifname"`
	VLANs  []vlanEntry `json:"vlans"`
}

type vlanEntry struct {
	VLAN    uint16   `json:"vlan"`
	VLANEnd uint16   `json:"vlanEnd,omitempty"`
	Flags   []string `json:"flags,omitempty"`
}

func vlanShow(cl *cli, a args) error {
	f := route.BridgeLinkFilter{VLANRanges: true}
	for a.More() {
		w := a.Next()
		if w != "dev" {
			return usagef("Invalid argument %q", w)
		}
		s, err := a.Value(w)
		if err != nil {
			return err
		}
		f.Dev = route.ByName(s)
	}
	ls, err := cl.bridgeLinks(&f)
	if err != nil {
		return err
	}
	var objs []any
	var b strings.Builder
	fmt.Fprintf(&b, "%-16s  %-9s\n", "port", "vlan-id")
	for _, l := range ls {
		spec, ok := l.AFSpec.(*route.BridgeAFSpec)
		if !ok || len(spec.VLANs) == 0 {
			continue
		}
		p := vlanPort{IfName: l.Name}
		var start uint16
		for _, v := range spec.VLANs {
			if v.Flags&route.BridgeVLANRangeBegin != 0 {
				start = v.VID
				continue
			}
			e := vlanEntry{VLAN: v.VID}
			if v.Flags&route.BridgeVLANRangeEnd != 0 {
				e.VLAN, e.VLANEnd = start, v.VID
			}
			if v.Flags&route.BridgeVLANPVID != 0 {
				e.Flags = append(e.Flags, "PVID")
			}
			if v.Flags&route.BridgeVLANUntagged != 0 {
				e.Flags = append(e.Flags, "Egress Untagged")
			}
			p.VLANs = append(p.VLANs, e)
		}
		for i, e := range p.VLANs {
			name := ""
			if i == 0 {
				name = l.Name
			}
			fmt.Fprintf(&b, "%-16s  %d", name, e.VLAN)
			if e.VLANEnd != 0 {
				fmt.Fprintf(&b, "-%d", e.VLANEnd)
			}
			for _, fl := range e.Flags {
				b.WriteString(" " + fl)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
		objs = append(objs, p)
	}
	return cl.print(objs, []string{b.String()})
}
