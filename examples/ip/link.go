//go:build linux

package main

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/examples/internal/iproute"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

const linkUsage = `Usage: ip link add [link DEV] [name] NAME [address LLADDR] [mtu MTU]
                   [txqueuelen N] [master DEV] [netns NETNS] [up] type TYPE [ARGS]
       ip link set [dev] DEV [up|down] [name NEWNAME] [address LLADDR] [mtu MTU]
                   [txqueuelen N] [master DEV|nomaster] [netns {PID|NAME}]
                   [alias TEXT] [group N] [broadcast LLADDR] [carrier on|off]
                   [{promisc|allmulticast|arp|multicast|dynamic|trailers} on|off]
                   [type bridge_slave [state STATE] [priority N] [cost N] [{guard|hairpin|
                    fastleave|root_block|learning|flood|proxy_arp|mcast_flood|bcast_flood|
                    mcast_to_unicast|neigh_suppress|vlan_tunnel|isolated|locked} on|off]
                    [mcast_router N] [group_fwd_mask N] [fdb_flush]]
       ip link del [dev] DEV
       ip link show [[dev] DEV] [type TYPE] [master DEV] [up]
TYPE := { veth [peer [name] NAME [mtu MTU] [address LLADDR] [txqueuelen N] [netns NETNS]] | bridge [stp_state 0|1] [vlan_filtering 0|1]
          | macvlan|macvtap [mode MODE] | vxlan id VNI [remote|group ADDR] [local ADDR]
            [dev DEV] [dstport PORT] [ttl N] [[no]learning]
          | tun|tap [pi] [vnet_hdr] [multi_queue] [user UID] [group GID] | ifb | dummy
          | vlan id ID [protocol 802.1q|802.1ad] | bond [mode MODE] | vrf table N }
`

func linkCmd(cl *cli, args []string) error {
	cmd := "show"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "show", "list", "lst", "ls", "sh":
		return linkShow(cl, args)
	case "add":
		return linkAdd(cl, args)
	case "set", "change":
		return linkSet(cl, args)
	case "delete", "del", "d":
		return linkDel(cl, args)
	case "help":
		return usagef("")
	}
	return usagef("Command %q is unknown, try \"ip link help\".", cmd)
}

// linkIndex names links by index, for "master" and the lower link.
type linkIndex struct {
	cl    *cli
	links map[netlink.IfIndex]*route.Link
}

func newLinkIndex(cl *cli, ls []*route.Link) *linkIndex {
	x := &linkIndex{cl: cl, links: map[netlink.IfIndex]*route.Link{}}
	for _, l := range ls {
		x.links[l.Index] = l
	}
	return x
}

// get returns link i, asking the kernel for those it has not seen.
func (x *linkIndex) get(i netlink.IfIndex) *route.Link {
	if l, ok := x.links[i]; ok {
		return l
	}
	var l *route.Link
	if c, err := x.cl.client(); err == nil {
		l, _ = c.LinkByIndex(x.cl.ctx, i)
	}
	x.links[i] = l
	return l
}

func (x *linkIndex) name(i netlink.IfIndex) string {
	if l := x.get(i); l != nil {
		return l.Name
	}
	return "if" + strconv.Itoa(int(i))
}

func linkShow(cl *cli, args []string) error {
	var f route.LinkFilter
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
		case "type":
			v, err := a.Value(w)
			if err != nil {
				return err
			}
			f.Kind = v
		case "master":
			v, err := a.Value(w)
			if err != nil {
				return err
			}
			f.Master = linkRef(v)
		case "up":
			up = true
		default:
			if dev != "" {
				return usagef("Either \"dev\" is duplicate, or %q is garbage.", w)
			}
			dev = w
		}
	}
	_, ls, err := cl.links(dev, &f)
	if err != nil {
		return err
	}
	x := newLinkIndex(cl, ls)
	var objs []obj
	var texts []string
	for _, l := range ls {
		if up && l.Flags&route.IffUp == 0 {
			continue
		}
		v := newLinkView(l, x, cl.Details, false)
		objs = append(objs, v.object())
		texts = append(texts, v.text())
	}
	return cl.printAll(objs, texts)
}

