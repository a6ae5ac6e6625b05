package ethtool

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// LinkInfo is the body of ETHTOOL_MSG_LINKINFO_GET, LINKINFO_SET, their
// reply and notification: the physical port of a device, what `ethtool
// DEV` shows as Port, PHYAD, Transceiver and MDI-X. Attributes are
// pointers because 0 is a meaningful value of each: nil is absent.
type LinkInfo struct {
	genl.Header
	_           nltag.Set    `nla:"ethtool-linkinfo"`
	Dev         *Dev         `nla:"ETHTOOL_A_LINKINFO_HEADER"`
	Port        *Port        `nla:"ETHTOOL_A_LINKINFO_PORT"`
	PHYAddr     *uint8       `nla:"ETHTOOL_A_LINKINFO_PHYADDR"`
	MDIX        *MDIX        `nla:"ETHTOOL_A_LINKINFO_TP_MDIX"`      // the MDI(-X) state
	MDIXCtrl    *MDIX        `nla:"ETHTOOL_A_LINKINFO_TP_MDIX_CTRL"` // the MDI(-X) setting
	Transceiver *Transceiver `nla:"ETHTOOL_A_LINKINFO_TRANSCEIVER"`
	Wire        nltag.Wire
}

// Port is a device's physical connector (PORT_*).
type Port uint8

// Ports.
const (
	PortTP    Port = 0x00 // twisted pair
	PortAUI   Port = 0x01
	PortMII   Port = 0x02
	PortFibre Port = 0x03
	PortBNC   Port = 0x04
	PortDA    Port = 0x05 // direct attach copper
	PortNone  Port = 0xef
	PortOther Port = 0xff
)

var ports = netlink.NewEnum(map[Port]string{
	PortTP: "PORT_TP", PortAUI: "PORT_AUI", PortMII: "PORT_MII", PortFibre: "PORT_FIBRE",
	PortBNC: "PORT_BNC", PortDA: "PORT_DA", PortNone: "PORT_NONE", PortOther: "PORT_OTHER",
})

// String returns the port's name, such as "PORT_TP".
func (p Port) String() string { return ports.Format(p) }

// MDIX is the state or setting of a twisted-pair port's crossover (ETH_TP_MDI*).
type MDIX uint8

// MDI-X values. MDIXInvalid means unknown as a state and unsupported as a
// setting; MDIXAuto is a setting only.
const (
	MDIXInvalid   MDIX = 0x00
	MDIXStraight  MDIX = 0x01 // MDI: ETH_TP_MDI
	MDIXCrossover MDIX = 0x02 // MDI-X: ETH_TP_MDI_X
	MDIXAuto      MDIX = 0x03
)

var mdixNames = netlink.NewEnum(map[MDIX]string{
	MDIXInvalid: "ETH_TP_MDI_INVALID", MDIXStraight: "ETH_TP_MDI", MDIXCrossover: "ETH_TP_MDI_X", MDIXAuto: "ETH_TP_MDI_AUTO",
})

// String returns the value's name, such as "ETH_TP_MDI_AUTO".
func (m MDIX) String() string { return mdixNames.Format(m) }

// Transceiver says where a device's PHY is (XCVR_*).
type Transceiver uint8

// Transceivers.
const (
	TransceiverInternal Transceiver = 0x00 // in the same package as the MAC
	TransceiverExternal Transceiver = 0x01
)

var transceivers = netlink.NewEnum(map[Transceiver]string{
	TransceiverInternal: "XCVR_INTERNAL", TransceiverExternal: "XCVR_EXTERNAL",
})

// String returns the transceiver's name, such as "XCVR_INTERNAL".
func (t Transceiver) String() string { return transceivers.Format(t) }
