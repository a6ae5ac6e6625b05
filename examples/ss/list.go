package main

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
	"github.com/nltag/go-netlink/sockdiag"
)

// row is one socket as ss prints it.
type row struct {
	netid, state, recvQ, sendQ, local, peer string
	more                                    string // -m, -i: the line below
	tail                                    string // -m of unix sockets: the end of the line
}

// The states ss lists by default: SS_CONN, every state but listening,
// closed, TIME-WAIT and SYN-RECV; for UDP, connected sockets only.
var (
	connected = sockdiag.AllStates &^ sockdiag.StatesOf(sockdiag.StateListen, sockdiag.StateClose, sockdiag.StateTimeWait, sockdiag.StateSynRecv)
	listening = sockdiag.StatesOf(sockdiag.StateListen, sockdiag.StateClose)
)

// states returns the states o lists: the union of the defaults of the
// kinds of sockets it selects, as ss(8) has one set for all.
func (o *options) states() sockdiag.States {
	switch {
	case o.all:
		return sockdiag.AllStates
	case o.listening:
		return listening
	case o.tcp || o.unix:
		return connected
	}
	return sockdiag.StatesOf(sockdiag.StateEstablished)
}

// list gathers the rows in ss's order: unix, UDP, TCP.
func list(ctx context.Context, o *options) ([]row, error) {
	var ns conn.NetNS
	if o.netns != "" {
		ns = conn.NetNSName(o.netns)
	}
	devs := &devNames{ns: ns}
	c, err := sockdiag.Dial(ctx, &sockdiag.Options{NetNS: ns})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	states := o.states()
	var rows []row
	if o.unix {
		f := &sockdiag.UnixFilter{States: states}
		if o.mem {
			f.Show = sockdiag.DefaultShow | sockdiag.ShowMemInfo
		}
		us, err := c.UnixList(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			r := unixRow(u)
			if o.mem {
				r.tail = skmem(u.MemInfo)
			}
			rows = append(rows, r)
		}
	}
	var fam sockdiag.Family
	switch {
	case o.ipv4:
		fam = sockdiag.FamilyIPv4
	case o.ipv6:
		fam = sockdiag.FamilyIPv6
	}
	for _, p := range []struct {
		on    bool
		proto sockdiag.Protocol
		netid string
	}{{o.udp, sockdiag.ProtocolUDP, "udp"}, {o.tcp, sockdiag.ProtocolTCP, "tcp"}} {
		if !p.on {
			continue
		}
		f := &sockdiag.InetFilter{Family: fam, Protocol: p.proto, States: states, Filter: o.filter}
		if o.info && p.proto == sockdiag.ProtocolTCP {
			f.Ext |= sockdiag.ExtInfo | sockdiag.ExtCong | sockdiag.ExtVegasInfo
		}
		if o.mem {
			f.Ext |= sockdiag.ExtSkMemInfo
		}
		ss, err := c.InetList(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			var dev string
			if s.ID.Interface != 0 {
				if dev, err = devs.name(ctx, s.ID.Interface); err != nil {
					return nil, err
				}
			}
			r := inetRow(p.netid, s, dev)
			if o.mem {
				r.more = skmem(s.SkMemInfo)
			}
			if o.info && s.Info != nil {
				r.more += tcpInfo(s)
			}
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// stateNames are ss's names of the states.
var stateNames = map[sockdiag.State]string{
	sockdiag.StateEstablished:   "ESTAB",
	sockdiag.StateSynSent:       "SYN-SENT",
	sockdiag.StateSynRecv:       "SYN-RECV",
	sockdiag.StateFinWait1:      "FIN-WAIT-1",
	sockdiag.StateFinWait2:      "FIN-WAIT-2",
	sockdiag.StateTimeWait:      "TIME-WAIT",
	sockdiag.StateClose:         "UNCONN",
	sockdiag.StateCloseWait:     "CLOSE-WAIT",
	sockdiag.StateLastAck:       "LAST-ACK",
	sockdiag.StateListen:        "LISTEN",
	sockdiag.StateClosing:       "CLOSING",
	sockdiag.StateNewSynRecv:    "SYN-RECV",
	sockdiag.StateBoundInactive: "BOUND-INACTIVE",
}

func stateName(s sockdiag.State) string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return "UNKNOWN"
}

// devNames names interfaces by index, as ss shows the device a socket is
// bound to ("127.0.0.1%lo:53"), asking rtnetlink in the same namespace on
// first use.
type devNames struct {
	ns    conn.NetNS
	names map[netlink.IfIndex]string
}

func (d *devNames) name(ctx context.Context, i netlink.IfIndex) (string, error) {
	if d.names == nil {
		rc, err := route.Dial(ctx, &route.Options{NetNS: d.ns})
		if err != nil {
			return "", err
		}
		defer rc.Close()
		links, err := rc.LinkList(ctx, nil)
		if err != nil {
			return "", err
		}
		d.names = map[netlink.IfIndex]string{}
		for _, l := range links {
			d.names[l.Index] = l.Name
		}
	}
	if n, ok := d.names[i]; ok {
		return n, nil
	}
	return strconv.Itoa(int(i)), nil
}

// inetRow makes the row of s; dev, if not empty, is the name of the
// device s is bound to.
func inetRow(netid string, s *sockdiag.InetSocket, dev string) row {
	// An IPv6 socket that takes IPv4 too shows its unspecified addresses
	// as "*"; the kernel says only of listening and closed sockets, and
	// ss takes the others for dual-stack.
	dual := s.V6Only == nil || *s.V6Only == 0
	endpoint := func(a netip.Addr, port uint16, dev string) string {
		host := a.String()
		switch {
		case a.Is6() && a.IsUnspecified() && dual:
			host = "*"
		case a.Is6():
			host = "[" + host + "]"
		}
		if dev != "" {
			host += "%" + dev
		}
		if port == 0 {
			return host + ":*"
		}
		return host + ":" + strconv.Itoa(int(port))
	}
	return row{
		netid: netid,
		state: stateName(s.State),
		recvQ: strconv.FormatUint(uint64(s.RQueue), 10),
		sendQ: strconv.FormatUint(uint64(s.WQueue), 10),
		local: endpoint(s.Src(), s.ID.SrcPort, dev),
		peer:  endpoint(s.Dst(), s.ID.DstPort, ""),
	}
}

var unixNetids = map[sockdiag.SockType]string{
	sockdiag.SockStream:    "u_str",
	sockdiag.SockDgram:     "u_dgr",
	sockdiag.SockSeqPacket: "u_seq",
}

func unixRow(u *sockdiag.UnixSocket) row {
	netid, ok := unixNetids[u.Type]
	if !ok {
		netid = "???"
	}
	name := u.Path.String()
	if name == "" {
		name = "*"
	}
	var peer uint32
	if u.Peer != nil {
		peer = *u.Peer
	}
	r := row{
		netid: netid,
		state: stateName(u.State),
		recvQ: "0",
		sendQ: "0",
		local: fmt.Sprintf("%s %d", name, u.Inode),
		peer:  fmt.Sprintf("* %d", peer),
	}
	if u.RQLen != nil {
		r.recvQ = strconv.FormatUint(uint64(u.RQLen.RQueue), 10)
		r.sendQ = strconv.FormatUint(uint64(u.RQLen.WQueue), 10)
	}
	return r
}
