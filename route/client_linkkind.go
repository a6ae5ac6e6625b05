package route

import (
	"context"
	"errors"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"
)

// LinkKind is what Client.LinkAdd creates: a *Veth, *Bridge, *Macvlan,
// *Macvtap, *Vxlan, *Tun, *IFB, *VLAN, *Bond, *Dummy, *VRF, or a
// *GenericKind for any other kind.
type LinkKind interface {
	// Kind returns the kernel's name of the kind, as `ip link add type`
	// takes it: "veth", "bridge" ...
	Kind() string
	// build fills the kind's part of a creation request and returns what
	// releases the resources the request holds.
	build(ctx context.Context, c *Client, req *Link) (done func(), err error)
}

// noCleanup is the release function of requests that hold nothing open.
func noCleanup() {}

// Veth is a pair of virtual Ethernet links: what one end sends, the other
// receives. The peer may be created in another namespace.
type Veth struct {
	// Peer is the name of the other end; empty lets the kernel choose one.
	Peer string
	// PeerNetNS is the namespace to create the peer in; zero for the
	// Client's.
	PeerNetNS NetNS
}

// Kind returns "veth".
func (*Veth) Kind() string { return "veth" }

func (v *Veth) build(_ context.Context, _ *Client, req *Link) (func(), error) {
	peer := &Link{Name: v.Peer}
	done, err := v.PeerNetNS.setLinkNS(peer)
	if err != nil {
		return nil, err
	}
	req.LinkInfo = &LinkInfo{Kind: "veth", Data: &VethData{Peer: peer}}
	return done, nil
}

// Bridge is an Ethernet bridge; links join it through LinkOptions.Master.
type Bridge struct {
	// VLANFiltering turns VLAN filtering on or off.
	VLANFiltering *bool
	// STP turns the kernel's spanning tree protocol on or off.
	STP *bool
}

// Kind returns "bridge".
func (*Bridge) Kind() string { return "bridge" }

func (b *Bridge) build(_ context.Context, _ *Client, req *Link) (func(), error) {
	d := &BridgeData{VLANFiltering: b.VLANFiltering}
	if b.STP != nil {
		var s uint32
		if *b.STP {
			s = 1
		}
		d.STPState = &s
	}
	req.LinkInfo = &LinkInfo{Kind: "bridge", Data: d}
	return noCleanup, nil
}

// Macvlan is a link with its own hardware address on top of a parent link.
type Macvlan struct {
	// Parent is the name of the lower link.
	Parent string
	// Mode says how macvlans of one parent reach each other; zero leaves
	// the kernel's default (vepa).
	Mode MacvlanMode
}

// Kind returns "macvlan".
func (*Macvlan) Kind() string { return "macvlan" }

func (m *Macvlan) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	if err := setParent(ctx, c, req, m.Parent); err != nil {
		return nil, err
	}
	req.LinkInfo = &LinkInfo{Kind: "macvlan", Data: &MacvlanData{Mode: m.Mode}}
	return noCleanup, nil
}

// Macvtap is a Macvlan whose traffic also reaches a character device
// (/dev/tapN), as virtual machines use.
type Macvtap Macvlan

// Kind returns "macvtap".
func (*Macvtap) Kind() string { return "macvtap" }

func (m *Macvtap) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	if err := setParent(ctx, c, req, m.Parent); err != nil {
		return nil, err
	}
	req.LinkInfo = &LinkInfo{Kind: "macvtap", Data: &MacvtapData{Mode: m.Mode}}
	return noCleanup, nil
}

// setParent names the lower link of a stacked link (IFLA_LINK).
func setParent(ctx context.Context, c *Client, req *Link, parent string) error {
	if parent == "" {
		return errors.New("no parent link given")
	}
	i, err := c.index(ctx, parent)
	req.Link = uint32(i)
	return err
}

// Vxlan is a VXLAN tunnel endpoint: Ethernet over UDP.
type Vxlan struct {
	// ID is the VXLAN network identifier (VNI).
	ID uint32
	// Remote is the unicast address of the far end; Group is a multicast
	// group instead (which needs Dev). At most one of them may be given.
	Remote, Group netip.Addr
	// Local is the source address of the tunnel's packets.
	Local netip.Addr
	// Dev names the link to send the tunnel's packets through.
	Dev string
	// Port is the UDP destination port; 0 leaves the kernel's default
	// (8472, not the IANA port 4789).
	Port uint16
	// TTL is the outer TTL; 0 takes the route's.
	TTL uint8
	// Learning turns learning of remote addresses on or off (default on).
	Learning *bool
}

// Kind returns "vxlan".
func (*Vxlan) Kind() string { return "vxlan" }

