package netfilter

import "github.com/nltag/go-netlink/netlink"

// HeaderLen is the size of Header on the wire.
const HeaderLen = 4

// Header is struct nfgenmsg, the fixed header that starts the body of every
// nfnetlink message. A subsystem's message embeds it as its first field and
// declares its attributes after it, as a generic netlink family embeds
// genl.Header.
type Header struct {
	// Family is the family the message is about (IPv4, IPv6), or
	// FamilyUnspec for all.
	Family Family
	// Version is the interface version, Version0.
	Version uint8
	// ResID is the resource id, in network byte order: the group a
	// subsystem's dump is limited to, or, in nf_tables replies, the
	// ruleset generation.
	ResID uint16 `nla:",be16"`
}

// Family is the protocol family of a message (NFPROTO_*): for IPv4 and
// IPv6 the same numbers as AF_INET and AF_INET6.
type Family uint8

// Families.
const (
	FamilyUnspec Family = 0  // all families
	FamilyINet   Family = 1  // nf_tables' inet: IPv4 and IPv6
	FamilyIPv4   Family = 2  // AF_INET
	FamilyARP    Family = 3  // ARP
	FamilyNetdev Family = 5  // nf_tables' netdev
	FamilyBridge Family = 7  // bridge
	FamilyIPv6   Family = 10 // AF_INET6
)

var families = netlink.NewEnum(map[Family]string{
	FamilyUnspec: "NFPROTO_UNSPEC",
	FamilyINet:   "NFPROTO_INET",
	FamilyIPv4:   "NFPROTO_IPV4",
	FamilyARP:    "NFPROTO_ARP",
	FamilyNetdev: "NFPROTO_NETDEV",
	FamilyBridge: "NFPROTO_BRIDGE",
	FamilyIPv6:   "NFPROTO_IPV6",
})

// String returns the family's name, such as "NFPROTO_IPV6".
func (f Family) String() string { return families.Format(f) }

// Version0 is the only version of the nfnetlink interface (NFNETLINK_V0).
const Version0 = 0

// Subsystem is an nfnetlink subsystem (NFNL_SUBSYS_*): the high byte of
// the message type.
type Subsystem uint8

// Subsystems.
const (
	SubsysNone             Subsystem = 0
	SubsysCTNetlink        Subsystem = 1 // connection tracking entries
	SubsysCTNetlinkExp     Subsystem = 2 // connection tracking expectations
	SubsysQueue            Subsystem = 3 // nfnetlink_queue
	SubsysULog             Subsystem = 4 // nfnetlink_log
	SubsysOSF              Subsystem = 5 // passive OS fingerprinting
	SubsysIPSet            Subsystem = 6 // ipset
	SubsysAcct             Subsystem = 7 // extended accounting objects
	SubsysCTNetlinkTimeout Subsystem = 8 // connection tracking timeout policies
	SubsysCTHelper         Subsystem = 9 // user space connection tracking helpers
	SubsysNFTables         Subsystem = 10
	SubsysNFTCompat        Subsystem = 11
	SubsysHook             Subsystem = 12
)

var subsystems = netlink.NewEnum(map[Subsystem]string{
	SubsysNone:             "NFNL_SUBSYS_NONE",
	SubsysCTNetlink:        "NFNL_SUBSYS_CTNETLINK",
	SubsysCTNetlinkExp:     "NFNL_SUBSYS_CTNETLINK_EXP",
	SubsysQueue:            "NFNL_SUBSYS_QUEUE",
	SubsysULog:             "NFNL_SUBSYS_ULOG",
	SubsysOSF:              "NFNL_SUBSYS_OSF",
	SubsysIPSet:            "NFNL_SUBSYS_IPSET",
	SubsysAcct:             "NFNL_SUBSYS_ACCT",
	SubsysCTNetlinkTimeout: "NFNL_SUBSYS_CTNETLINK_TIMEOUT",
	SubsysCTHelper:         "NFNL_SUBSYS_CTHELPER",
	SubsysNFTables:         "NFNL_SUBSYS_NFTABLES",
	SubsysNFTCompat:        "NFNL_SUBSYS_NFT_COMPAT",
	SubsysHook:             "NFNL_SUBSYS_HOOK",
})

// String returns the subsystem's name, such as "NFNL_SUBSYS_CTNETLINK".
func (s Subsystem) String() string { return subsystems.Format(s) }

// MsgType returns the netlink message type of message msg of subsystem s:
// the subsystem in the high byte, the message in the low one.
func MsgType(s Subsystem, msg uint8) netlink.MsgType {
	return netlink.MsgType(s)<<8 | netlink.MsgType(msg)
}

// SplitType is MsgType's inverse.
func SplitType(t netlink.MsgType) (Subsystem, uint8) { return Subsystem(t >> 8), uint8(t) }

// Batch messages (NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END) frame the
// transactions of nf_tables; their ResID names the subsystem.
const (
	BatchBegin netlink.MsgType = netlink.MinType
	BatchEnd   netlink.MsgType = netlink.MinType + 1
)

// Group is an nfnetlink multicast group (NFNLGRP_*).
type Group uint32

// Groups.
const (
	GroupConntrackNew        Group = 1 // connection tracking entries created
	GroupConntrackUpdate     Group = 2 // ... changed
	GroupConntrackDestroy    Group = 3 // ... destroyed
	GroupConntrackExpNew     Group = 4 // expectations created
	GroupConntrackExpUpdate  Group = 5 // ... changed
	GroupConntrackExpDestroy Group = 6 // ... destroyed
	GroupNFTables            Group = 7 // nf_tables ruleset changes
	GroupAcctQuota           Group = 8 // accounting objects over quota
	GroupNFTrace             Group = 9 // nf_tables packet traces
)

var groups = netlink.NewEnum(map[Group]string{
	GroupConntrackNew:        "NFNLGRP_CONNTRACK_NEW",
	GroupConntrackUpdate:     "NFNLGRP_CONNTRACK_UPDATE",
	GroupConntrackDestroy:    "NFNLGRP_CONNTRACK_DESTROY",
	GroupConntrackExpNew:     "NFNLGRP_CONNTRACK_EXP_NEW",
	GroupConntrackExpUpdate:  "NFNLGRP_CONNTRACK_EXP_UPDATE",
	GroupConntrackExpDestroy: "NFNLGRP_CONNTRACK_EXP_DESTROY",
	GroupNFTables:            "NFNLGRP_NFTABLES",
	GroupAcctQuota:           "NFNLGRP_ACCT_QUOTA",
	GroupNFTrace:             "NFNLGRP_NFTRACE",
})

// String returns the group's name, such as "NFNLGRP_CONNTRACK_NEW".
func (g Group) String() string { return groups.Format(g) }
