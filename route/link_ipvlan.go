package route

import (
	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// IPVlanData is the data of kinds "ipvlan" and "ipvtap" (IFLA_IPVLAN_*).
type IPVlanData struct {
	_ nltag.Set `nla:"link-ipvlan"`
	// Mode is the layer the ipvlan works at.
	Mode *IPVlanMode `nla:"IFLA_IPVLAN_MODE"`
	// Flags say how slaves talk to each other.
	Flags IPVlanFlags `nla:"IFLA_IPVLAN_FLAGS,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// IPVtapData is the data of kind "ipvtap": the same attributes as ipvlan.
type IPVtapData IPVlanData

// IPVlanMode is an ipvlan's mode (IPVLAN_MODE_*).
type IPVlanMode uint16

// The ipvlan modes.
const (
	IPVlanModeL2  IPVlanMode = 0
	IPVlanModeL3  IPVlanMode = 1
	IPVlanModeL3S IPVlanMode = 2
)

var ipvlanModes = netlink.NewEnum(map[IPVlanMode]string{IPVlanModeL2: "L2", IPVlanModeL3: "L3", IPVlanModeL3S: "L3S"})

// String returns the mode's name.
func (m IPVlanMode) String() string { return ipvlanModes.Format(m) }

// IPVlanFlags are the IPVLAN_F_* flags; 0 is bridge mode.
type IPVlanFlags uint16

// The ipvlan flags.
const (
	IPVlanFlagPrivate IPVlanFlags = 0x01
	IPVlanFlagVEPA    IPVlanFlags = 0x02
)

var ipvlanFlags = netlink.NewFlags(map[IPVlanFlags]string{IPVlanFlagPrivate: "PRIVATE", IPVlanFlagVEPA: "VEPA"})

// String returns the flags as "PRIVATE"; 0 (bridge) prints as "0".
func (f IPVlanFlags) String() string { return ipvlanFlags.Format(f) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-ipvlan", Attrs: map[string]uint16{
	"IFLA_IPVLAN_UNSPEC": unix.IFLA_IPVLAN_UNSPEC,
	"IFLA_IPVLAN_MODE":   unix.IFLA_IPVLAN_MODE,
	"IFLA_IPVLAN_FLAGS":  unix.IFLA_IPVLAN_FLAGS,
}})

func init() {
	nltag.RegisterSubMessageOf[IPVlanData]("link-kind", "ipvlan")
	nltag.RegisterSubMessageOf[IPVtapData]("link-kind", "ipvtap")
}