func (v *Vxlan) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	d := &VxlanData{ID: v.ID, Port: v.Port, TTL: v.TTL, Learning: v.Learning}
	if v.ID == 0 {
		// VxlanData.ID is omitempty; VNI 0 goes in by hand.
		d.Wire.Unknown = append(d.Wire.Unknown, u32Attr(unix.IFLA_VXLAN_ID, 0))
	}
	if v.Remote.IsValid() && v.Group.IsValid() {
		return nil, errors.New("both Remote and Group given")
	}
	far := v.Remote
	if v.Group.IsValid() {
		far = v.Group
	}
	if far.Is4() {
		d.Group = far
	} else if far.IsValid() {
		d.Group6 = far
	}
	if v.Local.Is4() {
		d.Local = v.Local
	} else if v.Local.IsValid() {
		d.Local6 = v.Local
	}
	dev, err := c.optIndex(ctx, v.Dev)
	if err != nil {
		return nil, err
	}
	d.Link = uint32(dev)
	req.LinkInfo = &LinkInfo{Kind: "vxlan", Data: d}
	return noCleanup, nil
}

// Tun is a tun (layer 3) or tap (layer 2) device, whose traffic a program
// reads and writes through /dev/net/tun. LinkAdd creates it persistent,
// through /dev/net/tun as `ip tuntap add` does: the kernel does not create
// tun devices through netlink.
type Tun struct {
	// Tap makes a tap device (Ethernet frames) rather than a tun (IP packets).
	Tap bool
	// Owner and Group are the user and group allowed to attach to it.
	Owner, Group *uint32
	// MultiQueue gives the device several queues.
	MultiQueue bool
	// VnetHdr prefixes packets with a virtio-net header.
	VnetHdr bool
	// PI prefixes packets with a protocol-information header.
	PI bool
}

// Kind returns "tun", the kernel's kind for tun and tap devices.
func (*Tun) Kind() string { return "tun" }

func (*Tun) build(context.Context, *Client, *Link) (func(), error) {
	return nil, errors.New("tun devices are created through /dev/net/tun")
}

// IFB is an intermediate functional block, to which traffic control
// redirects traffic.
type IFB struct{}

// Kind returns "ifb".
func (*IFB) Kind() string { return "ifb" }

func (*IFB) build(_ context.Context, _ *Client, req *Link) (func(), error) {
	req.LinkInfo = &LinkInfo{Kind: "ifb"}
	return noCleanup, nil
}

// Dummy is a link that drops what it is sent, to hold addresses and routes.
type Dummy struct{}

// Kind returns "dummy".
func (*Dummy) Kind() string { return "dummy" }

func (*Dummy) build(_ context.Context, _ *Client, req *Link) (func(), error) {
	req.LinkInfo = &LinkInfo{Kind: "dummy"}
	return noCleanup, nil
}

// VLAN is an 802.1Q (or 802.1ad) VLAN on top of a parent link.
type VLAN struct {
	// Parent is the name of the lower link.
	Parent string
	// ID is the VLAN id.
	ID uint16
	// Protocol is the tag protocol; zero is 802.1Q.
	Protocol VLANProtocol
}

// Kind returns "vlan".
func (*VLAN) Kind() string { return "vlan" }

func (v *VLAN) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	if err := setParent(ctx, c, req, v.Parent); err != nil {
		return nil, err
	}
	d := &VLANData{ID: v.ID, Protocol: v.Protocol}
	if v.ID == 0 {
		// VLANData.ID is omitempty; VLAN 0 goes in by hand.
		d.Wire.Unknown = append(d.Wire.Unknown, attr(unix.IFLA_VLAN_ID, []byte{0, 0}))
	}
	req.LinkInfo = &LinkInfo{Kind: "vlan", Data: d}
	return noCleanup, nil
}

// Bond aggregates the links enslaved to it (LinkOptions.Master).
type Bond struct {
	// Mode is the bonding mode; zero is balance-rr.
	Mode BondMode
}

// Kind returns "bond".
func (*Bond) Kind() string { return "bond" }

func (b *Bond) build(_ context.Context, _ *Client, req *Link) (func(), error) {
	req.LinkInfo = &LinkInfo{Kind: "bond", Data: &BondData{Mode: new(b.Mode)}}
	return noCleanup, nil
}

// VRF is a virtual routing and forwarding domain: the links enslaved to it
// route through its table.
type VRF struct {
	// Table is the routing table of the domain.
	Table uint32
}

// Kind returns "vrf".
func (*VRF) Kind() string { return "vrf" }

func (v *VRF) build(_ context.Context, _ *Client, req *Link) (func(), error) {
	if v.Table == 0 {
		return nil, errors.New("no table given")
	}
	req.LinkInfo = &LinkInfo{Kind: "vrf", Data: &VRFData{Table: v.Table}}
	return noCleanup, nil
}

// GenericKind creates links of any other kind, from the kind's name and its
// IFLA_INFO_DATA: a type of this package such as *GeneveData, or one an
// application registered in the "link-kind" sub-message table.
type GenericKind struct {
	// Name is the kind, such as "geneve".
	Name string
	// Data is the kind's data; nil sends none.
	Data any
	// Parent names the lower link (IFLA_LINK) of a stacked kind.
	Parent string
}

// Kind returns g.Name.
func (g *GenericKind) Kind() string { return g.Name }

func (g *GenericKind) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	if g.Name == "" {
		return nil, errors.New("no kind name given")
	}
	i, err := c.optIndex(ctx, g.Parent)
	if err != nil {
		return nil, err
	}
	req.Link = uint32(i)
	req.LinkInfo = &LinkInfo{Kind: g.Name, Data: g.Data}
	return noCleanup, nil
}