// linkView is a link as ip(8) shows it, with the names of the links it
// refers to.
type linkView struct {
	l         *route.Link
	lower     string // the lower link's name, or "" without one
	lowerDown bool
	master    string
	details   bool
	forAddr   bool // ip addr leaves out the link mode and alias
	noLL      bool // ip -4/-6 addr leaves out the link-layer line
	x         *linkIndex
}

func newLinkView(l *route.Link, x *linkIndex, details, forAddr bool) *linkView {
	v := &linkView{l: l, details: details, forAddr: forAddr, x: x}
	if l.Link != 0 && l.LinkNetNSID == nil {
		lower := x.get(l.Link)
		v.lower = x.name(l.Link)
		v.lowerDown = lower != nil && lower.Flags&route.IffUp == 0
	}
	if l.Master != nil && *l.Master != 0 {
		v.master = x.name(*l.Master)
	}
	return v
}

func groupName(g *uint32) string {
	if g == nil || *g == 0 {
		return "default"
	}
	return strconv.FormatUint(uint64(*g), 10)
}

func (v *linkView) object() obj {
	l := v.l
	var o obj
	o.add("ifindex", l.Index)
	switch {
	case l.Link != 0 && l.LinkNetNSID != nil:
		o.add("link_index", l.Link)
	case l.Link != 0:
		o.add("link", v.lower)
	}
	o.add("ifname", l.Name)
	o.add("flags", linkFlags(l.Flags, v.lowerDown))
	o.add("mtu", l.MTU)
	if l.Qdisc != "" {
		o.add("qdisc", l.Qdisc)
	}
	if v.master != "" {
		o.add("master", v.master)
	}
	o.add("operstate", l.OperState.String())
	if !v.forAddr {
		o.add("linkmode", l.LinkMode.String())
	}
	o.add("group", groupName(l.Group))
	if l.TxQueueLen != nil && *l.TxQueueLen != 0 {
		o.add("txqlen", *l.TxQueueLen)
	}
	if !v.noLL {
		o.add("link_type", linkTypeName(l.Type))
		if l.Address != nil {
			o.add("address", l.Address.String())
		}
		if l.Broadcast != nil {
			if l.Flags&route.IffPointToPoint != 0 {
				o.add("link_pointtopoint", true)
			}
			o.add("broadcast", l.Broadcast.String())
		}
		if l.LinkNetNSID != nil {
			o.add("link_netnsid", *l.LinkNetNSID)
		}
	}
	if v.details {
		o.add("promiscuity", l.Promiscuity)
		o.add("allmulti", l.AllMulti)
		o.add("min_mtu", l.MinMTU)
		o.add("max_mtu", l.MaxMTU)
		if li := linkInfoObject(l.LinkInfo, v); li != nil {
			o.add("linkinfo", li)
		}
		if m := addrGenMode(l); m != "" {
			o.add("inet6_addr_gen_mode", m)
		}
		o.add("num_tx_queues", l.NumTxQueues)
		o.add("num_rx_queues", l.NumRxQueues)
		o.add("gso_max_size", l.GSOMaxSize)
		o.add("gso_max_segs", l.GSOMaxSegs)
		o.add("tso_max_size", l.TSOMaxSize)
		o.add("tso_max_segs", l.TSOMaxSegs)
		o.add("gro_max_size", l.GROMaxSize)
		if l.ParentDevBusName != "" {
			o.add("parentbus", l.ParentDevBusName)
		}
		if l.ParentDevName != "" {
			o.add("parentdev", l.ParentDevName)
		}
	}
	if l.Alias != nil && *l.Alias != "" && !v.forAddr {
		o.add("ifalias", *l.Alias)
	}
	if l.PropList != nil && len(l.PropList.AltNames) > 0 {
		o.add("altnames", l.PropList.AltNames)
	}
	return o
}

