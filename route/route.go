package route

import (
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Route is the body of RTM_NEWROUTE, RTM_DELROUTE and RTM_GETROUTE: struct
// rtmsg and the RTA_* attributes.
//
// The header's Table holds ids up to 255 only; the kernel always adds the
// full id as TableID (RTA_TABLE). FullTable reads whichever is set.
//
// Route holds the attributes that nearly every route of a dump carries;
// the rest are in Extra, which stays nil when none of them arrived.
type Route struct {
	Family   Family
	DstLen   uint8 // prefix length of Dst
	SrcLen   uint8 // prefix length of Extra.Src
	TOS      uint8
	Table    Table8
	Protocol Protocol
	Scope    Scope
	Type     RouteType
	Flags    RouteFlags

	// The fields are ordered so that the 4-byte ones fill the gaps the
	// 8-byte aligned ones leave (OIF fits beside the 12-byte header).
	_ nltag.Set `nla:"rt-route"`
	// OIF is the output interface index.
	OIF netlink.IfIndex `nla:"RTA_OIF,omitempty"`
	// Dst is the destination prefix's address; absent for the default route.
	Dst netip.Addr `nla:"RTA_DST"`
	// Gateway is the next hop's address.
	Gateway netip.Addr `nla:"RTA_GATEWAY"`
	// Priority is the route's metric.
	Priority uint32 `nla:"RTA_PRIORITY,omitempty"`
	// TableID is the full table id.
	TableID Table `nla:"RTA_TABLE,omitempty"`
	// PrefSrc is the preferred source address.
	PrefSrc netip.Addr `nla:"RTA_PREFSRC"`
	// NHID is the id of the nexthop object the route uses. On systems that
	// program routes through nexthop objects every route carries it.
	NHID uint32 `nla:"RTA_NH_ID,omitempty"`
	// Pref is the IPv6 router preference.
	Pref RoutePref `nla:"RTA_PREF,omitempty"`
	// Metrics are the route's RTAX_* metrics, such as its MTU.
	Metrics *Metrics `nla:"RTA_METRICS"`
	// CacheInfo holds the kernel's counters; every IPv6 route has it.
	CacheInfo *RouteCacheInfo `nla:"RTA_CACHEINFO"`
	// Extra holds the attributes few routes carry; nil when none arrived.
	Extra *RouteExtra `nla:",inline"`

	// Wire keeps unknown attributes and the order of arrival. Decoding sets
	// it; nil (nltag.ClearWire) encodes by the field rules alone.
	Wire *nltag.Wire
}

// RouteExtra holds a route's rarer attributes: source routing, multipath,
// encapsulation, MPLS, multicast and the flow keys of route lookups. They
// sit behind a pointer so that a Route, allocated anew for each message of
// a dump, stays small: decoding a route with none of them allocates no
// RouteExtra, and Route.Extra stays nil. Its fields belong to the Route's
// attribute set, as if they were declared in Route itself.
type RouteExtra struct {
	// Src is the source prefix's address (IPv6 source routing).
	Src netip.Addr `nla:"RTA_SRC"`
	// IIF is the input interface index (multicast routes, route lookups).
	IIF netlink.IfIndex `nla:"RTA_IIF,omitempty"`
	// Multipath lists the next hops of a multipath route.
	Multipath NextHops `nla:"RTA_MULTIPATH,omitempty"`
	// Flow is the realm: source realm in the high 16 bits, destination in the low.
	Flow uint32 `nla:"RTA_FLOW,omitempty"`
	// Mark is the firewall mark of a route lookup (RTM_GETROUTE).
	Mark uint32 `nla:"RTA_MARK,omitempty"`
	// MFCStats are the counters of a multicast route.
	MFCStats *MFCStats `nla:"RTA_MFC_STATS"`
	// Via is a gateway of another family than the route's.
	Via Via `nla:"RTA_VIA,omitempty"`
	// NewDst is the MPLS label stack an MPLS route swaps in.
	NewDst MPLSLabels `nla:"RTA_NEWDST,omitempty"`
	// EncapType says what Encap holds.
	EncapType EncapType `nla:"RTA_ENCAP_TYPE,omitempty"`
	// Encap is the lightweight tunnel encapsulation: *IPEncap, *IP6Encap,
	// *MPLSEncap, or nltag.Raw for types without a Go type.
	Encap any `nla:"RTA_ENCAP,submsg=lwtunnel,selector=EncapType"`
	// Expires is the remaining lifetime: seconds in IPv6 requests (4 bytes),
	// clock ticks in multicast route dumps (8 bytes). It is written in 4
	// bytes when the value fits.
	Expires uint64 `nla:"RTA_EXPIRES,uint,omitempty"`
	// UID is the user id of a route lookup.
	UID *uint32 `nla:"RTA_UID"`
	// TTLPropagate says whether MPLS routes copy the TTL (1) or not (0).
	TTLPropagate *uint8 `nla:"RTA_TTL_PROPAGATE"`
	// IPProto, SPort and DPort describe the flow of a route lookup.
	IPProto uint8  `nla:"RTA_IP_PROTO,omitempty"`
	SPort   uint16 `nla:"RTA_SPORT,be16,omitempty"`
	DPort   uint16 `nla:"RTA_DPORT,be16,omitempty"`
	// FlowLabel is the IPv6 flow label of a route lookup.
	FlowLabel uint32 `nla:"RTA_FLOWLABEL,be32,omitempty"`
}

// Ext returns r.Extra, allocating it first when it is nil: the way to set
// one of the rarer attributes, as in r.Ext().Multipath = paths. To read
// them, test r.Extra for nil instead: Ext would allocate for nothing.
func (r *Route) Ext() *RouteExtra {
	if r.Extra == nil {
		r.Extra = new(RouteExtra)
	}
	return r.Extra
}

// FullTable returns the route's table: TableID when the attribute was given,
// else the header's Table.
func (r *Route) FullTable() Table {
	if r.TableID != 0 {
		return r.TableID
	}
	return Table(r.Table)
}

// DstPrefix returns the destination as a prefix: Dst/DstLen, or the
// family's default route (0.0.0.0/0, ::/0) when Dst is absent.
func (r *Route) DstPrefix() netip.Prefix {
	if r.Dst.IsValid() {
		return netip.PrefixFrom(r.Dst, int(r.DstLen))
	}
	switch r.Family {
	case FamilyIPv4:
		return netip.PrefixFrom(netip.IPv4Unspecified(), 0)
	case FamilyIPv6:
		return netip.PrefixFrom(netip.IPv6Unspecified(), 0)
	}
	return netip.Prefix{}
}

// RouteFlags are the rtm_flags of a route: the RTNH_F_* flags of its (single)
// next hop in the low byte and the RTM_F_* flags above.
type RouteFlags uint32

// Route flags.
const (
	RouteDead          RouteFlags = unix.RTNH_F_DEAD
	RoutePervasive     RouteFlags = unix.RTNH_F_PERVASIVE
	RouteOnLink        RouteFlags = unix.RTNH_F_ONLINK
	RouteNHOffload     RouteFlags = unix.RTNH_F_OFFLOAD
	RouteLinkDown      RouteFlags = unix.RTNH_F_LINKDOWN
	RouteUnresolved    RouteFlags = unix.RTNH_F_UNRESOLVED
	RouteNHTrap        RouteFlags = unix.RTNH_F_TRAP
	RouteNotify        RouteFlags = unix.RTM_F_NOTIFY       // RTM_GETROUTE: notify the user of the change
	RouteCloned        RouteFlags = unix.RTM_F_CLONED       // a cloned (cache) route
	RouteEqualize      RouteFlags = unix.RTM_F_EQUALIZE     // multipath equalizer (not implemented)
	RoutePrefix        RouteFlags = unix.RTM_F_PREFIX       // a prefix route of an address
	RouteLookupTable   RouteFlags = unix.RTM_F_LOOKUP_TABLE // RTM_GETROUTE: report the table of the result
	RouteFIBMatch      RouteFlags = unix.RTM_F_FIB_MATCH    // RTM_GETROUTE: return the matching FIB entry
	RouteOffload       RouteFlags = unix.RTM_F_OFFLOAD      // offloaded to hardware
	RouteTrap          RouteFlags = unix.RTM_F_TRAP         // trapping packets to the CPU
	RouteOffloadFailed RouteFlags = unix.RTM_F_OFFLOAD_FAILED
)

var routeFlags = netlink.NewFlags(map[RouteFlags]string{
	RouteDead:          "RTNH_F_DEAD",
	RoutePervasive:     "RTNH_F_PERVASIVE",
	RouteOnLink:        "RTNH_F_ONLINK",
	RouteNHOffload:     "RTNH_F_OFFLOAD",
	RouteLinkDown:      "RTNH_F_LINKDOWN",
	RouteUnresolved:    "RTNH_F_UNRESOLVED",
	RouteNHTrap:        "RTNH_F_TRAP",
	RouteNotify:        "RTM_F_NOTIFY",
	RouteCloned:        "RTM_F_CLONED",
	RouteEqualize:      "RTM_F_EQUALIZE",
	RoutePrefix:        "RTM_F_PREFIX",
	RouteLookupTable:   "RTM_F_LOOKUP_TABLE",
	RouteFIBMatch:      "RTM_F_FIB_MATCH",
	RouteOffload:       "RTM_F_OFFLOAD",
	RouteTrap:          "RTM_F_TRAP",
	RouteOffloadFailed: "RTM_F_OFFLOAD_FAILED",
})

// String returns the flags as "RTNH_F_LINKDOWN|RTM_F_CLONED".
func (f RouteFlags) String() string { return routeFlags.Format(f) }

// RoutePref is an IPv6 router preference (ICMPV6_ROUTER_PREF_*).
type RoutePref uint8

// Router preferences.
const (
	PrefMedium  RoutePref = 0x0
	PrefHigh    RoutePref = 0x1
	PrefInvalid RoutePref = 0x2
	PrefLow     RoutePref = 0x3
)

var routePrefs = netlink.NewEnum(map[RoutePref]string{
	PrefMedium:  "ICMPV6_ROUTER_PREF_MEDIUM",
	PrefHigh:    "ICMPV6_ROUTER_PREF_HIGH",
	PrefInvalid: "ICMPV6_ROUTER_PREF_INVALID",
	PrefLow:     "ICMPV6_ROUTER_PREF_LOW",
})

// String returns the C name, such as "ICMPV6_ROUTER_PREF_HIGH".
func (p RoutePref) String() string { return routePrefs.Format(p) }

// RouteCacheInfo is struct rta_cacheinfo.
type RouteCacheInfo struct {
	ClntRef uint32
	LastUse uint32
	Expires int32 // clock ticks; 0 when the route does not expire
	Error   uint32
	Used    uint32
	ID      uint32
	TS      uint32
	TSAge   uint32
}

// MFCStats is struct rta_mfc_stats, the counters of a multicast route.
type MFCStats struct {
	Packets uint64
	Bytes   uint64
	WrongIf uint64
}

// Metrics are a route's RTAX_* metrics (RTA_METRICS). Zero metrics are not
// sent: the kernel then uses its defaults.
type Metrics struct {
	_ nltag.Set `nla:"rt-metrics"`
	// Lock has bit 1<<RTAX_x set for each metric x that path MTU discovery
	// and the like must not change.
	Lock       MetricLock     `nla:"RTAX_LOCK,omitempty"`
	MTU        uint32         `nla:"RTAX_MTU,omitempty"`
	Window     uint32         `nla:"RTAX_WINDOW,omitempty"`
	RTT        uint32         `nla:"RTAX_RTT,omitempty"`
	RTTVar     uint32         `nla:"RTAX_RTTVAR,omitempty"`
	SSThresh   uint32         `nla:"RTAX_SSTHRESH,omitempty"`
	CWnd       uint32         `nla:"RTAX_CWND,omitempty"`
	AdvMSS     uint32         `nla:"RTAX_ADVMSS,omitempty"`
	Reordering uint32         `nla:"RTAX_REORDERING,omitempty"`
	HopLimit   uint32         `nla:"RTAX_HOPLIMIT,omitempty"`
	InitCWnd   uint32         `nla:"RTAX_INITCWND,omitempty"`
	Features   MetricFeatures `nla:"RTAX_FEATURES,omitempty"`
	RTOMin     uint32         `nla:"RTAX_RTO_MIN,omitempty"`
	InitRWnd   uint32         `nla:"RTAX_INITRWND,omitempty"`
	QuickAck   uint32         `nla:"RTAX_QUICKACK,omitempty"`
	// CCAlgo names the TCP congestion control algorithm.
	CCAlgo           string `nla:"RTAX_CC_ALGO,omitempty"`
	FastOpenNoCookie uint32 `nla:"RTAX_FASTOPEN_NO_COOKIE,omitempty"`

	Wire nltag.Wire
}

// MetricLock is the RTAX_LOCK bit mask: bit 1<<RTAX_x locks metric x.
type MetricLock uint32

var metricLocks = netlink.NewFlags(map[MetricLock]string{
	1 << unix.RTAX_MTU:        "RTAX_MTU",
	1 << unix.RTAX_WINDOW:     "RTAX_WINDOW",
	1 << unix.RTAX_RTT:        "RTAX_RTT",
	1 << unix.RTAX_RTTVAR:     "RTAX_RTTVAR",
	1 << unix.RTAX_SSTHRESH:   "RTAX_SSTHRESH",
	1 << unix.RTAX_CWND:       "RTAX_CWND",
	1 << unix.RTAX_ADVMSS:     "RTAX_ADVMSS",
	1 << unix.RTAX_REORDERING: "RTAX_REORDERING",
	1 << unix.RTAX_HOPLIMIT:   "RTAX_HOPLIMIT",
	1 << unix.RTAX_INITCWND:   "RTAX_INITCWND",
	1 << unix.RTAX_FEATURES:   "RTAX_FEATURES",
	1 << unix.RTAX_RTO_MIN:    "RTAX_RTO_MIN",
	1 << unix.RTAX_INITRWND:   "RTAX_INITRWND",
	1 << unix.RTAX_QUICKACK:   "RTAX_QUICKACK",
})

// String names the locked metrics, as "RTAX_MTU|RTAX_ADVMSS".
func (l MetricLock) String() string { return metricLocks.Format(l) }

// MetricFeatures are the RTAX_FEATURE_* flags of RTAX_FEATURES.
type MetricFeatures uint32

// TCP features a route enables.
const (
	FeatureECN       MetricFeatures = unix.RTAX_FEATURE_ECN
	FeatureSACK      MetricFeatures = unix.RTAX_FEATURE_SACK
	FeatureTimestamp MetricFeatures = unix.RTAX_FEATURE_TIMESTAMP
	FeatureAllFrag   MetricFeatures = unix.RTAX_FEATURE_ALLFRAG
	FeatureTCPUsecTS MetricFeatures = unix.RTAX_FEATURE_TCP_USEC_TS
)

var metricFeatures = netlink.NewFlags(map[MetricFeatures]string{
	FeatureECN:       "RTAX_FEATURE_ECN",
	FeatureSACK:      "RTAX_FEATURE_SACK",
	FeatureTimestamp: "RTAX_FEATURE_TIMESTAMP",
	FeatureAllFrag:   "RTAX_FEATURE_ALLFRAG",
	FeatureTCPUsecTS: "RTAX_FEATURE_TCP_USEC_TS",
})

// String returns the features as "RTAX_FEATURE_ECN|RTAX_FEATURE_SACK".
func (f MetricFeatures) String() string { return metricFeatures.Format(f) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-route", Attrs: map[string]uint16{
	"RTA_UNSPEC":        unix.RTA_UNSPEC,
	"RTA_DST":           unix.RTA_DST,
	"RTA_SRC":           unix.RTA_SRC,
	"RTA_IIF":           unix.RTA_IIF,
	"RTA_OIF":           unix.RTA_OIF,
	"RTA_GATEWAY":       unix.RTA_GATEWAY,
	"RTA_PRIORITY":      unix.RTA_PRIORITY,
	"RTA_PREFSRC":       unix.RTA_PREFSRC,
	"RTA_METRICS":       unix.RTA_METRICS,
	"RTA_MULTIPATH":     unix.RTA_MULTIPATH,
	"RTA_PROTOINFO":     10,
	"RTA_FLOW":          unix.RTA_FLOW,
	"RTA_CACHEINFO":     unix.RTA_CACHEINFO,
	"RTA_SESSION":       13,
	"RTA_MP_ALGO":       14,
	"RTA_TABLE":         unix.RTA_TABLE,
	"RTA_MARK":          unix.RTA_MARK,
	"RTA_MFC_STATS":     unix.RTA_MFC_STATS,
	"RTA_VIA":           unix.RTA_VIA,
	"RTA_NEWDST":        unix.RTA_NEWDST,
	"RTA_PREF":          unix.RTA_PREF,
	"RTA_ENCAP_TYPE":    unix.RTA_ENCAP_TYPE,
	"RTA_ENCAP":         unix.RTA_ENCAP,
	"RTA_EXPIRES":       unix.RTA_EXPIRES,
	"RTA_PAD":           unix.RTA_PAD,
	"RTA_UID":           unix.RTA_UID,
	"RTA_TTL_PROPAGATE": unix.RTA_TTL_PROPAGATE,
	"RTA_IP_PROTO":      unix.RTA_IP_PROTO,
	"RTA_SPORT":         unix.RTA_SPORT,
	"RTA_DPORT":         unix.RTA_DPORT,
	"RTA_NH_ID":         30,
	"RTA_FLOWLABEL":     31,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-metrics", Attrs: map[string]uint16{
	"RTAX_UNSPEC":             unix.RTAX_UNSPEC,
	"RTAX_LOCK":               unix.RTAX_LOCK,
	"RTAX_MTU":                unix.RTAX_MTU,
	"RTAX_WINDOW":             unix.RTAX_WINDOW,
	"RTAX_RTT":                unix.RTAX_RTT,
	"RTAX_RTTVAR":             unix.RTAX_RTTVAR,
	"RTAX_SSTHRESH":           unix.RTAX_SSTHRESH,
	"RTAX_CWND":               unix.RTAX_CWND,
	"RTAX_ADVMSS":             unix.RTAX_ADVMSS,
	"RTAX_REORDERING":         unix.RTAX_REORDERING,
	"RTAX_HOPLIMIT":           unix.RTAX_HOPLIMIT,
	"RTAX_INITCWND":           unix.RTAX_INITCWND,
	"RTAX_FEATURES":           unix.RTAX_FEATURES,
	"RTAX_RTO_MIN":            unix.RTAX_RTO_MIN,
	"RTAX_INITRWND":           unix.RTAX_INITRWND,
	"RTAX_QUICKACK":           unix.RTAX_QUICKACK,
	"RTAX_CC_ALGO":            unix.RTAX_CC_ALGO,
	"RTAX_FASTOPEN_NO_COOKIE": unix.RTAX_FASTOPEN_NO_COOKIE,
}})

func init() {
	netlink.RegisterType[Route](Messages, unix.RTM_NEWROUTE, "RTM_NEWROUTE")
	netlink.RegisterType[Route](Messages, unix.RTM_DELROUTE, "RTM_DELROUTE")
	netlink.RegisterType[Route](Messages, unix.RTM_GETROUTE, "RTM_GETROUTE")
}
