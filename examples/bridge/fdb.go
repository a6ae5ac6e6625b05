package main

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/route"
)

const fdbUsage = `Usage: bridge fdb { add | append | del | replace } ADDR dev DEV
              [ self ] [ master ] [ local | static | dynamic ] [ sticky ] [ extern_learn ]
              [ dst IPADDR ] [ vlan VID ] [ port PORT ] [ vni VNI ] [ src_vni VNI ]
              [ via DEV ] [ nhid ID ]
       bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ] [ state STATE ] [ dynamic ] ]
`

func fdbCmd(cl *cli, a []string) error {
	cmd := "show"
	if len(a) > 0 {
		cmd, a = a[0], a[1:]
	}
	switch cmd {
	case "show", "list", "lst", "ls", "sh":
		return fdbShow(cl, args{a})
	case "add", "append", "replace", "delete", "del":
	case "help":
		return usagef("")
	default:
		return usagef("Command %q is unknown, try \"bridge fdb help\".", cmd)
	}
	dev, mac, o, err := parseFDB(args{a})
	if err != nil {
		return err
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	op := map[string]func(context.Context, route.LinkRef, net.HardwareAddr, *route.FDBOptions) error{
		"add": c.FDBAdd, "append": c.FDBAppend, "replace": c.FDBReplace, "delete": c.FDBDel, "del": c.FDBDel,
	}[cmd]
	return op(cl.ctx, dev, mac, o)
}

// parseFDB reads the arguments of fdb add, append, replace and del.
func parseFDB(a args) (route.LinkRef, net.HardwareAddr, *route.FDBOptions, error) {
	o := &route.FDBOptions{}
	var dev route.LinkRef
	var mac net.HardwareAddr
	for a.More() {
		w := a.Next()
		var err error
		var s string
		num := func(bits int) uint64 {
			if s, err = a.Value(w); err != nil {
				return 0
			}
			n, perr := strconv.ParseUint(s, 0, bits)
			if perr != nil {
				err = usagef("Invalid %s %q", w, s)
			}
			return n
		}
		switch w {
		case "dev":
			if s, err = a.Value(w); err == nil {
				dev = route.ByName(s)
			}
		case "self":
			o.Self = true
		case "master":
			o.Master = true
		case "local", "permanent":
			o.State = route.FDBPermanent
		case "static", "temp":
			o.State = route.FDBStatic
		case "dynamic":
			o.State = route.FDBDynamic
		case "sticky":
			o.Sticky = true
		case "extern_learn":
			o.ExtLearned = true
		case "dst":
			if s, err = a.Value(w); err == nil {
				if o.Dst, err = netip.ParseAddr(s); err != nil {
					err = usagef("Invalid address %q", s)
				}
			}
		case "vlan":
			o.VLAN = uint16(num(12))
		case "port", "dst_port":
			o.Port = uint16(num(16))
		case "vni":
			o.VNI = uint32(num(24))
		case "src_vni":
			o.SrcVNI = uint32(num(24))
		case "nhid":
			o.NHID = uint32(num(32))
		case "via":
			if s, err = a.Value(w); err == nil {
				o.Via = route.ByName(s)
			}
		default:
			if mac != nil {
				return dev, nil, nil, usagef("Invalid argument %q", w)
			}
			if mac, err = net.ParseMAC(w); err != nil || len(mac) != 6 {
				return dev, nil, nil, usagef("%q - invalid mac address", w)
			}
		}
		if err != nil {
			return dev, nil, nil, err
		}
	}
	if dev.IsZero() || mac == nil {
		return dev, nil, nil, usagef("Device and address are required arguments.")
	}
	return dev, mac, o, nil
}

// fdbJSON is an entry as bridge -j fdb show prints it, keys in its order.
type fdbJSON struct {
	MAC     string   `json:"mac,omitempty"`
	IfName  string   `json:"ifname,omitempty"`
	Dst     string   `json:"dst,omitempty"`
	VLAN    uint16   `json:"vlan,omitempty"`
	Port    *uint16  `json:"port,omitempty"`
	VNI     *uint32  `json:"vni,omitempty"`
	SrcVNI  *uint32  `json:"src_vni,omitempty"`
	ViaIdx  *uint32  `json:"viaIfIndex,omitempty"`
	ViaIf   string   `json:"viaIf,omitempty"`
	NHID    uint32   `json:"nhid,omitempty"`
	NetNSID *int32   `json:"linkNetNsId,omitempty"`
	Flags   []string `json:"flags"`
	Master  string   `json:"master,omitempty"`
	State   string   `json:"state"`
}

// fdbFlagNames are the entry flags in bridge(8)'s order.
var fdbFlagNames = []struct {
	f    route.NeighFlags
	name string
}{
	{route.NTFSelf, "self"}, {route.NTFRouter, "router"}, {route.NTFExtLearned, "extern_learn"},
	{route.NTFOffloaded, "offload"}, {route.NTFMaster, "master"}, {route.NTFSticky, "sticky"},
}

// fdbState names a state as bridge(8) does.
func fdbState(s route.NeighState) string {
	switch {
	case s&route.NUDPermanent != 0:
		return "permanent"
	case s&route.NUDNoARP != 0:
		return "static"
	case s&route.NUDStale != 0:
		return "stale"
	}
	return ""
}

// fdbStates are the state names of bridge fdb show state STATE.
var fdbStates = map[string]route.NeighState{
	"permanent": route.NUDPermanent, "static": route.NUDNoARP, "temp": route.NUDNoARP, "dynamic": route.NUDReachable,
}

func fdbShow(cl *cli, a args) error {
	var f route.FDBFilter
	devGiven, dynamic := false, false
	var vlan uint64
	var state route.NeighState
	for a.More() {
		w := a.Next()
		if w == "dynamic" {
			dynamic = true
			continue
		}
		s, err := a.Value(w)
		if err != nil {
			return err
		}
		switch w {
		case "br":
			f.Bridge = route.ByName(s)
		case "brport", "dev":
			f.Dev, devGiven = route.ByName(s), true
		case "vlan":
			if vlan, err = strconv.ParseUint(s, 10, 12); err != nil {
				return usagef("Invalid VLAN ID %q", s)
			}
		case "state":
			st, ok := fdbStates[s]
			if !ok {
				n, err := strconv.ParseUint(s, 0, 16)
				if err != nil {
					return usagef("Invalid state %q", s)
				}
				st = route.NeighState(n)
			}
			state |= st
		default:
			return usagef("Invalid argument %q", w)
		}
	}
	// bridge(8) applies these filters to what the kernel sends.
	keep := func(n *route.Neighbour) bool {
		return (state == 0 || n.State&state != 0) && (vlan == 0 || uint64(n.VLAN) == vlan) &&
			!(dynamic && n.State&route.NUDPermanent != 0)
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	ns, err := c.FDBList(cl.ctx, &f)
	if err != nil {
		return err
	}
	var objs []any
	var texts []string
	for _, n := range ns {
		if !keep(n) {
			continue
		}
		j := fdbJSON{Flags: []string{}, State: fdbState(n.State)}
		var b strings.Builder
		if n.LLAddr != nil {
			j.MAC = n.LLAddr.String()
			fmt.Fprintf(&b, "%s ", j.MAC)
		}
		if !devGiven && n.Index != 0 {
			j.IfName = cl.name(n.Index)
			fmt.Fprintf(&b, "dev %s ", j.IfName)
		}
		if n.Dst.IsValid() {
			j.Dst = n.Dst.String()
			fmt.Fprintf(&b, "dst %s ", j.Dst)
		}
		if n.VLAN != 0 {
			j.VLAN = n.VLAN
			fmt.Fprintf(&b, "vlan %d ", n.VLAN)
		}
		if n.Port != 0 {
			j.Port = &n.Port
			fmt.Fprintf(&b, "port %d ", n.Port)
		}
		if n.VNI != 0 {
			j.VNI = &n.VNI
			fmt.Fprintf(&b, "vni %d ", n.VNI)
		}
		if n.SrcVNI != 0 {
			j.SrcVNI = &n.SrcVNI
			fmt.Fprintf(&b, "src_vni %d ", n.SrcVNI)
		}
		if n.IfIndex != 0 {
			if n.LinkNetNSID != nil {
				j.ViaIdx = new(uint32(n.IfIndex))
				fmt.Fprintf(&b, "via ifindex %d ", n.IfIndex)
			} else {
				j.ViaIf = cl.name(n.IfIndex)
				fmt.Fprintf(&b, "via %s ", j.ViaIf)
			}
		}
		if n.NHID != 0 {
			j.NHID = n.NHID
			fmt.Fprintf(&b, "nhid %d ", n.NHID)
		}
		if n.LinkNetNSID != nil {
			j.NetNSID = n.LinkNetNSID
			fmt.Fprintf(&b, "link-netnsid %d ", *n.LinkNetNSID)
		}
		for _, fl := range fdbFlagNames {
			if n.Flags&fl.f != 0 {
				j.Flags = append(j.Flags, fl.name)
				fmt.Fprintf(&b, "%s ", fl.name)
			}
		}
		if n.ExtFlags&route.NTFExtLocked != 0 {
			j.Flags = append(j.Flags, "locked")
			b.WriteString("locked ")
		}
		if n.Master != 0 {
			j.Master = cl.name(n.Master)
			fmt.Fprintf(&b, "master %s ", j.Master)
		}
		state := j.State
		if state == "" && n.State&route.NUDReachable == 0 {
			state = fmt.Sprintf("state=%#x", uint16(n.State))
		}
		b.WriteString(state + "\n")
		objs = append(objs, j)
		texts = append(texts, b.String())
	}
	return cl.print(objs, texts)
}