// addrGenMode names the link's IPv6 address generation mode as ip(8) does.
func addrGenMode(l *route.Link) string {
	spec, ok := l.AFSpec.(*route.LinkAFSpec)
	if !ok || spec.Inet6 == nil || spec.Inet6.AddrGenMode == nil {
		return ""
	}
	m := *spec.Inet6.AddrGenMode
	if names := []string{"eui64", "none", "stable_secret", "random"}; int(m) < len(names) {
		return names[m]
	}
	return strconv.Itoa(int(m))
}

// text writes the link's lines as ip link show does.
func (v *linkView) text() string {
	l := v.l
	var b strings.Builder
	fmt.Fprintf(&b, "%d: %s", l.Index, l.Name)
	switch {
	case l.Link != 0 && l.LinkNetNSID != nil:
		fmt.Fprintf(&b, "@if%d", l.Link)
	case l.Link != 0:
		fmt.Fprintf(&b, "@%s", v.lower)
	}
	fmt.Fprintf(&b, ": <%s> mtu %d", strings.Join(linkFlags(l.Flags, v.lowerDown), ","), l.MTU)
	if l.Qdisc != "" {
		fmt.Fprintf(&b, " qdisc %s", l.Qdisc)
	}
	if v.master != "" {
		fmt.Fprintf(&b, " master %s", v.master)
	}
	fmt.Fprintf(&b, " state %s", l.OperState)
	if !v.forAddr {
		fmt.Fprintf(&b, " mode %s", l.LinkMode)
	}
	fmt.Fprintf(&b, " group %s", groupName(l.Group))
	if l.TxQueueLen != nil && *l.TxQueueLen != 0 {
		fmt.Fprintf(&b, " qlen %d", *l.TxQueueLen)
	}
	if !v.noLL {
		fmt.Fprintf(&b, "\n    link/%s ", linkTypeName(l.Type))
		if l.Address != nil {
			fmt.Fprintf(&b, "%s", l.Address)
		}
		if l.Broadcast != nil {
			if l.Flags&route.IffPointToPoint != 0 {
				fmt.Fprintf(&b, " peer %s", l.Broadcast)
			} else {
				fmt.Fprintf(&b, " brd %s", l.Broadcast)
			}
		}
		if l.LinkNetNSID != nil {
			fmt.Fprintf(&b, " link-netnsid %d", *l.LinkNetNSID)
		}
	}
	if v.details {
		fmt.Fprintf(&b, " promiscuity %d  allmulti %d minmtu %d maxmtu %d ", l.Promiscuity, l.AllMulti, l.MinMTU, l.MaxMTU)
		if s := linkInfoText(l.LinkInfo, v); s != "" {
			b.WriteString("\n    " + s)
		}
		if m := addrGenMode(l); m != "" {
			fmt.Fprintf(&b, "addrgenmode %s ", m)
		}
		fmt.Fprintf(&b, "numtxqueues %d numrxqueues %d gso_max_size %d gso_max_segs %d tso_max_size %d tso_max_segs %d gro_max_size %d ",
			l.NumTxQueues, l.NumRxQueues, l.GSOMaxSize, l.GSOMaxSegs, l.TSOMaxSize, l.TSOMaxSegs, l.GROMaxSize)
	}
	b.WriteString("\n")
	if l.Alias != nil && *l.Alias != "" && !v.forAddr {
		fmt.Fprintf(&b, "    alias %s\n", *l.Alias)
	}
	if l.PropList != nil {
		for _, n := range l.PropList.AltNames {
			fmt.Fprintf(&b, "    altname %s\n", n)
		}
	}
	return b.String()
}

