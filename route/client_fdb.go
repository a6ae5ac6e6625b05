package route

import (
	"context"
	"fmt"
	"net"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
)

// FDBState is how long a forwarding database entry lives, as `bridge fdb
// add` spells it.
type FDBState uint8

// The entry kinds.
const (
	// FDBPermanent is a local entry: frames to it are delivered to this
	// host. It is the default, as in bridge(8).
	FDBPermanent FDBState = iota
	// FDBStatic is an entry that never ages and points at a port.
	FDBStatic
	// FDBDynamic is an entry that ages out as learned ones do.
	FDBDynamic
)

// nud returns the NUD state bridge(8) sends for s.
func (s FDBState) nud() (NeighState, error) {
	switch s {
	case FDBPermanent:
		return NUDNoARP | NUDPermanent, nil
	case FDBStatic:
		return NUDNoARP | NUDReachable, nil
	case FDBDynamic:
		return NUDReachable, nil
	}
	return 0, argErr("FDBOptions.State", "unknown state %d", s)
}

// FDBOptions describe a forwarding database entry of a bridge or a vxlan
// device beyond its link-layer address and link: what follows `bridge fdb
// add LLADDR dev DEV`.
type FDBOptions struct {
	// Master puts the entry in the FDB of the bridge the link is a port of;
	// Self in the link's own (a vxlan device's remotes, a bridge's local
	// addresses). With neither, Self is assumed, as in bridge(8).
	Master bool
	Self   bool
	// State is the entry's kind; the zero value is FDBPermanent.
	State FDBState
	// Sticky entries do not move to another port; ExtLearned marks entries
	// learned by a control plane (extern_learn).
	Sticky     bool
	ExtLearned bool
	// Dst is the remote tunnel end of a vxlan entry. The all-zeros address
	// with Append adds a head-end replication target, as `bridge fdb append
	// 00:00:00:00:00:00 dev vxlan0 dst IP`.
	Dst netip.Addr
	// VLAN is the VLAN of a bridge entry (0: none).
	VLAN uint16
	// Port is the vxlan destination UDP port (0: the device's).
	Port uint16
	// VNI is the vxlan network identifier of the remote (0: the device's);
	// SrcVNI the source VNI of a collect-metadata device.
	VNI    uint32
	SrcVNI uint32
	// Via is the outgoing link towards Dst.
	Via LinkRef
	// NHID sends to a nexthop group instead of Dst.
	NHID uint32
}

// FDBAdd adds an entry for lladdr on link dev: `bridge fdb add LLADDR dev
// DEV`. An entry that exists already gives an error matching unix.EEXIST.
func (c *Client) FDBAdd(ctx context.Context, dev LinkRef, lladdr net.HardwareAddr, o *FDBOptions) error {
	return c.fdb(ctx, "add", unix.RTM_NEWNEIGH, netlink.Create|netlink.Excl, dev, lladdr, o)
}

// FDBAppend adds an entry alongside those for the same address, as vxlan
// devices keep several remotes for one address: `bridge fdb append`.
func (c *Client) FDBAppend(ctx context.Context, dev LinkRef, lladdr net.HardwareAddr, o *FDBOptions) error {
	return c.fdb(ctx, "append", unix.RTM_NEWNEIGH, netlink.Create|netlink.Append, dev, lladdr, o)
}

// FDBReplace adds an entry or changes the existing one: `bridge fdb
// replace`.
func (c *Client) FDBReplace(ctx context.Context, dev LinkRef, lladdr net.HardwareAddr, o *FDBOptions) error {
	return c.fdb(ctx, "replace", unix.RTM_NEWNEIGH, netlink.Create|netlink.Replace, dev, lladdr, o)
}

// FDBDel deletes the entry for lladdr on dev: `bridge fdb del`. Of a vxlan
// address with several remotes, Dst (and Port, VNI, Via) select the one.
func (c *Client) FDBDel(ctx context.Context, dev LinkRef, lladdr net.HardwareAddr, o *FDBOptions) error {
	return c.fdb(ctx, "del", unix.RTM_DELNEIGH, 0, dev, lladdr, o)
}

func (c *Client) fdb(ctx context.Context, verb string, typ netlink.MsgType, flags netlink.Flags, dev LinkRef, lladdr net.HardwareAddr, o *FDBOptions) error {
	op := fmt.Sprintf("fdb %s %s dev %s", verb, lladdr, dev)
	if o == nil {
		o = &FDBOptions{}
	}
	if err := checkHardwareAddr("lladdr", lladdr, 6); err != nil {
		return opError(op, err)
	}
	if lladdr == nil {
		return opError(op, argErr("lladdr", "no link-layer address given"))
	}
	if o.NHID != 0 && o.Dst.IsValid() {
		return opError(op, argErr("FDBOptions.NHID", "given with Dst"))
	}
	state, err := o.State.nud()
	if err != nil {
		return opError(op, err)
	}
	i, err := c.index(ctx, "dev", dev)
	if err != nil {
		return opError(op, err)
	}
	via, err := c.optIndex(ctx, "FDBOptions.Via", o.Via)
	if err != nil {
		return opError(op, err)
	}
	n := &Neighbour{Family: FamilyBridge, Index: i, State: state, LLAddr: lladdr, Dst: o.Dst.Unmap(),
		VLAN: o.VLAN, Port: o.Port, VNI: o.VNI, SrcVNI: o.SrcVNI, IfIndex: via, NHID: o.NHID}
	for _, f := range []struct {
		on   bool
		flag NeighFlags
	}{{o.Master, NTFMaster}, {o.Self, NTFSelf}, {o.Sticky, NTFSticky}, {o.ExtLearned, NTFExtLearned}} {
		if f.on {
			n.Flags |= f.flag
		}
	}
	if n.Flags&(NTFMaster|NTFSelf) == 0 {
		n.Flags |= NTFSelf
	}
	return opError(op, c.do(ctx, typ, flags, n))
}

// FDBFilter selects the entries of FDBList. The kernel applies it to the
// dump.
type FDBFilter struct {
	// Dev keeps the entries of one link (`bridge fdb show dev DEV`).
	Dev LinkRef
	// Bridge keeps the entries of the ports of one bridge (`br BRIDGE`).
	Bridge LinkRef
}

// FDBList returns the forwarding database entries of bridges and vxlan
// devices that f selects (nil: all): `bridge fdb show`.
func (c *Client) FDBList(ctx context.Context, f *FDBFilter) ([]*Neighbour, error) {
	req := &Neighbour{Family: FamilyBridge}
	if f != nil {
		var err error
		if req.IfIndex, err = c.optIndex(ctx, "FDBFilter.Dev", f.Dev); err != nil {
			return nil, opError("fdb list", err)
		}
		if req.Master, err = c.optIndex(ctx, "FDBFilter.Bridge", f.Bridge); err != nil {
			return nil, opError("fdb list", err)
		}
	}
	ns, err := dump[Neighbour](ctx, c, unix.RTM_GETNEIGH, unix.RTM_NEWNEIGH, req, nil)
	return ns, opError("fdb list", err)
}
