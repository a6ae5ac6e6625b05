package route

import (
	"context"
	"net"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// BondData is the data of kind "bond" (IFLA_BOND_*).
type BondData struct {
	_ nltag.Set `nla:"link-bond"`
	// Mode is the bonding mode.
	Mode *BondMode `nla:"IFLA_BOND_MODE"`
	// ActiveSlave is the index of the active slave (active-backup and
	// similar modes; 0 clears it).
	ActiveSlave *netlink.IfIndex `nla:"IFLA_BOND_ACTIVE_SLAVE"`
	// MIIMon is the MII link monitoring interval in milliseconds (0: off).
	MIIMon *uint32 `nla:"IFLA_BOND_MIIMON"`
	// UpDelay and DownDelay delay link up and down decisions, in milliseconds.
	UpDelay   *uint32 `nla:"IFLA_BOND_UPDELAY"`
	DownDelay *uint32 `nla:"IFLA_BOND_DOWNDELAY"`
	// UseCarrier makes MII monitoring use the carrier state.
	UseCarrier *bool `nla:"IFLA_BOND_USE_CARRIER,u8"`
	// ARPInterval is the ARP monitoring interval in milliseconds (0: off).
	ARPInterval *uint32 `nla:"IFLA_BOND_ARP_INTERVAL"`
	// ARPIPTargets are the addresses ARP monitoring probes.
	ARPIPTargets []netip.Addr `nla:"IFLA_BOND_ARP_IP_TARGET,ipv4,indexed0"`
	// ARPValidate says which ARP replies count.
	ARPValidate *BondARPValidate `nla:"IFLA_BOND_ARP_VALIDATE"`
	// ARPAllTargets is 0 when any target must answer, 1 when all must.
	ARPAllTargets *uint32 `nla:"IFLA_BOND_ARP_ALL_TARGETS"`
	// Primary is the index of the preferred slave (0 clears it).
	Primary *netlink.IfIndex `nla:"IFLA_BOND_PRIMARY"`
	// PrimaryReselect says when the primary takes over again.
	PrimaryReselect *BondPrimaryReselect `nla:"IFLA_BOND_PRIMARY_RESELECT"`
	// FailOverMAC says how slave addresses follow a failover.
	FailOverMAC *BondFailOverMAC `nla:"IFLA_BOND_FAIL_OVER_MAC"`
	// XmitHashPolicy is the transmit hash of the balancing modes.
	XmitHashPolicy *BondXmitHashPolicy `nla:"IFLA_BOND_XMIT_HASH_POLICY"`
	// ResendIGMP is the number of IGMP reports sent after a failover.
	ResendIGMP *uint32 `nla:"IFLA_BOND_RESEND_IGMP"`
	// NumPeerNotif is the number of gratuitous ARPs/NAs after a failover.
	NumPeerNotif *uint8 `nla:"IFLA_BOND_NUM_PEER_NOTIF"`
	// AllSlavesActive delivers duplicate frames received on inactive slaves.
	AllSlavesActive *bool `nla:"IFLA_BOND_ALL_SLAVES_ACTIVE,u8"`
	// MinLinks is the number of slaves needed for carrier.
	MinLinks *uint32 `nla:"IFLA_BOND_MIN_LINKS"`
	// LPInterval is the learning-packet interval in seconds (balance-tlb/alb).
	LPInterval uint32 `nla:"IFLA_BOND_LP_INTERVAL,omitempty"`
	// PacketsPerSlave is the number of packets sent on a slave before the
	// next (balance-rr).
	PacketsPerSlave *uint32 `nla:"IFLA_BOND_PACKETS_PER_SLAVE"`
	// ADLACPRate is the LACPDU rate asked of the partner: 0 slow, 1 fast.
	ADLACPRate *uint8 `nla:"IFLA_BOND_AD_LACP_RATE"`
	// ADSelect is the aggregator selection logic.
	ADSelect *BondADSelect `nla:"IFLA_BOND_AD_SELECT"`
	// ADInfo describes the active 802.3ad aggregator.
	ADInfo *BondADInfo `nla:"IFLA_BOND_AD_INFO"`
	// ADActorSysPrio, ADUserPortKey and ADActorSystem are 802.3ad actor
	// parameters.
	ADActorSysPrio uint16           `nla:"IFLA_BOND_AD_ACTOR_SYS_PRIO,omitempty"`
	ADUserPortKey  *uint16          `nla:"IFLA_BOND_AD_USER_PORT_KEY"`
	ADActorSystem  net.HardwareAddr `nla:"IFLA_BOND_AD_ACTOR_SYSTEM"`
	// TLBDynamicLB balances by load (balance-tlb).
	TLBDynamicLB *bool `nla:"IFLA_BOND_TLB_DYNAMIC_LB,u8"`
	// PeerNotifDelay is the delay between peer notifications, in milliseconds.
	PeerNotifDelay *uint32 `nla:"IFLA_BOND_PEER_NOTIF_DELAY"`
	// ADLACPActive sends LACPDUs actively.
	ADLACPActive *bool `nla:"IFLA_BOND_AD_LACP_ACTIVE,u8"`
	// MissedMax is the number of missed ARP/NS probes before a slave is down.
	MissedMax uint8 `nla:"IFLA_BOND_MISSED_MAX,omitempty"`
	// NSIP6Targets are the addresses NS monitoring probes.
	NSIP6Targets []netip.Addr `nla:"IFLA_BOND_NS_IP6_TARGET,ipv6,indexed0"`
	// CoupledControl couples collecting and distributing (802.3ad).
	CoupledControl *bool `nla:"IFLA_BOND_COUPLED_CONTROL,u8"`
	// BroadcastNeigh broadcasts ARP/ND on all slaves (802.3ad).
	BroadcastNeigh *bool `nla:"IFLA_BOND_BROADCAST_NEIGH,u8"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// BondADInfo is IFLA_BOND_AD_INFO: the active 802.3ad aggregator.
type BondADInfo struct {
	_          nltag.Set        `nla:"link-bond-ad-info"`
	Aggregator uint16           `nla:"IFLA_BOND_AD_INFO_AGGREGATOR,omitempty"`
	NumPorts   uint16           `nla:"IFLA_BOND_AD_INFO_NUM_PORTS,omitempty"`
	ActorKey   uint16           `nla:"IFLA_BOND_AD_INFO_ACTOR_KEY,omitempty"`
	PartnerKey uint16           `nla:"IFLA_BOND_AD_INFO_PARTNER_KEY,omitempty"`
	PartnerMAC net.HardwareAddr `nla:"IFLA_BOND_AD_INFO_PARTNER_MAC"`
	Wire       nltag.Wire
}

// BondSlaveData is the slave data of a bond port (slave kind "bond",
// IFLA_BOND_SLAVE_*).
type BondSlaveData struct {
	_ nltag.Set `nla:"link-bond-slave"`
	// State is the slave's state: active or backup.
	State BondSlaveState `nla:"IFLA_BOND_SLAVE_STATE,omitempty"`
	// MIIStatus is the slave's link state as the bond sees it.
	MIIStatus BondMIIStatus `nla:"IFLA_BOND_SLAVE_MII_STATUS,omitempty"`
	// LinkFailureCount counts link failures.
	LinkFailureCount uint32 `nla:"IFLA_BOND_SLAVE_LINK_FAILURE_COUNT,omitempty"`
	// PermHWAddr is the slave's own address, before the bond changed it.
	PermHWAddr net.HardwareAddr `nla:"IFLA_BOND_SLAVE_PERM_HWADDR"`
	// QueueID is the transmit queue the slave is mapped to.
	QueueID *uint16 `nla:"IFLA_BOND_SLAVE_QUEUE_ID"`
	// ADAggregatorID is the 802.3ad aggregator of the slave.
	ADAggregatorID uint16 `nla:"IFLA_BOND_SLAVE_AD_AGGREGATOR_ID,omitempty"`
	// ADActorOperPortState and ADPartnerOperPortState are the 802.3ad port
	// states (LACP_STATE_* bits).
	ADActorOperPortState   uint8  `nla:"IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE,omitempty"`
	ADPartnerOperPortState uint16 `nla:"IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE,omitempty"`
	// Prio is the slave's priority for primary reselection.
	Prio *int32 `nla:"IFLA_BOND_SLAVE_PRIO"`
	// ActorPortPrio is the 802.3ad actor port priority.
	ActorPortPrio *uint16 `nla:"IFLA_BOND_SLAVE_ACTOR_PORT_PRIO"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// BondMode is a bonding mode (BOND_MODE_*).
type BondMode uint8

// The bonding modes.
const (
	BondModeBalanceRR    BondMode = 0
	BondModeActiveBackup BondMode = 1
	BondModeBalanceXOR   BondMode = 2
	BondModeBroadcast    BondMode = 3
	BondMode8023AD       BondMode = 4
	BondModeBalanceTLB   BondMode = 5
	BondModeBalanceALB   BondMode = 6
)

var bondModes = netlink.NewEnum(map[BondMode]string{
	BondModeBalanceRR: "balance-rr", BondModeActiveBackup: "active-backup", BondModeBalanceXOR: "balance-xor",
	BondModeBroadcast: "broadcast", BondMode8023AD: "802.3ad", BondModeBalanceTLB: "balance-tlb",
	BondModeBalanceALB: "balance-alb",
})

// String returns the mode's name as the bonding driver spells it.
func (m BondMode) String() string { return bondModes.Format(m) }

// BondARPValidate says which ARP replies validate a slave (BOND_ARP_VALIDATE_*).
type BondARPValidate uint32

// The ARP validation settings.
const (
	BondARPValidateNone         BondARPValidate = 0
	BondARPValidateActive       BondARPValidate = 1
	BondARPValidateBackup       BondARPValidate = 2
	BondARPValidateAll          BondARPValidate = 3
	BondARPValidateFilter       BondARPValidate = 4
	BondARPValidateFilterActive BondARPValidate = 5
	BondARPValidateFilterBackup BondARPValidate = 6
)

var bondARPValidates = netlink.NewEnum(map[BondARPValidate]string{
	BondARPValidateNone: "none", BondARPValidateActive: "active", BondARPValidateBackup: "backup",
	BondARPValidateAll: "all", BondARPValidateFilter: "filter", BondARPValidateFilterActive: "filter_active",
	BondARPValidateFilterBackup: "filter_backup",
})

// String returns the setting's name.
func (v BondARPValidate) String() string { return bondARPValidates.Format(v) }

// BondPrimaryReselect says when the primary slave takes over again
// (BOND_PRI_RESELECT_*).
type BondPrimaryReselect uint8

// The reselection policies.
const (
	BondPrimaryReselectAlways  BondPrimaryReselect = 0
	BondPrimaryReselectBetter  BondPrimaryReselect = 1
	BondPrimaryReselectFailure BondPrimaryReselect = 2
)

var bondPrimaryReselects = netlink.NewEnum(map[BondPrimaryReselect]string{
	BondPrimaryReselectAlways: "always", BondPrimaryReselectBetter: "better", BondPrimaryReselectFailure: "failure",
})

// String returns the policy's name.
func (r BondPrimaryReselect) String() string { return bondPrimaryReselects.Format(r) }

// BondFailOverMAC says how addresses follow a failover (BOND_FOM_*).
type BondFailOverMAC uint8

// The fail-over-MAC policies.
const (
	BondFailOverMACNone   BondFailOverMAC = 0
	BondFailOverMACActive BondFailOverMAC = 1
	BondFailOverMACFollow BondFailOverMAC = 2
)

var bondFailOverMACs = netlink.NewEnum(map[BondFailOverMAC]string{
	BondFailOverMACNone: "none", BondFailOverMACActive: "active", BondFailOverMACFollow: "follow",
})

// String returns the policy's name.
func (f BondFailOverMAC) String() string { return bondFailOverMACs.Format(f) }

// BondXmitHashPolicy is the transmit hash policy (BOND_XMIT_POLICY_*).
type BondXmitHashPolicy uint8

// The transmit hash policies.
const (
	BondXmitHashLayer2     BondXmitHashPolicy = 0
	BondXmitHashLayer34    BondXmitHashPolicy = 1
	BondXmitHashLayer23    BondXmitHashPolicy = 2
	BondXmitHashEncap23    BondXmitHashPolicy = 3
	BondXmitHashEncap34    BondXmitHashPolicy = 4
	BondXmitHashVLANSrcMAC BondXmitHashPolicy = 5
)

var bondXmitHashPolicies = netlink.NewEnum(map[BondXmitHashPolicy]string{
	BondXmitHashLayer2: "layer2", BondXmitHashLayer34: "layer3+4", BondXmitHashLayer23: "layer2+3",
	BondXmitHashEncap23: "encap2+3", BondXmitHashEncap34: "encap3+4", BondXmitHashVLANSrcMAC: "vlan+srcmac",
})

// String returns the policy's name.
func (p BondXmitHashPolicy) String() string { return bondXmitHashPolicies.Format(p) }

// BondADSelect is the 802.3ad aggregator selection logic (BOND_AD_*).
type BondADSelect uint8

// The aggregator selection policies.
const (
	BondADSelectStable    BondADSelect = 0
	BondADSelectBandwidth BondADSelect = 1
	BondADSelectCount     BondADSelect = 2
	BondADSelectPrio      BondADSelect = 3
)

var bondADSelects = netlink.NewEnum(map[BondADSelect]string{
	BondADSelectStable: "stable", BondADSelectBandwidth: "bandwidth", BondADSelectCount: "count",
	BondADSelectPrio: "prio",
})

// String returns the policy's name.
func (s BondADSelect) String() string { return bondADSelects.Format(s) }

// BondSlaveState is a slave's state (BOND_STATE_*).
type BondSlaveState uint8

// The slave states.
const (
	BondSlaveActive BondSlaveState = 0
	BondSlaveBackup BondSlaveState = 1
)

var bondSlaveStates = netlink.NewEnum(map[BondSlaveState]string{BondSlaveActive: "ACTIVE", BondSlaveBackup: "BACKUP"})

// String returns the state's name.
func (s BondSlaveState) String() string { return bondSlaveStates.Format(s) }

// BondMIIStatus is a slave's link state (BOND_LINK_*).
type BondMIIStatus uint8

// The slave link states.
const (
	BondLinkUp   BondMIIStatus = 0
	BondLinkFail BondMIIStatus = 1
	BondLinkDown BondMIIStatus = 2
	BondLinkBack BondMIIStatus = 3
)

var bondMIIStatuses = netlink.NewEnum(map[BondMIIStatus]string{
	BondLinkUp: "UP", BondLinkFail: "GOING_DOWN", BondLinkDown: "DOWN", BondLinkBack: "GOING_BACK",
})

// String returns the state's name as ip(8) prints it.
func (s BondMIIStatus) String() string { return bondMIIStatuses.Format(s) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-bond", Attrs: map[string]uint16{
	"IFLA_BOND_UNSPEC":            unix.IFLA_BOND_UNSPEC,
	"IFLA_BOND_MODE":              unix.IFLA_BOND_MODE,
	"IFLA_BOND_ACTIVE_SLAVE":      unix.IFLA_BOND_ACTIVE_SLAVE,
	"IFLA_BOND_MIIMON":            unix.IFLA_BOND_MIIMON,
	"IFLA_BOND_UPDELAY":           unix.IFLA_BOND_UPDELAY,
	"IFLA_BOND_DOWNDELAY":         unix.IFLA_BOND_DOWNDELAY,
	"IFLA_BOND_USE_CARRIER":       unix.IFLA_BOND_USE_CARRIER,
	"IFLA_BOND_ARP_INTERVAL":      unix.IFLA_BOND_ARP_INTERVAL,
	"IFLA_BOND_ARP_IP_TARGET":     unix.IFLA_BOND_ARP_IP_TARGET,
	"IFLA_BOND_ARP_VALIDATE":      unix.IFLA_BOND_ARP_VALIDATE,
	"IFLA_BOND_ARP_ALL_TARGETS":   unix.IFLA_BOND_ARP_ALL_TARGETS,
	"IFLA_BOND_PRIMARY":           unix.IFLA_BOND_PRIMARY,
	"IFLA_BOND_PRIMARY_RESELECT":  unix.IFLA_BOND_PRIMARY_RESELECT,
	"IFLA_BOND_FAIL_OVER_MAC":     unix.IFLA_BOND_FAIL_OVER_MAC,
	"IFLA_BOND_XMIT_HASH_POLICY":  unix.IFLA_BOND_XMIT_HASH_POLICY,
	"IFLA_BOND_RESEND_IGMP":       unix.IFLA_BOND_RESEND_IGMP,
	"IFLA_BOND_NUM_PEER_NOTIF":    unix.IFLA_BOND_NUM_PEER_NOTIF,
	"IFLA_BOND_ALL_SLAVES_ACTIVE": unix.IFLA_BOND_ALL_SLAVES_ACTIVE,
	"IFLA_BOND_MIN_LINKS":         unix.IFLA_BOND_MIN_LINKS,
	"IFLA_BOND_LP_INTERVAL":       unix.IFLA_BOND_LP_INTERVAL,
	"IFLA_BOND_PACKETS_PER_SLAVE": unix.IFLA_BOND_PACKETS_PER_SLAVE,
	"IFLA_BOND_AD_LACP_RATE":      unix.IFLA_BOND_AD_LACP_RATE,
	"IFLA_BOND_AD_SELECT":         unix.IFLA_BOND_AD_SELECT,
	"IFLA_BOND_AD_INFO":           unix.IFLA_BOND_AD_INFO,
	"IFLA_BOND_AD_ACTOR_SYS_PRIO": unix.IFLA_BOND_AD_ACTOR_SYS_PRIO,
	"IFLA_BOND_AD_USER_PORT_KEY":  unix.IFLA_BOND_AD_USER_PORT_KEY,
	"IFLA_BOND_AD_ACTOR_SYSTEM":   unix.IFLA_BOND_AD_ACTOR_SYSTEM,
	"IFLA_BOND_TLB_DYNAMIC_LB":    unix.IFLA_BOND_TLB_DYNAMIC_LB,
	"IFLA_BOND_PEER_NOTIF_DELAY":  unix.IFLA_BOND_PEER_NOTIF_DELAY,
	"IFLA_BOND_AD_LACP_ACTIVE":    unix.IFLA_BOND_AD_LACP_ACTIVE,
	"IFLA_BOND_MISSED_MAX":        unix.IFLA_BOND_MISSED_MAX,
	"IFLA_BOND_NS_IP6_TARGET":     unix.IFLA_BOND_NS_IP6_TARGET,
	"IFLA_BOND_COUPLED_CONTROL":   unix.IFLA_BOND_COUPLED_CONTROL,
	"IFLA_BOND_BROADCAST_NEIGH":   33, // newer than x/sys/unix
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-bond-ad-info", Attrs: map[string]uint16{
	"IFLA_BOND_AD_INFO_UNSPEC":      unix.IFLA_BOND_AD_INFO_UNSPEC,
	"IFLA_BOND_AD_INFO_AGGREGATOR":  unix.IFLA_BOND_AD_INFO_AGGREGATOR,
	"IFLA_BOND_AD_INFO_NUM_PORTS":   unix.IFLA_BOND_AD_INFO_NUM_PORTS,
	"IFLA_BOND_AD_INFO_ACTOR_KEY":   unix.IFLA_BOND_AD_INFO_ACTOR_KEY,
	"IFLA_BOND_AD_INFO_PARTNER_KEY": unix.IFLA_BOND_AD_INFO_PARTNER_KEY,
	"IFLA_BOND_AD_INFO_PARTNER_MAC": unix.IFLA_BOND_AD_INFO_PARTNER_MAC,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-bond-slave", Attrs: map[string]uint16{
	"IFLA_BOND_SLAVE_UNSPEC":                     unix.IFLA_BOND_SLAVE_UNSPEC,
	"IFLA_BOND_SLAVE_STATE":                      unix.IFLA_BOND_SLAVE_STATE,
	"IFLA_BOND_SLAVE_MII_STATUS":                 unix.IFLA_BOND_SLAVE_MII_STATUS,
	"IFLA_BOND_SLAVE_LINK_FAILURE_COUNT":         unix.IFLA_BOND_SLAVE_LINK_FAILURE_COUNT,
	"IFLA_BOND_SLAVE_PERM_HWADDR":                unix.IFLA_BOND_SLAVE_PERM_HWADDR,
	"IFLA_BOND_SLAVE_QUEUE_ID":                   unix.IFLA_BOND_SLAVE_QUEUE_ID,
	"IFLA_BOND_SLAVE_AD_AGGREGATOR_ID":           unix.IFLA_BOND_SLAVE_AD_AGGREGATOR_ID,
	"IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE":   unix.IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE,
	"IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE": unix.IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE,
	"IFLA_BOND_SLAVE_PRIO":                       unix.IFLA_BOND_SLAVE_PRIO,
	"IFLA_BOND_SLAVE_ACTOR_PORT_PRIO":            10, // newer than x/sys/unix
}})

func init() {
	nltag.RegisterSubMessageOf[BondData]("link-kind", "bond")
	nltag.RegisterSubMessageOf[BondSlaveData]("link-slave-kind", "bond")
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
