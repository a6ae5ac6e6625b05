package route

import (
	"context"
	"net"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// BridgeData is the data of kind "bridge" (IFLA_BR_*). Times are in
// hundredths of a second (USER_HZ), as in sysfs.
type BridgeData struct {
	_ nltag.Set `nla:"link-bridge"`
	// ForwardDelay, HelloTime and MaxAge are the STP timers.
	ForwardDelay *uint32 `nla:"IFLA_BR_FORWARD_DELAY"`
	HelloTime    uint32  `nla:"IFLA_BR_HELLO_TIME,omitempty"`
	MaxAge       uint32  `nla:"IFLA_BR_MAX_AGE,omitempty"`
	// AgeingTime is the lifetime of learned FDB entries.
	AgeingTime *uint32 `nla:"IFLA_BR_AGEING_TIME"`
	// STPState is 0 without STP, 1 for kernel STP, 2 for user-space STP.
	STPState *uint32 `nla:"IFLA_BR_STP_STATE"`
	// Priority is the bridge priority.
	Priority *uint16 `nla:"IFLA_BR_PRIORITY"`
	// VLANFiltering enables VLAN filtering.
	VLANFiltering *bool `nla:"IFLA_BR_VLAN_FILTERING,u8"`
	// VLANProtocol is the protocol of VLAN filtering.
	VLANProtocol VLANProtocol `nla:"IFLA_BR_VLAN_PROTOCOL,be16,omitempty"`
	// GroupFwdMask selects the link-local groups that are forwarded.
	GroupFwdMask *uint16 `nla:"IFLA_BR_GROUP_FWD_MASK"`
	// RootID and BridgeID are the STP root and own bridge ids.
	RootID   *BridgeID `nla:"IFLA_BR_ROOT_ID"`
	BridgeID *BridgeID `nla:"IFLA_BR_BRIDGE_ID"`
	// RootPort and RootPathCost describe the path to the root.
	RootPort     uint16 `nla:"IFLA_BR_ROOT_PORT,omitempty"`
	RootPathCost uint32 `nla:"IFLA_BR_ROOT_PATH_COST,omitempty"`
	// TopologyChange and TopologyChangeDetected are the STP flags.
	TopologyChange         bool `nla:"IFLA_BR_TOPOLOGY_CHANGE,u8,omitempty"`
	TopologyChangeDetected bool `nla:"IFLA_BR_TOPOLOGY_CHANGE_DETECTED,u8,omitempty"`
	// The remaining times of the STP and garbage-collection timers.
	HelloTimer          uint64 `nla:"IFLA_BR_HELLO_TIMER,omitempty"`
	TCNTimer            uint64 `nla:"IFLA_BR_TCN_TIMER,omitempty"`
	TopologyChangeTimer uint64 `nla:"IFLA_BR_TOPOLOGY_CHANGE_TIMER,omitempty"`
	GCTimer             uint64 `nla:"IFLA_BR_GC_TIMER,omitempty"`
	// GroupAddr is the STP group address.
	GroupAddr net.HardwareAddr `nla:"IFLA_BR_GROUP_ADDR"`
	// FDBFlush flushes the FDB (request).
	FDBFlush bool `nla:"IFLA_BR_FDB_FLUSH"`
	// MCastRouter is the multicast router mode: 0 disabled, 1 learned by
	// queries, 2 permanent.
	MCastRouter *uint8 `nla:"IFLA_BR_MCAST_ROUTER"`
	// MCastSnooping enables IGMP/MLD snooping.
	MCastSnooping *bool `nla:"IFLA_BR_MCAST_SNOOPING,u8"`
	// MCastQueryUseIfaddr uses the bridge's address as the querier source.
	MCastQueryUseIfaddr *bool `nla:"IFLA_BR_MCAST_QUERY_USE_IFADDR,u8"`
	// MCastQuerier enables the bridge's own querier.
	MCastQuerier *bool `nla:"IFLA_BR_MCAST_QUERIER,u8"`
	// Multicast database sizing and counters.
	MCastHashElasticity  uint32 `nla:"IFLA_BR_MCAST_HASH_ELASTICITY,omitempty"`
	MCastHashMax         uint32 `nla:"IFLA_BR_MCAST_HASH_MAX,omitempty"`
	MCastLastMemberCnt   uint32 `nla:"IFLA_BR_MCAST_LAST_MEMBER_CNT,omitempty"`
	MCastStartupQueryCnt uint32 `nla:"IFLA_BR_MCAST_STARTUP_QUERY_CNT,omitempty"`
	// Multicast intervals.
	MCastLastMemberIntvl    uint64 `nla:"IFLA_BR_MCAST_LAST_MEMBER_INTVL,omitempty"`
	MCastMembershipIntvl    uint64 `nla:"IFLA_BR_MCAST_MEMBERSHIP_INTVL,omitempty"`
	MCastQuerierIntvl       uint64 `nla:"IFLA_BR_MCAST_QUERIER_INTVL,omitempty"`
	MCastQueryIntvl         uint64 `nla:"IFLA_BR_MCAST_QUERY_INTVL,omitempty"`
	MCastQueryResponseIntvl uint64 `nla:"IFLA_BR_MCAST_QUERY_RESPONSE_INTVL,omitempty"`
	MCastStartupQueryIntvl  uint64 `nla:"IFLA_BR_MCAST_STARTUP_QUERY_INTVL,omitempty"`
	// NFCallIPTables, NFCallIP6Tables and NFCallARPTables pass bridged
	// traffic through the IP, IPv6 and ARP netfilter hooks.
	NFCallIPTables  *bool `nla:"IFLA_BR_NF_CALL_IPTABLES,u8"`
	NFCallIP6Tables *bool `nla:"IFLA_BR_NF_CALL_IP6TABLES,u8"`
	NFCallARPTables *bool `nla:"IFLA_BR_NF_CALL_ARPTABLES,u8"`
	// VLANDefaultPVID is the PVID of new ports (0: none).
	VLANDefaultPVID *uint16 `nla:"IFLA_BR_VLAN_DEFAULT_PVID"`
	// VLANStatsEnabled and MCastStatsEnabled enable per-VLAN and multicast
	// statistics.
	VLANStatsEnabled  *bool `nla:"IFLA_BR_VLAN_STATS_ENABLED,u8"`
	MCastStatsEnabled *bool `nla:"IFLA_BR_MCAST_STATS_ENABLED,u8"`
	// MCastIGMPVersion and MCastMLDVersion are the protocol versions.
	MCastIGMPVersion uint8 `nla:"IFLA_BR_MCAST_IGMP_VERSION,omitempty"`
	MCastMLDVersion  uint8 `nla:"IFLA_BR_MCAST_MLD_VERSION,omitempty"`
	// VLANStatsPerPort keeps VLAN statistics per port.
	VLANStatsPerPort *bool `nla:"IFLA_BR_VLAN_STATS_PER_PORT,u8"`
	// MultiBoolOpt holds boolean options (BR_BOOLOPT_* bits) and the mask of
	// those a request changes.
	MultiBoolOpt *BridgeBoolOpt `nla:"IFLA_BR_MULTI_BOOLOPT"`
	// MCastQuerierState is the state of the elected queriers (nested
	// BRIDGE_QUERIER_* attributes, kept as they are).
	MCastQuerierState []byte `nla:"IFLA_BR_MCAST_QUERIER_STATE"`
	// FDBNLearned counts learned FDB entries; FDBMaxLearned caps them (0: no cap).
	FDBNLearned   uint32  `nla:"IFLA_BR_FDB_N_LEARNED,omitempty"`
	FDBMaxLearned *uint32 `nla:"IFLA_BR_FDB_MAX_LEARNED"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// BridgeID is struct ifla_bridge_id: an STP bridge identifier.
type BridgeID struct {
	// Priority is the bridge priority (network order on the wire).
	Priority uint16 `nla:",be16"`
	// Addr is the bridge address.
	Addr [6]byte
}

// BridgeBoolOpt is struct br_boolopt_multi.
type BridgeBoolOpt struct {
	// OptVal holds option bits (1 << BR_BOOLOPT_*).
	OptVal uint32
	// OptMask selects the bits a request changes.
	OptMask uint32
}

// BridgePortData is the slave data of a bridge port (slave kind "bridge",
// IFLA_BRPORT_*), and IFLA_PROTINFO in AF_BRIDGE link messages. Switches
// are *bool: the kernel reports them as u8 values.
type BridgePortData struct {
	_ nltag.Set `nla:"link-bridge-port"`
	// State is the STP state of the port.
	State *BridgePortState `nla:"IFLA_BRPORT_STATE"`
	// Priority and Cost are the STP port priority and path cost.
	Priority *uint16 `nla:"IFLA_BRPORT_PRIORITY"`
	Cost     *uint32 `nla:"IFLA_BRPORT_COST"`
	// Hairpin (IFLA_BRPORT_MODE) lets frames go back out the port they
	// came in.
	Hairpin *bool `nla:"IFLA_BRPORT_MODE,u8"`
	// Guard blocks STP BPDUs; RootBlock (IFLA_BRPORT_PROTECT) stops the
	// port from becoming root port.
	Guard     *bool `nla:"IFLA_BRPORT_GUARD,u8"`
	RootBlock *bool `nla:"IFLA_BRPORT_PROTECT,u8"`
	// FastLeave removes a group at once on an IGMP/MLD leave.
	FastLeave *bool `nla:"IFLA_BRPORT_FAST_LEAVE,u8"`
	// Learning learns source addresses into the FDB.
	Learning *bool `nla:"IFLA_BRPORT_LEARNING,u8"`
	// UnicastFlood floods unknown unicast traffic to the port.
	UnicastFlood *bool `nla:"IFLA_BRPORT_UNICAST_FLOOD,u8"`
	// ProxyARP and ProxyARPWiFi answer ARP on behalf of known hosts.
	ProxyARP *bool `nla:"IFLA_BRPORT_PROXYARP,u8"`
	// LearningSync syncs learned addresses from the device.
	LearningSync *bool `nla:"IFLA_BRPORT_LEARNING_SYNC,u8"`
	ProxyARPWiFi *bool `nla:"IFLA_BRPORT_PROXYARP_WIFI,u8"`
	// RootID and BridgeID are the designated root and bridge.
	RootID   *BridgeID `nla:"IFLA_BRPORT_ROOT_ID"`
	BridgeID *BridgeID `nla:"IFLA_BRPORT_BRIDGE_ID"`
	// STP port identifiers and costs.
	DesignatedPort uint16 `nla:"IFLA_BRPORT_DESIGNATED_PORT,omitempty"`
	DesignatedCost uint16 `nla:"IFLA_BRPORT_DESIGNATED_COST,omitempty"`
	ID             uint16 `nla:"IFLA_BRPORT_ID,omitempty"`
	No             uint16 `nla:"IFLA_BRPORT_NO,omitempty"`
	// TopologyChangeAck and ConfigPending are STP flags.
	TopologyChangeAck bool `nla:"IFLA_BRPORT_TOPOLOGY_CHANGE_ACK,u8,omitempty"`
	ConfigPending     bool `nla:"IFLA_BRPORT_CONFIG_PENDING,u8,omitempty"`
	// Remaining times of the STP timers.
	MessageAgeTimer   uint64 `nla:"IFLA_BRPORT_MESSAGE_AGE_TIMER,omitempty"`
	ForwardDelayTimer uint64 `nla:"IFLA_BRPORT_FORWARD_DELAY_TIMER,omitempty"`
	HoldTimer         uint64 `nla:"IFLA_BRPORT_HOLD_TIMER,omitempty"`
	// Flush flushes the port's FDB entries (request).
	Flush bool `nla:"IFLA_BRPORT_FLUSH"`
	// MulticastRouter is the port's multicast router mode (0 disabled,
	// 1 learned, 2 permanent, 3 temporary).
	MulticastRouter *uint8 `nla:"IFLA_BRPORT_MULTICAST_ROUTER"`
	// MCastFlood floods unknown multicast; MCastToUcast converts multicast
	// to unicast; BcastFlood floods broadcasts.
	MCastFlood   *bool `nla:"IFLA_BRPORT_MCAST_FLOOD,u8"`
	MCastToUcast *bool `nla:"IFLA_BRPORT_MCAST_TO_UCAST,u8"`
	// VLANTunnel maps VLANs to tunnel ids.
	VLANTunnel *bool `nla:"IFLA_BRPORT_VLAN_TUNNEL,u8"`
	BcastFlood *bool `nla:"IFLA_BRPORT_BCAST_FLOOD,u8"`
	// GroupFwdMask selects link-local groups forwarded from this port.
	GroupFwdMask *uint16 `nla:"IFLA_BRPORT_GROUP_FWD_MASK"`
	// NeighSuppress suppresses ARP/ND for known hosts.
	NeighSuppress *bool `nla:"IFLA_BRPORT_NEIGH_SUPPRESS,u8"`
	// Isolated ports cannot talk to each other.
	Isolated *bool `nla:"IFLA_BRPORT_ISOLATED,u8"`
	// BackupPort is the index of the port that takes over on carrier loss
	// (0 removes it).
	BackupPort *uint32 `nla:"IFLA_BRPORT_BACKUP_PORT"`
	// MRPRingOpen and MRPInOpen are MRP states.
	MRPRingOpen *bool `nla:"IFLA_BRPORT_MRP_RING_OPEN,u8"`
	MRPInOpen   *bool `nla:"IFLA_BRPORT_MRP_IN_OPEN,u8"`
	// MCastEHTHostsLimit and MCastEHTHostsCnt bound and count tracked hosts.
	MCastEHTHostsLimit uint32 `nla:"IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT,omitempty"`
	MCastEHTHostsCnt   uint32 `nla:"IFLA_BRPORT_MCAST_EHT_HOSTS_CNT,omitempty"`
	// Locked ports accept only authenticated hosts; MAB enables MAC
	// authentication bypass.
	Locked *bool `nla:"IFLA_BRPORT_LOCKED,u8"`
	MAB    *bool `nla:"IFLA_BRPORT_MAB,u8"`
	// MCastNGroups counts multicast groups; MCastMaxGroups caps them (0: no cap).
	MCastNGroups   uint32  `nla:"IFLA_BRPORT_MCAST_N_GROUPS,omitempty"`
	MCastMaxGroups *uint32 `nla:"IFLA_BRPORT_MCAST_MAX_GROUPS"`
	// NeighVLANSuppress suppresses ARP/ND per VLAN.
	NeighVLANSuppress *bool `nla:"IFLA_BRPORT_NEIGH_VLAN_SUPPRESS,u8"`
	// BackupNHID is the nexthop id of the backup port (0 removes it).
	BackupNHID *uint32 `nla:"IFLA_BRPORT_BACKUP_NHID"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// BridgePortState is a bridge port's STP state (BR_STATE_*).
type BridgePortState uint8

// The port states.
const (
	BridgePortDisabled   BridgePortState = 0
	BridgePortListening  BridgePortState = 1
	BridgePortLearning   BridgePortState = 2
	BridgePortForwarding BridgePortState = 3
	BridgePortBlocking   BridgePortState = 4
)

var bridgePortStates = netlink.NewEnum(map[BridgePortState]string{
	BridgePortDisabled: "DISABLED", BridgePortListening: "LISTENING", BridgePortLearning: "LEARNING",
	BridgePortForwarding: "FORWARDING", BridgePortBlocking: "BLOCKING",
})

// String returns the state's name.
func (s BridgePortState) String() string { return bridgePortStates.Format(s) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-bridge", Attrs: map[string]uint16{
	"IFLA_BR_UNSPEC":                     unix.IFLA_BR_UNSPEC,
	"IFLA_BR_FORWARD_DELAY":              unix.IFLA_BR_FORWARD_DELAY,
	"IFLA_BR_HELLO_TIME":                 unix.IFLA_BR_HELLO_TIME,
	"IFLA_BR_MAX_AGE":                    unix.IFLA_BR_MAX_AGE,
	"IFLA_BR_AGEING_TIME":                unix.IFLA_BR_AGEING_TIME,
	"IFLA_BR_STP_STATE":                  unix.IFLA_BR_STP_STATE,
	"IFLA_BR_PRIORITY":                   unix.IFLA_BR_PRIORITY,
	"IFLA_BR_VLAN_FILTERING":             unix.IFLA_BR_VLAN_FILTERING,
	"IFLA_BR_VLAN_PROTOCOL":              unix.IFLA_BR_VLAN_PROTOCOL,
	"IFLA_BR_GROUP_FWD_MASK":             unix.IFLA_BR_GROUP_FWD_MASK,
	"IFLA_BR_ROOT_ID":                    unix.IFLA_BR_ROOT_ID,
	"IFLA_BR_BRIDGE_ID":                  unix.IFLA_BR_BRIDGE_ID,
	"IFLA_BR_ROOT_PORT":                  unix.IFLA_BR_ROOT_PORT,
	"IFLA_BR_ROOT_PATH_COST":             unix.IFLA_BR_ROOT_PATH_COST,
	"IFLA_BR_TOPOLOGY_CHANGE":            unix.IFLA_BR_TOPOLOGY_CHANGE,
	"IFLA_BR_TOPOLOGY_CHANGE_DETECTED":   unix.IFLA_BR_TOPOLOGY_CHANGE_DETECTED,
	"IFLA_BR_HELLO_TIMER":                unix.IFLA_BR_HELLO_TIMER,
	"IFLA_BR_TCN_TIMER":                  unix.IFLA_BR_TCN_TIMER,
	"IFLA_BR_TOPOLOGY_CHANGE_TIMER":      unix.IFLA_BR_TOPOLOGY_CHANGE_TIMER,
	"IFLA_BR_GC_TIMER":                   unix.IFLA_BR_GC_TIMER,
	"IFLA_BR_GROUP_ADDR":                 unix.IFLA_BR_GROUP_ADDR,
	"IFLA_BR_FDB_FLUSH":                  unix.IFLA_BR_FDB_FLUSH,
	"IFLA_BR_MCAST_ROUTER":               unix.IFLA_BR_MCAST_ROUTER,
	"IFLA_BR_MCAST_SNOOPING":             unix.IFLA_BR_MCAST_SNOOPING,
	"IFLA_BR_MCAST_QUERY_USE_IFADDR":     unix.IFLA_BR_MCAST_QUERY_USE_IFADDR,
	"IFLA_BR_MCAST_QUERIER":              unix.IFLA_BR_MCAST_QUERIER,
	"IFLA_BR_MCAST_HASH_ELASTICITY":      unix.IFLA_BR_MCAST_HASH_ELASTICITY,
	"IFLA_BR_MCAST_HASH_MAX":             unix.IFLA_BR_MCAST_HASH_MAX,
	"IFLA_BR_MCAST_LAST_MEMBER_CNT":      unix.IFLA_BR_MCAST_LAST_MEMBER_CNT,
	"IFLA_BR_MCAST_STARTUP_QUERY_CNT":    unix.IFLA_BR_MCAST_STARTUP_QUERY_CNT,
	"IFLA_BR_MCAST_LAST_MEMBER_INTVL":    unix.IFLA_BR_MCAST_LAST_MEMBER_INTVL,
	"IFLA_BR_MCAST_MEMBERSHIP_INTVL":     unix.IFLA_BR_MCAST_MEMBERSHIP_INTVL,
	"IFLA_BR_MCAST_QUERIER_INTVL":        unix.IFLA_BR_MCAST_QUERIER_INTVL,
	"IFLA_BR_MCAST_QUERY_INTVL":          unix.IFLA_BR_MCAST_QUERY_INTVL,
	"IFLA_BR_MCAST_QUERY_RESPONSE_INTVL": unix.IFLA_BR_MCAST_QUERY_RESPONSE_INTVL,
	"IFLA_BR_MCAST_STARTUP_QUERY_INTVL":  unix.IFLA_BR_MCAST_STARTUP_QUERY_INTVL,
	"IFLA_BR_NF_CALL_IPTABLES":           unix.IFLA_BR_NF_CALL_IPTABLES,
	"IFLA_BR_NF_CALL_IP6TABLES":          unix.IFLA_BR_NF_CALL_IP6TABLES,
	"IFLA_BR_NF_CALL_ARPTABLES":          unix.IFLA_BR_NF_CALL_ARPTABLES,
	"IFLA_BR_VLAN_DEFAULT_PVID":          unix.IFLA_BR_VLAN_DEFAULT_PVID,
	"IFLA_BR_PAD":                        unix.IFLA_BR_PAD,
	"IFLA_BR_VLAN_STATS_ENABLED":         unix.IFLA_BR_VLAN_STATS_ENABLED,
	"IFLA_BR_MCAST_STATS_ENABLED":        unix.IFLA_BR_MCAST_STATS_ENABLED,
	"IFLA_BR_MCAST_IGMP_VERSION":         unix.IFLA_BR_MCAST_IGMP_VERSION,
	"IFLA_BR_MCAST_MLD_VERSION":          unix.IFLA_BR_MCAST_MLD_VERSION,
	"IFLA_BR_VLAN_STATS_PER_PORT":        unix.IFLA_BR_VLAN_STATS_PER_PORT,
	"IFLA_BR_MULTI_BOOLOPT":              unix.IFLA_BR_MULTI_BOOLOPT,
	"IFLA_BR_MCAST_QUERIER_STATE":        unix.IFLA_BR_MCAST_QUERIER_STATE,
	"IFLA_BR_FDB_N_LEARNED":              unix.IFLA_BR_FDB_N_LEARNED,
	"IFLA_BR_FDB_MAX_LEARNED":            unix.IFLA_BR_FDB_MAX_LEARNED,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-bridge-port", Attrs: map[string]uint16{
	"IFLA_BRPORT_UNSPEC":                unix.IFLA_BRPORT_UNSPEC,
	"IFLA_BRPORT_STATE":                 unix.IFLA_BRPORT_STATE,
	"IFLA_BRPORT_PRIORITY":              unix.IFLA_BRPORT_PRIORITY,
	"IFLA_BRPORT_COST":                  unix.IFLA_BRPORT_COST,
	"IFLA_BRPORT_MODE":                  unix.IFLA_BRPORT_MODE,
	"IFLA_BRPORT_GUARD":                 unix.IFLA_BRPORT_GUARD,
	"IFLA_BRPORT_PROTECT":               unix.IFLA_BRPORT_PROTECT,
	"IFLA_BRPORT_FAST_LEAVE":            unix.IFLA_BRPORT_FAST_LEAVE,
	"IFLA_BRPORT_LEARNING":              unix.IFLA_BRPORT_LEARNING,
	"IFLA_BRPORT_UNICAST_FLOOD":         unix.IFLA_BRPORT_UNICAST_FLOOD,
	"IFLA_BRPORT_PROXYARP":              unix.IFLA_BRPORT_PROXYARP,
	"IFLA_BRPORT_LEARNING_SYNC":         unix.IFLA_BRPORT_LEARNING_SYNC,
	"IFLA_BRPORT_PROXYARP_WIFI":         unix.IFLA_BRPORT_PROXYARP_WIFI,
	"IFLA_BRPORT_ROOT_ID":               unix.IFLA_BRPORT_ROOT_ID,
	"IFLA_BRPORT_BRIDGE_ID":             unix.IFLA_BRPORT_BRIDGE_ID,
	"IFLA_BRPORT_DESIGNATED_PORT":       unix.IFLA_BRPORT_DESIGNATED_PORT,
	"IFLA_BRPORT_DESIGNATED_COST":       unix.IFLA_BRPORT_DESIGNATED_COST,
	"IFLA_BRPORT_ID":                    unix.IFLA_BRPORT_ID,
	"IFLA_BRPORT_NO":                    unix.IFLA_BRPORT_NO,
	"IFLA_BRPORT_TOPOLOGY_CHANGE_ACK":   unix.IFLA_BRPORT_TOPOLOGY_CHANGE_ACK,
	"IFLA_BRPORT_CONFIG_PENDING":        unix.IFLA_BRPORT_CONFIG_PENDING,
	"IFLA_BRPORT_MESSAGE_AGE_TIMER":     unix.IFLA_BRPORT_MESSAGE_AGE_TIMER,
	"IFLA_BRPORT_FORWARD_DELAY_TIMER":   unix.IFLA_BRPORT_FORWARD_DELAY_TIMER,
	"IFLA_BRPORT_HOLD_TIMER":            unix.IFLA_BRPORT_HOLD_TIMER,
	"IFLA_BRPORT_FLUSH":                 unix.IFLA_BRPORT_FLUSH,
	"IFLA_BRPORT_MULTICAST_ROUTER":      unix.IFLA_BRPORT_MULTICAST_ROUTER,
	"IFLA_BRPORT_PAD":                   unix.IFLA_BRPORT_PAD,
	"IFLA_BRPORT_MCAST_FLOOD":           unix.IFLA_BRPORT_MCAST_FLOOD,
	"IFLA_BRPORT_MCAST_TO_UCAST":        unix.IFLA_BRPORT_MCAST_TO_UCAST,
	"IFLA_BRPORT_VLAN_TUNNEL":           unix.IFLA_BRPORT_VLAN_TUNNEL,
	"IFLA_BRPORT_BCAST_FLOOD":           unix.IFLA_BRPORT_BCAST_FLOOD,
	"IFLA_BRPORT_GROUP_FWD_MASK":        unix.IFLA_BRPORT_GROUP_FWD_MASK,
	"IFLA_BRPORT_NEIGH_SUPPRESS":        unix.IFLA_BRPORT_NEIGH_SUPPRESS,
	"IFLA_BRPORT_ISOLATED":              unix.IFLA_BRPORT_ISOLATED,
	"IFLA_BRPORT_BACKUP_PORT":           unix.IFLA_BRPORT_BACKUP_PORT,
	"IFLA_BRPORT_MRP_RING_OPEN":         unix.IFLA_BRPORT_MRP_RING_OPEN,
	"IFLA_BRPORT_MRP_IN_OPEN":           unix.IFLA_BRPORT_MRP_IN_OPEN,
	"IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT": unix.IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT,
	"IFLA_BRPORT_MCAST_EHT_HOSTS_CNT":   unix.IFLA_BRPORT_MCAST_EHT_HOSTS_CNT,
	"IFLA_BRPORT_LOCKED":                unix.IFLA_BRPORT_LOCKED,
	"IFLA_BRPORT_MAB":                   unix.IFLA_BRPORT_MAB,
	"IFLA_BRPORT_MCAST_N_GROUPS":        unix.IFLA_BRPORT_MCAST_N_GROUPS,
	"IFLA_BRPORT_MCAST_MAX_GROUPS":      unix.IFLA_BRPORT_MCAST_MAX_GROUPS,
	"IFLA_BRPORT_NEIGH_VLAN_SUPPRESS":   unix.IFLA_BRPORT_NEIGH_VLAN_SUPPRESS,
	"IFLA_BRPORT_BACKUP_NHID":           unix.IFLA_BRPORT_BACKUP_NHID,
}})

