package route

import (
	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// HardwareType is a link-layer type, the ifinfomsg Type field (ARPHRD_*).
type HardwareType uint16

// Common link-layer types; every ARPHRD_* value has a name in String.
const (
	HardwareNetROM     HardwareType = unix.ARPHRD_NETROM
	HardwareEther      HardwareType = unix.ARPHRD_ETHER
	HardwareLoopback   HardwareType = unix.ARPHRD_LOOPBACK
	HardwareNone       HardwareType = unix.ARPHRD_NONE
	HardwareVoid       HardwareType = unix.ARPHRD_VOID
	HardwarePPP        HardwareType = unix.ARPHRD_PPP
	HardwareIPIP       HardwareType = unix.ARPHRD_TUNNEL
	HardwareIP6IP6     HardwareType = unix.ARPHRD_TUNNEL6
	HardwareSIT        HardwareType = unix.ARPHRD_SIT
	HardwareIPGRE      HardwareType = unix.ARPHRD_IPGRE
	HardwareIP6GRE     HardwareType = unix.ARPHRD_IP6GRE
	HardwareRawIP      HardwareType = unix.ARPHRD_RAWIP
	HardwareInfiniband HardwareType = unix.ARPHRD_INFINIBAND
	HardwareIEEE80211  HardwareType = unix.ARPHRD_IEEE80211
	HardwareCAN        HardwareType = unix.ARPHRD_CAN
)

var hardwareTypes = netlink.NewEnum(map[HardwareType]string{
	unix.ARPHRD_ETHER:              "ETHER",
	unix.ARPHRD_EETHER:             "EETHER",
	unix.ARPHRD_AX25:               "AX25",
	unix.ARPHRD_PRONET:             "PRONET",
	unix.ARPHRD_CHAOS:              "CHAOS",
	unix.ARPHRD_IEEE802:            "IEEE802",
	unix.ARPHRD_ARCNET:             "ARCNET",
	unix.ARPHRD_APPLETLK:           "APPLETLK",
	unix.ARPHRD_DLCI:               "DLCI",
	unix.ARPHRD_ATM:                "ATM",
	unix.ARPHRD_METRICOM:           "METRICOM",
	unix.ARPHRD_IEEE1394:           "IEEE1394",
	unix.ARPHRD_EUI64:              "EUI64",
	unix.ARPHRD_INFINIBAND:         "INFINIBAND",
	unix.ARPHRD_SLIP:               "SLIP",
	unix.ARPHRD_CSLIP:              "CSLIP",
	unix.ARPHRD_SLIP6:              "SLIP6",
	unix.ARPHRD_CSLIP6:             "CSLIP6",
	unix.ARPHRD_RSRVD:              "RSRVD",
	unix.ARPHRD_ADAPT:              "ADAPT",
	unix.ARPHRD_ROSE:               "ROSE",
	unix.ARPHRD_X25:                "X25",
	unix.ARPHRD_HWX25:              "HWX25",
	unix.ARPHRD_CAN:                "CAN",
	unix.ARPHRD_MCTP:               "MCTP",
	unix.ARPHRD_PPP:                "PPP",
	unix.ARPHRD_CISCO:              "CISCO", // also ARPHRD_HDLC
	unix.ARPHRD_LAPB:               "LAPB",
	unix.ARPHRD_DDCMP:              "DDCMP",
	unix.ARPHRD_RAWHDLC:            "RAWHDLC",
	unix.ARPHRD_RAWIP:              "RAWIP",
	unix.ARPHRD_TUNNEL:             "TUNNEL",
	unix.ARPHRD_TUNNEL6:            "TUNNEL6",
	unix.ARPHRD_FRAD:               "FRAD",
	unix.ARPHRD_SKIP:               "SKIP",
	unix.ARPHRD_LOOPBACK:           "LOOPBACK",
	unix.ARPHRD_LOCALTLK:           "LOCALTLK",
	unix.ARPHRD_FDDI:               "FDDI",
	unix.ARPHRD_BIF:                "BIF",
	unix.ARPHRD_SIT:                "SIT",
	unix.ARPHRD_IPDDP:              "IPDDP",
	unix.ARPHRD_IPGRE:              "IPGRE",
	unix.ARPHRD_PIMREG:             "PIMREG",
	unix.ARPHRD_HIPPI:              "HIPPI",
	unix.ARPHRD_ASH:                "ASH",
	unix.ARPHRD_ECONET:             "ECONET",
	unix.ARPHRD_IRDA:               "IRDA",
	unix.ARPHRD_FCPP:               "FCPP",
	unix.ARPHRD_FCAL:               "FCAL",
	unix.ARPHRD_FCPL:               "FCPL",
	unix.ARPHRD_FCFABRIC:           "FCFABRIC",
	unix.ARPHRD_IEEE802_TR:         "IEEE802_TR",
	unix.ARPHRD_IEEE80211:          "IEEE80211",
	unix.ARPHRD_IEEE80211_PRISM:    "IEEE80211_PRISM",
	unix.ARPHRD_IEEE80211_RADIOTAP: "IEEE80211_RADIOTAP",
	unix.ARPHRD_IEEE802154:         "IEEE802154",
	unix.ARPHRD_IEEE802154_MONITOR: "IEEE802154_MONITOR",
	unix.ARPHRD_PHONET:             "PHONET",
	unix.ARPHRD_PHONET_PIPE:        "PHONET_PIPE",
	unix.ARPHRD_CAIF:               "CAIF",
	unix.ARPHRD_IP6GRE:             "IP6GRE",
	unix.ARPHRD_NETLINK:            "NETLINK",
	unix.ARPHRD_6LOWPAN:            "6LOWPAN",
	unix.ARPHRD_VSOCKMON:           "VSOCKMON",
	unix.ARPHRD_VOID:               "VOID",
	unix.ARPHRD_NONE:               "NONE",
})

// String returns the type's ARPHRD_ name without the prefix ("ETHER"); 0
// (ARPHRD_NETROM, and the Type of requests) prints as "0".
func (t HardwareType) String() string { return hardwareTypes.Format(t) }

// InterfaceFlags are the device flags of ifinfomsg (IFF_*).
type InterfaceFlags uint32

// The device flags.
const (
	IffUp           InterfaceFlags = unix.IFF_UP
	IffBroadcast    InterfaceFlags = unix.IFF_BROADCAST
	IffDebug        InterfaceFlags = unix.IFF_DEBUG
	IffLoopback     InterfaceFlags = unix.IFF_LOOPBACK
	IffPointToPoint InterfaceFlags = unix.IFF_POINTOPOINT
	IffNoTrailers   InterfaceFlags = unix.IFF_NOTRAILERS
	IffRunning      InterfaceFlags = unix.IFF_RUNNING
	IffNoARP        InterfaceFlags = unix.IFF_NOARP
	IffPromisc      InterfaceFlags = unix.IFF_PROMISC
	IffAllMulti     InterfaceFlags = unix.IFF_ALLMULTI
	IffMaster       InterfaceFlags = unix.IFF_MASTER
	IffSlave        InterfaceFlags = unix.IFF_SLAVE
	IffMulticast    InterfaceFlags = unix.IFF_MULTICAST
	IffPortSel      InterfaceFlags = unix.IFF_PORTSEL
	IffAutoMedia    InterfaceFlags = unix.IFF_AUTOMEDIA
	IffDynamic      InterfaceFlags = unix.IFF_DYNAMIC
	IffLowerUp      InterfaceFlags = unix.IFF_LOWER_UP
	IffDormant      InterfaceFlags = unix.IFF_DORMANT
	IffEcho         InterfaceFlags = unix.IFF_ECHO
)

var interfaceFlags = netlink.NewFlags(map[InterfaceFlags]string{
	IffUp: "UP", IffBroadcast: "BROADCAST", IffDebug: "DEBUG", IffLoopback: "LOOPBACK",
	IffPointToPoint: "POINTOPOINT", IffNoTrailers: "NOTRAILERS", IffRunning: "RUNNING",
	IffNoARP: "NOARP", IffPromisc: "PROMISC", IffAllMulti: "ALLMULTI", IffMaster: "MASTER",
	IffSlave: "SLAVE", IffMulticast: "MULTICAST", IffPortSel: "PORTSEL",
	IffAutoMedia: "AUTOMEDIA", IffDynamic: "DYNAMIC", IffLowerUp: "LOWER_UP",
	IffDormant: "DORMANT", IffEcho: "ECHO",
})

// String returns the flags as "UP|BROADCAST|LOWER_UP".
func (f InterfaceFlags) String() string { return interfaceFlags.Format(f) }

// ParseInterfaceFlags reads flags as String writes them.
func ParseInterfaceFlags(s string) (InterfaceFlags, error) { return interfaceFlags.Parse(s) }

// OperState is a link's RFC 2863 operational state (IF_OPER_*).
type OperState uint8

// The operational states.
const (
	OperUnknown        OperState = 0
	OperNotPresent     OperState = 1
	OperDown           OperState = 2
	OperLowerLayerDown OperState = 3
	OperTesting        OperState = 4
	OperDormant        OperState = 5
	OperUp             OperState = 6
)

var operStates = netlink.NewEnum(map[OperState]string{
	OperUnknown: "UNKNOWN", OperNotPresent: "NOTPRESENT", OperDown: "DOWN",
	OperLowerLayerDown: "LOWERLAYERDOWN", OperTesting: "TESTING", OperDormant: "DORMANT", OperUp: "UP",
})

// String returns the state's name as ip(8) prints it ("UP", "LOWERLAYERDOWN").
func (s OperState) String() string { return operStates.Format(s) }

// LinkMode is the link mode (IF_LINK_MODE_*).
type LinkMode uint8

// The link modes.
const (
	LinkModeDefault LinkMode = 0 // the kernel sets the operational state
	LinkModeDormant LinkMode = 1 // user space drives it from dormant to up
	LinkModeTesting LinkMode = 2 // user space drives it to testing
)

var linkModes = netlink.NewEnum(map[LinkMode]string{
	LinkModeDefault: "DEFAULT", LinkModeDormant: "DORMANT", LinkModeTesting: "TESTING",
})

// String returns the mode's name.
func (m LinkMode) String() string { return linkModes.Format(m) }

// ExtFilter is the IFLA_EXT_MASK of a GETLINK request (RTEXT_FILTER_*).
type ExtFilter uint32

// The extended-information filters.
const (
	ExtFilterVF                   ExtFilter = 1 << 0 // SR-IOV virtual functions
	ExtFilterBridgeVLAN           ExtFilter = 1 << 1 // bridge VLANs
	ExtFilterBridgeVLANCompressed ExtFilter = 1 << 2 // bridge VLANs as ranges
	ExtFilterSkipStats            ExtFilter = 1 << 3 // leave out IFLA_STATS and IFLA_STATS64
	ExtFilterMRP                  ExtFilter = 1 << 4
	ExtFilterCFMConfig            ExtFilter = 1 << 5
	ExtFilterCFMStatus            ExtFilter = 1 << 6
	ExtFilterMST                  ExtFilter = 1 << 7
)

var extFilters = netlink.NewFlags(map[ExtFilter]string{
	ExtFilterVF: "VF", ExtFilterBridgeVLAN: "BRVLAN", ExtFilterBridgeVLANCompressed: "BRVLAN_COMPRESSED",
	ExtFilterSkipStats: "SKIP_STATS", ExtFilterMRP: "MRP", ExtFilterCFMConfig: "CFM_CONFIG",
	ExtFilterCFMStatus: "CFM_STATUS", ExtFilterMST: "MST",
})

// String returns the filters as "VF|SKIP_STATS".
func (f ExtFilter) String() string { return extFilters.Format(f) }

// LinkEvent is the IFLA_EVENT of a notification (IFLA_EVENT_*).
type LinkEvent uint32

// The link events.
const (
	LinkEventNone            LinkEvent = unix.IFLA_EVENT_NONE
	LinkEventReboot          LinkEvent = unix.IFLA_EVENT_REBOOT
	LinkEventFeatures        LinkEvent = unix.IFLA_EVENT_FEATURES
	LinkEventBondingFailover LinkEvent = unix.IFLA_EVENT_BONDING_FAILOVER
	LinkEventNotifyPeers     LinkEvent = unix.IFLA_EVENT_NOTIFY_PEERS
	LinkEventIGMPResend      LinkEvent = unix.IFLA_EVENT_IGMP_RESEND
	LinkEventBondingOptions  LinkEvent = unix.IFLA_EVENT_BONDING_OPTIONS
)

var linkEvents = netlink.NewEnum(map[LinkEvent]string{
	LinkEventNone: "NONE", LinkEventReboot: "REBOOT", LinkEventFeatures: "FEATURES",
	LinkEventBondingFailover: "BONDING_FAILOVER", LinkEventNotifyPeers: "NOTIFY_PEERS",
	LinkEventIGMPResend: "IGMP_RESEND", LinkEventBondingOptions: "BONDING_OPTIONS",
})

// String returns the event's name.
func (e LinkEvent) String() string { return linkEvents.Format(e) }

// XDPAttachMode says how XDP programs are attached (XDP_ATTACHED_*).
type XDPAttachMode uint8

// The attach modes.
const (
	XDPAttachedNone  XDPAttachMode = 0
	XDPAttachedDrv   XDPAttachMode = 1
	XDPAttachedSKB   XDPAttachMode = 2
	XDPAttachedHW    XDPAttachMode = 3
	XDPAttachedMulti XDPAttachMode = 4
)

var xdpAttachModes = netlink.NewEnum(map[XDPAttachMode]string{
	XDPAttachedNone: "NONE", XDPAttachedDrv: "DRV", XDPAttachedSKB: "SKB",
	XDPAttachedHW: "HW", XDPAttachedMulti: "MULTI",
})

// String returns the mode's name.
func (m XDPAttachMode) String() string { return xdpAttachModes.Format(m) }

// XDPFlags are the XDP_FLAGS_* of an attach request.
type XDPFlags uint32

// The XDP attach flags.
const (
	XDPFlagsUpdateIfNoExist XDPFlags = unix.XDP_FLAGS_UPDATE_IF_NOEXIST
	XDPFlagsSKBMode         XDPFlags = unix.XDP_FLAGS_SKB_MODE
	XDPFlagsDrvMode         XDPFlags = unix.XDP_FLAGS_DRV_MODE
	XDPFlagsHWMode          XDPFlags = unix.XDP_FLAGS_HW_MODE
	XDPFlagsReplace         XDPFlags = unix.XDP_FLAGS_REPLACE
)

var xdpFlags = netlink.NewFlags(map[XDPFlags]string{
	XDPFlagsUpdateIfNoExist: "UPDATE_IF_NOEXIST", XDPFlagsSKBMode: "SKB_MODE",
	XDPFlagsDrvMode: "DRV_MODE", XDPFlagsHWMode: "HW_MODE", XDPFlagsReplace: "REPLACE",
})

// String returns the flags as "SKB_MODE|REPLACE".
func (f XDPFlags) String() string { return xdpFlags.Format(f) }
