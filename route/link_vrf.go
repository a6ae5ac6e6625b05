package route

import (
	"context"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/nltag"
)

// VRFData is the data of kind "vrf" (IFLA_VRF_*).
type VRFData struct {
	_ nltag.Set `nla:"link-vrf"`
	// Table is the routing table of the VRF.
	Table uint32 `nla:"IFLA_VRF_TABLE,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// VRFPortData is the slave data of a link enslaved to a VRF (slave kind "vrf").
type VRFPortData struct {
	_ nltag.Set `nla:"link-vrf-port"`
	// Table is the routing table of the VRF.
	Table uint32 `nla:"IFLA_VRF_PORT_TABLE,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-vrf", Attrs: map[string]uint16{
	"IFLA_VRF_UNSPEC": unix.IFLA_VRF_UNSPEC,
	"IFLA_VRF_TABLE":  unix.IFLA_VRF_TABLE,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-vrf-port", Attrs: map[string]uint16{
	"IFLA_VRF_PORT_UNSPEC": unix.IFLA_VRF_PORT_UNSPEC,
	"IFLA_VRF_PORT_TABLE":  unix.IFLA_VRF_PORT_TABLE,
}})

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
		return nil, argErr("VRF.Table", "no table given")
	}
	req.LinkInfo = &LinkInfo{Kind: "vrf", Data: &VRFData{Table: v.Table}}
	return noCleanup, nil
}

func init() {
	nltag.RegisterSubMessageOf[VRFData]("link-kind", "vrf")
	nltag.RegisterSubMessageOf[VRFPortData]("link-slave-kind", "vrf")
}