// linkAdd parses `ip link add` and creates the link.
func linkAdd(cl *cli, args []string) error {
	var name, kindName, parent string
	o := &route.LinkOptions{}
	a := argv{args}
	for a.More() {
		w := a.Next()
		if w == "type" {
			v, err := a.Value(w)
			if err != nil {
				return err
			}
			kindName = v
			break
		}
		done, err := linkOption(&a, w, o, true)
		if err != nil {
			return err
		}
		if done {
			continue
		}
		switch w {
		case "link":
			if parent, err = a.Value(w); err != nil {
				return err
			}
		case "name", "dev":
			if name, err = a.Value(w); err != nil {
				return err
			}
		default:
			if name != "" {
				return usagef("Either \"name\" is duplicate, or %q is garbage.", w)
			}
			name = w
		}
	}
	if name == "" {
		return usagef("Not enough information: \"dev\" argument is required.")
	}
	if kindName == "" {
		return usagef("Not enough information: \"type\" argument is required.")
	}
	kind, err := parseKind(kindName, parent, &a)
	if err != nil {
		return err
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	return c.LinkAdd(cl.ctx, name, kind, o)
}

// linkOption reads one setting shared by link add and link set. It
// reports whether w was one.
func linkOption(a *argv, w string, o *route.LinkOptions, adding bool) (bool, error) {
	var err error
	var n uint64
	switch w {
	case "up":
		o.Up = new(true)
	case "down":
		o.Up = new(false)
	case "mtu":
		n, err = a.uintValue(w, 32)
		o.MTU = uint32(n)
	case "address":
		var s string
		if s, err = a.Value(w); err == nil {
			if o.HardwareAddr, err = net.ParseMAC(s); err != nil {
				err = usagef("%q is not a valid link-layer address", s)
			}
		}
	case "txqueuelen", "txqlen", "qlen":
		n, err = a.uintValue(w, 32)
		o.TxQueueLen = new(uint32(n))
	case "master":
		o.Master, err = a.link(w)
	case "netns":
		var s string
		if s, err = a.Value(w); err == nil {
			o.NetNS = parseNetNS(s)
		}
	case "nomaster":
		if adding {
			return false, nil
		}
		o.NoMaster = true
	case "alias":
		var s string
		s, err = a.Value(w)
		o.Alias = new(s)
	case "group":
		n, err = a.uintValue(w, 32)
		o.Group = new(uint32(n))
	case "promisc", "allmulticast", "arp", "multicast", "dynamic", "trailers", "carrier":
		var on bool
		on, err = a.onOff(w)
		*map[string]**bool{"promisc": &o.Promisc, "allmulticast": &o.AllMulticast, "arp": &o.ARP,
			"multicast": &o.Multicast, "dynamic": &o.Dynamic, "trailers": &o.Trailers, "carrier": &o.Carrier}[w] = new(on)
	case "broadcast", "brd":
		var s string
		if s, err = a.Value(w); err == nil {
			if o.Broadcast, err = net.ParseMAC(s); err != nil {
				err = usagef("%q is not a valid link-layer address", s)
			}
		}
	default:
		return false, nil
	}
	return true, err
}

// parseNetNS reads a namespace as ip(8) does: a number is a process.
func parseNetNS(s string) conn.NetNS {
	if pid, err := strconv.Atoi(s); err == nil {
		return conn.NetNSPID(pid)
	}
	return conn.NetNSName(s)
}

// linkRef names a link by name, as ip(8) takes it; "" is no link.
func linkRef(name string) route.LinkRef {
	if name == "" {
		return route.LinkRef{}
	}
	return route.ByName(name)
}

// parseKind reads the type and its arguments.
func parseKind(kind, parent string, a *argv) (route.LinkKind, error) {
	var k route.LinkKind
	switch kind {
	case "veth":
		v := &route.Veth{}
		for a.More() {
			switch w := a.Next(); w {
			case "peer":
			case "name":
				s, err := a.Value(w)
				if err != nil {
					return nil, err
				}
				v.Peer = s
			case "netns", "mtu", "address", "txqueuelen", "txqlen", "qlen":
				// The peer's own settings, read as the first end's are.
				var po route.LinkOptions
				if _, err := linkOption(a, w, &po, true); err != nil {
					return nil, err
				}
				if !po.NetNS.IsZero() {
					v.PeerNetNS = po.NetNS
				}
				if po.MTU != 0 {
					v.PeerMTU = po.MTU
				}
				if po.HardwareAddr != nil {
					v.PeerHardwareAddr = po.HardwareAddr
				}
				if po.TxQueueLen != nil {
					v.PeerTxQueueLen = po.TxQueueLen
				}
			default:
				if v.Peer != "" {
					return nil, usagef("veth: %q is garbage", w)
				}
				v.Peer = w
			}
		}
		return v, nil
	case "bridge":
		b := &route.Bridge{}
		for a.More() {
			w := a.Next()
			n, err := a.uintValue(w, 1)
			if err != nil {
				return nil, err
			}
			switch w {
			case "stp_state":
				b.STP = new(n == 1)
			case "vlan_filtering":
				b.VLANFiltering = new(n == 1)
			default:
				return nil, usagef("bridge: unknown option %q", w)
			}
		}
		return b, nil
	case "macvlan", "macvtap":
		m := &route.Macvlan{Parent: linkRef(parent)}
		for a.More() {
			w := a.Next()
			if w != "mode" {
				return nil, usagef("%s: unknown option %q", kind, w)
			}
			s, err := a.Value(w)
			if err != nil {
				return nil, err
			}
			if m.Mode, err = parseMacvlanMode(s); err != nil {
				return nil, err
			}
		}
		if kind == "macvtap" {
			return (*route.Macvtap)(m), nil
		}
		return m, nil
	case "vxlan":
		return parseVxlan(a)
	case "tun", "tap":
		t := &route.Tun{Tap: kind == "tap"}
		for a.More() {
			switch w := a.Next(); w {
			case "pi":
				t.PI = true
			case "vnet_hdr":
				t.VnetHdr = true
			case "multi_queue":
				t.MultiQueue = true
			case "user", "group":
				n, err := a.uintValue(w, 32)
				if err != nil {
					return nil, err
				}
				if w == "user" {
					t.Owner = new(uint32(n))
				} else {
					t.Group = new(uint32(n))
				}
			default:
				return nil, usagef("%s: unknown option %q", kind, w)
			}
		}
		return t, nil
	case "vlan":
		v := &route.VLAN{Parent: linkRef(parent)}
		for a.More() {
			switch w := a.Next(); w {
			case "id":
				n, err := a.uintValue(w, 12)
				if err != nil {
					return nil, err
				}
				v.ID = uint16(n)
			case "protocol":
				s, err := a.Value(w)
				if err != nil {
					return nil, err
				}
				switch strings.ToLower(s) {
				case "802.1q":
					v.Protocol = route.VLANProtocol8021Q
				case "802.1ad":
					v.Protocol = route.VLANProtocol8021AD
				default:
					return nil, usagef("vlan: unknown protocol %q", s)
				}
			default:
				return nil, usagef("vlan: unknown option %q", w)
			}
		}
		return v, nil
	case "bond":
		b := &route.Bond{}
		for a.More() {
			w := a.Next()
			if w != "mode" {
				return nil, usagef("bond: unknown option %q", w)
			}
			s, err := a.Value(w)
			if err != nil {
				return nil, err
			}
			found := false
			for m := range route.BondMode(7) {
				if m.String() == s {
					b.Mode, found = m, true
				}
			}
			if !found {
				return nil, usagef("bond: unknown mode %q", s)
			}
		}
		return b, nil
	case "vrf":
		v := &route.VRF{}
		for a.More() {
			w := a.Next()
			if w != "table" {
				return nil, usagef("vrf: unknown option %q", w)
			}
			n, err := a.uintValue(w, 32)
			if err != nil {
				return nil, err
			}
			v.Table = uint32(n)
		}
		return v, nil
	case "ifb":
		k = &route.IFB{}
	case "dummy":
		k = &route.Dummy{}
	default:
		k = &route.GenericKind{Name: kind, Parent: linkRef(parent)}
	}
	if a.More() {
		return nil, usagef("%s: unknown option %q", kind, a.Args[0])
	}
	return k, nil
}

func parseVxlan(a *argv) (*route.Vxlan, error) {
	v := &route.Vxlan{}
	addr := func(w string) (netip.Addr, error) {
		s, err := a.Value(w)
		if err != nil {
			return netip.Addr{}, err
		}
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return ip, usagef("vxlan: invalid address %q", s)
		}
		return ip, nil
	}
	idSet := false
	for a.More() {
		var err error
		var n uint64
		switch w := a.Next(); w {
		case "id", "vni":
			n, err = a.uintValue(w, 24)
			v.ID, idSet = uint32(n), true
		case "remote":
			v.Remote, err = addr(w)
		case "group":
			v.Group, err = addr(w)
		case "local":
			v.Local, err = addr(w)
		case "dev":
			v.Dev, err = a.link(w)
		case "dstport":
			n, err = a.uintValue(w, 16)
			v.Port = uint16(n)
		case "ttl", "hoplimit":
			n, err = a.uintValue(w, 8)
			v.TTL = uint8(n)
		case "learning":
			v.Learning = new(true)
		case "nolearning":
			v.Learning = new(false)
		default:
			return nil, usagef("vxlan: unknown option %q", w)
		}
		if err != nil {
			return nil, err
		}
	}
	if !idSet {
		return nil, usagef("vxlan: missing virtual network identifier (id)")
	}
	return v, nil
}

