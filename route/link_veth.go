package route

import (
	"context"
	"fmt"
	"net"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/nltag"
)

// VethData is the data of kind "veth". In a request creating a pair, Peer
// describes the other end: its name, and whatever else (a namespace through
// NetNSFD, an address, an MTU). The kernel does not report the peer back.
type VethData struct {
	_ nltag.Set `nla:"link-veth"`
	// Peer is the peer link: an ifinfomsg header and link attributes.
	Peer *Link `nla:"VETH_INFO_PEER"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-veth", Attrs: map[string]uint16{
	"VETH_INFO_UNSPEC": 0,
	"VETH_INFO_PEER":   1,
}})

// Veth is a pair of virtual Ethernet links: what one end sends, the other
// receives. The peer may be created in another namespace.
type Veth struct {
	// Peer is the name of the other end; empty lets the kernel choose one.
	Peer string
	// PeerNetNS is the namespace to create the peer in; zero for the
	// Client's.
	PeerNetNS conn.NetNS
	// PeerMTU is the peer's MTU; 0 leaves the kernel's default (1500),
	// whatever LinkOptions.MTU gives the first end.
	PeerMTU uint32
	// PeerHardwareAddr is the peer's 6-byte address; nil lets the kernel
	// choose a random one.
	PeerHardwareAddr net.HardwareAddr
	// PeerTxQueueLen is the peer's transmit queue length; nil leaves the
	// default.
	PeerTxQueueLen *uint32
}

// Kind returns "veth".
func (*Veth) Kind() string { return "veth" }

func (v *Veth) build(ctx context.Context, _ *Client, req *Link) (func(), error) {
	if v.Peer != "" {
		if err := checkName("Veth.Peer", v.Peer); err != nil {
			return nil, err
		}
	}
	if err := checkHardwareAddr("Veth.PeerHardwareAddr", v.PeerHardwareAddr, 6); err != nil {
		return nil, err
	}
	if v.PeerMTU != 0 && v.PeerMTU < ethMinMTU {
		return nil, argErr("Veth.PeerMTU", "%d is below %d, the least an Ethernet link takes", v.PeerMTU, ethMinMTU)
	}
	peer := &Link{Name: v.Peer, MTU: v.PeerMTU, Address: v.PeerHardwareAddr, TxQueueLen: v.PeerTxQueueLen}
	done, err := setLinkNS(ctx, v.PeerNetNS, peer)
	if err != nil {
		return nil, fmt.Errorf("Veth.PeerNetNS: %w", err)
	}
	req.LinkInfo = &LinkInfo{Kind: "veth", Data: &VethData{Peer: peer}}
	return done, nil
}

func init() {
	nltag.RegisterSubMessageOf[VethData]("link-kind", "veth")
}
