package route

import (
	"context"
	"fmt"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
)

// BridgeLinkFilter selects the links of BridgeLinkList.
type BridgeLinkFilter struct {
	// Dev keeps one link. The kernel does not filter these dumps: the
	// others are dropped as they arrive.
	Dev LinkRef
	// VLANs asks for each port's VLANs (AFSpec's VLANs), one entry per
	// VLAN; VLANRanges asks for consecutive VLANs with the same flags as
	// one range (a RANGE_BEGIN and a RANGE_END entry).
	VLANs      bool
	VLANRanges bool
}

// BridgeLinkList returns the bridge ports, and with VLANs the bridges too,
// in their AF_BRIDGE view: ProtInfo holds a *BridgePortData and AFSpec a
// *BridgeAFSpec. It is `bridge link show`, and with VLANs `bridge vlan
// show`.
func (c *Client) BridgeLinkList(ctx context.Context, f *BridgeLinkFilter) ([]*Link, error) {
	req := &Link{Family: unix.AF_BRIDGE}
	var keep func(*Link) bool
	if f != nil {
		if f.VLANs {
			req.ExtMask |= ExtFilterBridgeVLAN
		}
		if f.VLANRanges {
			req.ExtMask |= ExtFilterBridgeVLANCompressed
		}
		i, err := c.optIndex(ctx, "BridgeLinkFilter.Dev", f.Dev)
		if err != nil {
			return nil, opError("bridge link list", err)
		}
		if i != 0 {
			keep = func(l *Link) bool { return l.Index == i }
		}
	}
	ls, err := dump[Link](ctx, c, unix.RTM_GETLINK, unix.RTM_NEWLINK, req, keep)
	return ls, opError("bridge link list", err)
}

// BridgeVLAN is a VLAN, or a range of them, of a bridge port or of a
// bridge itself: what follows `bridge vlan add dev DEV`.
type BridgeVLAN struct {
	// VID is the VLAN, or the first of a range; 1 to 4094.
	VID uint16
	// VIDEnd is the last VLAN of a range; 0 for VID alone.
	VIDEnd uint16
	// PVID makes VID the port's VLAN for untagged ingress frames (not with
	// a range); Untagged sends the VLANs' frames out untagged.
	PVID     bool
	Untagged bool
	// Master addresses the bridge's view of the port, Self the port's own
	// driver (or, on a bridge device, the bridge's own VLANs). Neither
	// leaves it to the kernel, which takes Master.
	Master bool
	Self   bool
	// TunnelID maps VID to this tunnel id (and a range to consecutive
	// ids) on a port with vlan_tunnel on, in place of adding the VLANs:
	// `bridge vlan add ... tunnel_info id ID`. 0 for none.
	TunnelID uint32
}

// BridgeVLANAdd adds VLANs to link dev, a bridge port or bridge: `bridge
// vlan add vid VID dev DEV`. A kernel without VLAN filtering
// (CONFIG_BRIDGE_VLAN_FILTERING) refuses it with EOPNOTSUPP.
func (c *Client) BridgeVLANAdd(ctx context.Context, dev LinkRef, v *BridgeVLAN) error {
	return c.bridgeVLAN(ctx, "add", unix.RTM_SETLINK, dev, v)
}

// BridgeVLANDel deletes VLANs of link dev: `bridge vlan del vid VID dev
// DEV`.
func (c *Client) BridgeVLANDel(ctx context.Context, dev LinkRef, v *BridgeVLAN) error {
	return c.bridgeVLAN(ctx, "del", unix.RTM_DELLINK, dev, v)
}

func (c *Client) bridgeVLAN(ctx context.Context, verb string, typ netlink.MsgType, dev LinkRef, v *BridgeVLAN) error {
	op := fmt.Sprintf("bridge vlan %s dev %s", verb, dev)
	req, err := bridgeVLANMessage(0, v)
	if err != nil {
		return opError(op, err)
	}
	// The kernel finds the port by index only.
	if req.Index, err = c.index(ctx, "dev", dev); err != nil {
		return opError(op, err)
	}
	return opError(op, c.do(ctx, typ, 0, req))
}

// bridgeVLANMessage builds the request for v on link i as bridge(8) does.
func bridgeVLANMessage(i netlink.IfIndex, v *BridgeVLAN) (*Link, error) {
	const maxVID = 4094
	switch {
	case v == nil:
		return nil, argErr("v", "no VLAN given")
	case v.VID == 0 || v.VID > maxVID:
		return nil, argErr("BridgeVLAN.VID", "%d is not a VLAN (1 to %d)", v.VID, maxVID)
	case v.VIDEnd != 0 && (v.VIDEnd <= v.VID || v.VIDEnd > maxVID):
		return nil, argErr("BridgeVLAN.VIDEnd", "%d does not end a range from %d (up to %d)", v.VIDEnd, v.VID, maxVID)
	case v.VIDEnd != 0 && v.PVID:
		return nil, argErr("BridgeVLAN.PVID", "given with a range: a port has one PVID")
	case v.TunnelID != 0 && v.VIDEnd != 0 && uint64(v.TunnelID)+uint64(v.VIDEnd-v.VID) > 1<<24-1:
		return nil, argErr("BridgeVLAN.TunnelID", "the range of tunnel ids from %d passes 2^24-1", v.TunnelID)
	}
	spec := &BridgeAFSpec{}
	if v.Master {
		spec.Flags |= BridgeFlagsMaster
	}
	if v.Self {
		spec.Flags |= BridgeFlagsSelf
	}
	var flags BridgeVLANFlags
	if v.PVID {
		flags |= BridgeVLANPVID
	}
	if v.Untagged {
		flags |= BridgeVLANUntagged
	}
	switch {
	case v.TunnelID != 0 && v.VIDEnd == 0:
		spec.VLANTunnels = []BridgeVLANTunnel{{ID: v.TunnelID, VID: v.VID}}
	case v.TunnelID != 0:
		spec.VLANTunnels = []BridgeVLANTunnel{
			{ID: v.TunnelID, VID: v.VID, Flags: BridgeVLANRangeBegin},
			{ID: v.TunnelID + uint32(v.VIDEnd-v.VID), VID: v.VIDEnd, Flags: BridgeVLANRangeEnd},
		}
	case v.VIDEnd == 0:
		spec.VLANs = []BridgeVLANInfo{{Flags: flags, VID: v.VID}}
	default:
		spec.VLANs = []BridgeVLANInfo{
			{Flags: flags | BridgeVLANRangeBegin, VID: v.VID},
			{Flags: flags | BridgeVLANRangeEnd, VID: v.VIDEnd},
		}
	}
	return &Link{Family: unix.AF_BRIDGE, Index: i, AFSpec: spec}, nil
}