// linkSet parses `ip link set` and applies it.
func linkSet(cl *cli, args []string) error {
	var dev string
	o := &route.LinkOptions{}
	a := argv{args}
	for a.More() {
		w := a.Next()
		done, err := linkOption(&a, w, o, false)
		if err != nil {
			return err
		}
		if done {
			continue
		}
		switch w {
		case "name":
			if o.NewName, err = a.Value(w); err != nil {
				return err
			}
		case "type":
			if err := bridgeSlave(&a, o); err != nil {
				return err
			}
		case "dev":
			if dev, err = a.Value(w); err != nil {
				return err
			}
		default:
			if dev != "" {
				return usagef("Either \"dev\" is duplicate, or %q is garbage.", w)
			}
			dev = w
		}
	}
	if dev == "" {
		return usagef("Not enough information: \"dev\" argument is required.")
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	return c.LinkSet(cl.ctx, linkRef(dev), o)
}

// bridgeSlave reads `type bridge_slave [OPTIONS]`, the rest of the line.
func bridgeSlave(a *argv, o *route.LinkOptions) error {
	kind, err := a.Value("type")
	if err != nil {
		return err
	}
	if kind != "bridge_slave" {
		return usagef("link set: type %q cannot be changed here; only bridge_slave options can", kind)
	}
	o.BridgePort = &route.BridgePortData{}
	for a.More() {
		w := a.Next()
		ok, err := iproute.BridgePortOption(w, func() (string, error) { return a.Value(w) }, o.BridgePort)
		switch {
		case !ok:
			return usagef("bridge_slave: unknown option %q", w)
		case err != nil:
			return asUsage(err)
		}
	}
	return nil
}

func linkDel(cl *cli, args []string) error {
	var dev string
	a := argv{args}
	for a.More() {
		switch w := a.Next(); w {
		case "dev":
			v, err := a.Value(w)
			if err != nil {
				return err
			}
			dev = v
		case "type":
			if _, err := a.Value(w); err != nil {
				return err
			}
		default:
			if dev != "" {
				return usagef("Either \"dev\" is duplicate, or %q is garbage.", w)
			}
			dev = w
		}
	}
	if dev == "" {
		return usagef("Not enough information: \"dev\" argument is required.")
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	return c.LinkDel(cl.ctx, linkRef(dev))
}
