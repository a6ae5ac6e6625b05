package route

import (
	"context"

	"github.com/nltag/go-netlink/netlink"
)

// The IFLA_INFO_DATA payloads of the common link kinds. Each is registered
// in the "link-kind" sub-message table under its kind name, so that
// LinkInfo.Data decodes to a pointer to it; kinds without data (dummy, ifb,
// wireguard, nlmon ...) need nothing but LinkInfo.Kind.
//
// In these structs, switches that the kernel reports as a u8 are *bool: nil
// leaves the setting out of a request, new(false) turns it off.

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

// setParent names the lower link of a stacked link (IFLA_LINK).
func setParent(ctx context.Context, c *Client, req *Link, arg string, parent LinkRef) error {
	i, err := c.index(ctx, arg, parent)
	req.Link = i
	return err
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

// GenericKind creates links of any other kind, from the kind's name and its
// IFLA_INFO_DATA: a type of this package such as *GeneveData, or one an
// application registered in the "link-kind" sub-message table.
type GenericKind struct {
	// Name is the kind, such as "geneve".
	Name string
	// Data is the kind's data; nil sends none.
	Data any
	// Parent is the lower link (IFLA_LINK) of a stacked kind.
	Parent LinkRef
}

// Kind returns g.Name.
func (g *GenericKind) Kind() string { return g.Name }

func (g *GenericKind) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	if g.Name == "" {
		return nil, argErr("GenericKind.Name", "no kind name given")
	}
	i, err := c.optIndex(ctx, "GenericKind.Parent", g.Parent)
	if err != nil {
		return nil, err
	}
	req.Link = i
	req.LinkInfo = &LinkInfo{Kind: g.Name, Data: g.Data}
	return noCleanup, nil
}

// TunnelDF says how a tunnel sets the outer don't-fragment bit
// (VXLAN_DF_*, GENEVE_DF_*).
type TunnelDF uint8

// The DF policies.
const (
	TunnelDFUnset   TunnelDF = 0
	TunnelDFSet     TunnelDF = 1
	TunnelDFInherit TunnelDF = 2
)

var tunnelDFs = netlink.NewEnum(map[TunnelDF]string{TunnelDFUnset: "UNSET", TunnelDFSet: "SET", TunnelDFInherit: "INHERIT"})

// String returns the policy's name.
func (d TunnelDF) String() string { return tunnelDFs.Format(d) }