func init() {
	nltag.RegisterSubMessageOf[BridgeData]("link-kind", "bridge")
	nltag.RegisterSubMessageOf[BridgePortData]("link-slave-kind", "bridge")
	nltag.RegisterSubMessageOf[BridgeAFSpec]("link-af-spec", uint8(unix.AF_BRIDGE))
	nltag.RegisterSubMessageOf[BridgePortData]("link-protinfo", uint8(unix.AF_BRIDGE))
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

// BridgeAFSpec is IFLA_AF_SPEC in AF_BRIDGE link messages (IFLA_BRIDGE_*):
// what `bridge link` and `bridge vlan` show and set.
type BridgeAFSpec struct {
	_ nltag.Set `nla:"link-bridge-af"`
	// Flags say whether a request addresses the bridge (MASTER) or the
	// port's own driver (SELF).
	Flags BridgeFlags `nla:"IFLA_BRIDGE_FLAGS,omitempty"`
	// Mode is the hardware bridging mode (VEB or VEPA).
	Mode *uint16 `nla:"IFLA_BRIDGE_MODE"`
	// VLANs are the port's VLANs, one IFLA_BRIDGE_VLAN_INFO each.
	VLANs []BridgeVLANInfo `nla:"IFLA_BRIDGE_VLAN_INFO,multi"`
	// VLANTunnels map VLANs to tunnel ids (ports with vlan_tunnel on).
	VLANTunnels []BridgeVLANTunnel `nla:"IFLA_BRIDGE_VLAN_TUNNEL_INFO,multi"`
	// Wire keeps unknown attributes (MRP, CFM, MST) and the order of
	// arrival.
	Wire nltag.Wire
}

// BridgeVLANTunnel is IFLA_BRIDGE_VLAN_TUNNEL_INFO: the tunnel id a VLAN
// maps to, or with a range flag, one end of a range of both.
type BridgeVLANTunnel struct {
	_ nltag.Set `nla:"link-bridge-vlan-tunnel"`
	// ID is the tunnel id (a vxlan VNI).
	ID uint32 `nla:"IFLA_BRIDGE_VLAN_TUNNEL_ID"`
	// VID is the VLAN.
	VID uint16 `nla:"IFLA_BRIDGE_VLAN_TUNNEL_VID"`
	// Flags hold BridgeVLANRangeBegin or BridgeVLANRangeEnd.
	Flags BridgeVLANFlags `nla:"IFLA_BRIDGE_VLAN_TUNNEL_FLAGS,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-bridge-vlan-tunnel", Attrs: map[string]uint16{
	"IFLA_BRIDGE_VLAN_TUNNEL_UNSPEC": 0,
	"IFLA_BRIDGE_VLAN_TUNNEL_ID":     1,
	"IFLA_BRIDGE_VLAN_TUNNEL_VID":    2,
	"IFLA_BRIDGE_VLAN_TUNNEL_FLAGS":  3,
}})

// BridgeVLANInfo is struct bridge_vlan_info.
type BridgeVLANInfo struct {
	Flags BridgeVLANFlags
	VID   uint16
}

// BridgeFlags are the BRIDGE_FLAGS_* of IFLA_BRIDGE_FLAGS.
type BridgeFlags uint16

// The bridge request flags.
const (
	BridgeFlagsMaster BridgeFlags = 1 // BRIDGE_FLAGS_MASTER: the bridge device
	BridgeFlagsSelf   BridgeFlags = 2 // BRIDGE_FLAGS_SELF: the port's driver
)

var bridgeFlags = netlink.NewFlags(map[BridgeFlags]string{BridgeFlagsMaster: "MASTER", BridgeFlagsSelf: "SELF"})

// String returns the flags as "MASTER|SELF".
func (f BridgeFlags) String() string { return bridgeFlags.Format(f) }

// BridgeVLANFlags are the BRIDGE_VLAN_INFO_* flags of a VLAN entry.
type BridgeVLANFlags uint16

// The VLAN entry flags.
const (
	BridgeVLANMaster     BridgeVLANFlags = 1 << 0
	BridgeVLANPVID       BridgeVLANFlags = 1 << 1
	BridgeVLANUntagged   BridgeVLANFlags = 1 << 2
	BridgeVLANRangeBegin BridgeVLANFlags = 1 << 3
	BridgeVLANRangeEnd   BridgeVLANFlags = 1 << 4
	BridgeVLANBrEntry    BridgeVLANFlags = 1 << 5
	BridgeVLANOnlyOpts   BridgeVLANFlags = 1 << 6
)

var bridgeVLANFlags = netlink.NewFlags(map[BridgeVLANFlags]string{
	BridgeVLANMaster: "MASTER", BridgeVLANPVID: "PVID", BridgeVLANUntagged: "UNTAGGED",
	BridgeVLANRangeBegin: "RANGE_BEGIN", BridgeVLANRangeEnd: "RANGE_END",
	BridgeVLANBrEntry: "BRENTRY", BridgeVLANOnlyOpts: "ONLY_OPTS",
})

// String returns the flags as "PVID|UNTAGGED".
func (f BridgeVLANFlags) String() string { return bridgeVLANFlags.Format(f) }

// if_bridge.h; x/sys/unix does not have these.
var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-bridge-af", Attrs: map[string]uint16{
	"IFLA_BRIDGE_FLAGS":            0,
	"IFLA_BRIDGE_MODE":             1,
	"IFLA_BRIDGE_VLAN_INFO":        2,
	"IFLA_BRIDGE_VLAN_TUNNEL_INFO": 3,
	"IFLA_BRIDGE_MRP":              4,
	"IFLA_BRIDGE_CFM":              5,
	"IFLA_BRIDGE_MST":              6,
}})

// BridgePortSet changes the bridge-port settings p gives (its non-nil
// fields) of link l, a port of a bridge, such as Hairpin or Learning:
// `bridge link set dev NAME ...`, through an AF_BRIDGE message.
// LinkSet with LinkOptions.BridgePort changes the same settings as `ip link
// set ... type bridge_slave`, alongside other link settings.
func (c *Client) BridgePortSet(ctx context.Context, l LinkRef, p *BridgePortData) error {
	op := "bridge port set " + l.String()
	if p == nil {
		return opError(op, argErr("p", "no settings given"))
	}
	i, err := c.index(ctx, "link", l)
	if err != nil {
		return opError(op, err)
	}
	// The kernel finds the port by index only.
	req := &Link{Family: unix.AF_BRIDGE, Index: i, ProtInfo: p}
	return opError(op, c.do(ctx, unix.RTM_SETLINK, 0, req))
}
