package route

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// LinkAFSpec is IFLA_AF_SPEC in AF_UNSPEC link messages: one nest per
// address family that keeps per-link data, numbered by the family.
type LinkAFSpec struct {
	_ nltag.Set `nla:"link-af"`
	// Inet is the IPv4 configuration of the link (AF_INET).
	Inet *InetLink `nla:"AF_INET"`
	// Inet6 is the IPv6 state and configuration of the link (AF_INET6).
	Inet6 *Inet6Link `nla:"AF_INET6"`
	// Wire keeps other families (AF_MCTP ...) and the order of arrival.
	Wire nltag.Wire
}

// InetLink is the AF_INET nest of IFLA_AF_SPEC (IFLA_INET_*).
type InetLink struct {
	_ nltag.Set `nla:"link-inet"`
	// Conf is the link's IPv4 sysctl configuration (net.ipv4.conf.IFNAME).
	Conf InetDevConf `nla:"IFLA_INET_CONF,packed,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// Inet6Link is the AF_INET6 nest of IFLA_AF_SPEC, and IFLA_PROTINFO in
// AF_INET6 link messages (IFLA_INET6_*).
type Inet6Link struct {
	_ nltag.Set `nla:"link-inet6"`
	// Flags are the IF_RA_* state flags of the link.
	Flags Inet6Flags `nla:"IFLA_INET6_FLAGS,omitempty"`
	// Conf is the link's IPv6 sysctl configuration (net.ipv6.conf.IFNAME).
	Conf Inet6DevConf `nla:"IFLA_INET6_CONF,packed,omitempty"`
	// Stats are the link's IPv6 counters (IPSTATS_MIB_*).
	Stats Inet6Stats `nla:"IFLA_INET6_STATS,packed,omitempty"`
	// CacheInfo holds reassembly and neighbour-discovery timings.
	CacheInfo *Inet6CacheInfo `nla:"IFLA_INET6_CACHEINFO"`
	// ICMP6Stats are the link's ICMPv6 counters (ICMP6_MIB_*).
	ICMP6Stats ICMP6Stats `nla:"IFLA_INET6_ICMP6STATS,packed,omitempty"`
	// Token is the interface identifier token (ip token).
	Token netip.Addr `nla:"IFLA_INET6_TOKEN,ipv6"`
	// AddrGenMode is how link-local addresses are generated.
	AddrGenMode *In6AddrGenMode `nla:"IFLA_INET6_ADDR_GEN_MODE"`
	// RAMTU is the MTU a router advertisement announced.
	RAMTU uint32 `nla:"IFLA_INET6_RA_MTU,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// Inet6CacheInfo is struct ifla_cacheinfo.
type Inet6CacheInfo struct {
	MaxReasmLen   uint32 // largest datagram reassembled
	Tstamp        uint32 // last change of the IPv6 interface table, in hundredths of a second since boot
	ReachableTime uint32 // neighbour reachable time, in milliseconds
	RetransTime   uint32 // neighbour solicitation retransmit time, in milliseconds
}

// Inet6Flags are the IF_RA_* and IF_READY flags of IFLA_INET6_FLAGS.
type Inet6Flags uint32

// The IPv6 link flags.
const (
	Inet6RSSent    Inet6Flags = 0x10       // IF_RS_SENT: a router solicitation was sent
	Inet6RARcvd    Inet6Flags = 0x20       // IF_RA_RCVD: a router advertisement arrived
	Inet6RAManaged Inet6Flags = 0x40       // IF_RA_MANAGED: the M flag of the last RA
	Inet6RAOther   Inet6Flags = 0x80       // IF_RA_OTHERCONF: the O flag of the last RA
	Inet6Ready     Inet6Flags = 0x80000000 // IF_READY
)

var inet6Flags = netlink.NewFlags(map[Inet6Flags]string{
	Inet6RSSent: "RS_SENT", Inet6RARcvd: "RA_RCVD", Inet6RAManaged: "RA_MANAGED",
	Inet6RAOther: "RA_OTHERCONF", Inet6Ready: "READY",
})

// String returns the flags as "RA_RCVD|READY".
func (f Inet6Flags) String() string { return inet6Flags.Format(f) }

// In6AddrGenMode is IFLA_INET6_ADDR_GEN_MODE (IN6_ADDR_GEN_MODE_*).
type In6AddrGenMode uint8

// The address generation modes.
const (
	AddrGenModeEUI64         In6AddrGenMode = 0
	AddrGenModeNone          In6AddrGenMode = 1
	AddrGenModeStablePrivacy In6AddrGenMode = 2
	AddrGenModeRandom        In6AddrGenMode = 3
)

var addrGenModes = netlink.NewEnum(map[In6AddrGenMode]string{
	AddrGenModeEUI64: "EUI64", AddrGenModeNone: "NONE",
	AddrGenModeStablePrivacy: "STABLE_PRIVACY", AddrGenModeRandom: "RANDOM",
})

// String returns the mode's name.
func (m In6AddrGenMode) String() string { return addrGenModes.Format(m) }

// InetDevConf is IFLA_INET_CONF: the IPv4 devconf values, element i holding
// the sysctl numbered i+1 (IPV4_DEVCONF_FORWARDING is element 0). The kernel
// sends as many as it knows.
type InetDevConf []uint32

// IPv4 devconf indices into InetDevConf.
const (
	InetConfForwarding    = 0  // IPV4_DEVCONF_FORWARDING - 1
	InetConfRPFilter      = 7  // IPV4_DEVCONF_RP_FILTER - 1
	InetConfProxyARP      = 2  // IPV4_DEVCONF_PROXY_ARP - 1
	InetConfRouteLocalnet = 25 // IPV4_DEVCONF_ROUTE_LOCALNET - 1
)

var inetConfNames = []string{
	"forwarding", "mc_forwarding", "proxy_arp", "accept_redirects", "secure_redirects",
	"send_redirects", "shared_media", "rp_filter", "accept_source_route", "bootp_relay",
	"log_martians", "tag", "arpfilter", "medium_id", "noxfrm", "nopolicy",
	"force_igmp_version", "arp_announce", "arp_ignore", "promote_secondaries",
	"arp_accept", "arp_notify", "accept_local", "src_vmark", "proxy_arp_pvlan",
	"route_localnet", "igmpv2_unsolicited_report_interval",
	"igmpv3_unsolicited_report_interval", "ignore_routes_with_linkdown",
	"drop_unicast_in_l2_multicast", "drop_gratuitous_arp", "bc_forwarding",
	"arp_evict_nocarrier",
}

// The fields of this and the other array types are tagged packed: nltag
// copies them in place, in memory shared with the rest of the result,
// rather than call these methods, which allocate once per array.

// MarshalNetlink writes the values in host byte order.
func (c InetDevConf) MarshalNetlink(b []byte) ([]byte, error) { return appendWords(b, c), nil }

// UnmarshalNetlink reads 4-byte values.
func (c *InetDevConf) UnmarshalNetlink(data []byte) error { return readWords(data, (*[]uint32)(c)) }

// String lists the values by sysctl name: "forwarding=1 mc_forwarding=0 ...".
func (c InetDevConf) String() string { return namedValues(c, inetConfNames) }

// Inet6DevConf is IFLA_INET6_CONF: the IPv6 devconf values (signed), element
// i holding DEVCONF_* number i (DEVCONF_FORWARDING is element 0).
type Inet6DevConf []int32

var inet6ConfNames = []string{
	"forwarding", "hop_limit", "mtu", "accept_ra", "accept_redirects", "autoconf",
	"dad_transmits", "router_solicitations", "router_solicitation_interval",
	"router_solicitation_delay", "use_tempaddr", "temp_valid_lft", "temp_prefered_lft",
	"regen_max_retry", "max_desync_factor", "max_addresses", "force_mld_version",
	"accept_ra_defrtr", "accept_ra_pinfo", "accept_ra_rtr_pref", "router_probe_interval",
	"accept_ra_rt_info_max_plen", "proxy_ndp", "optimistic_dad", "accept_source_route",
	"mc_forwarding", "disable_ipv6", "accept_dad", "force_tllao", "ndisc_notify",
	"mldv1_unsolicited_report_interval", "mldv2_unsolicited_report_interval",
	"suppress_frag_ndisc", "accept_ra_from_local", "use_optimistic", "accept_ra_mtu",
	"stable_secret", "use_oif_addrs_only", "accept_ra_min_hop_limit",
	"ignore_routes_with_linkdown", "drop_unicast_in_l2_multicast", "drop_unsolicited_na",
	"keep_addr_on_down", "router_solicitation_max_interval", "seg6_enabled",
	"seg6_require_hmac", "enhanced_dad", "addr_gen_mode", "disable_policy",
	"accept_ra_rt_info_min_plen", "ndisc_tclass", "rpl_seg_enabled", "ra_defrtr_metric",
	"ioam6_enabled", "ioam6_id", "ioam6_id_wide", "ndisc_evict_nocarrier",
	"accept_untracked_na", "accept_ra_min_lft", "force_forwarding",
}

// MarshalNetlink writes the values in host byte order.
func (c Inet6DevConf) MarshalNetlink(b []byte) ([]byte, error) { return appendWords(b, c), nil }

// UnmarshalNetlink reads 4-byte values.
func (c *Inet6DevConf) UnmarshalNetlink(data []byte) error { return readWords(data, (*[]int32)(c)) }

// String lists the values by sysctl name: "forwarding=0 hop_limit=64 ...".
func (c Inet6DevConf) String() string { return namedValues(c, inet6ConfNames) }

// Inet6Stats is IFLA_INET6_STATS: IPv6 counters indexed by IPSTATS_MIB_*;
// element 0 is their number.
type Inet6Stats []uint64

var inet6StatNames = []string{
	"num", "inpkts", "inoctets", "indelivers", "outforwdatagrams", "outrequests", "outoctets",
	"inhdrerrors", "intoobigerrors", "innoroutes", "inaddrerrors", "inunknownprotos",
	"intruncatedpkts", "indiscards", "outdiscards", "outnoroutes", "reasmtimeout",
	"reasmreqds", "reasmoks", "reasmfails", "fragoks", "fragfails", "fragcreates",
	"inmcastpkts", "outmcastpkts", "inbcastpkts", "outbcastpkts", "inmcastoctets",
	"outmcastoctets", "inbcastoctets", "outbcastoctets", "csumerrors", "noectpkts",
	"ect1pkts", "ect0pkts", "cepkts", "reasm_overlaps", "outpkts",
}

// MarshalNetlink writes the counters in host byte order.
func (s Inet6Stats) MarshalNetlink(b []byte) ([]byte, error) { return appendWords(b, s), nil }

// UnmarshalNetlink reads 8-byte counters.
func (s *Inet6Stats) UnmarshalNetlink(data []byte) error { return readWords(data, (*[]uint64)(s)) }

// String lists the counters by name: "num=37 inpkts=0 ...".
func (s Inet6Stats) String() string { return namedValues(s, inet6StatNames) }

// ICMP6Stats is IFLA_INET6_ICMP6STATS: ICMPv6 counters indexed by
// ICMP6_MIB_*; element 0 is their number.
type ICMP6Stats []uint64

var icmp6StatNames = []string{"num", "inmsgs", "inerrors", "outmsgs", "outerrors", "csumerrors", "ratelimithost"}

// MarshalNetlink writes the counters in host byte order.
func (s ICMP6Stats) MarshalNetlink(b []byte) ([]byte, error) { return appendWords(b, s), nil }

// UnmarshalNetlink reads 8-byte counters.
func (s *ICMP6Stats) UnmarshalNetlink(data []byte) error { return readWords(data, (*[]uint64)(s)) }

// String lists the counters by name: "num=7 inmsgs=0 ...".
func (s ICMP6Stats) String() string { return namedValues(s, icmp6StatNames) }

type word interface{ ~uint32 | ~int32 | ~uint64 }

func wordSize[T word]() int {
	var z T
	switch any(z).(type) {
	case uint64:
		return 8
	}
	return 4
}

func appendWords[T word](b []byte, vs []T) []byte {
	for _, v := range vs {
		if wordSize[T]() == 8 {
			b = binary.NativeEndian.AppendUint64(b, uint64(v))
		} else {
			b = binary.NativeEndian.AppendUint32(b, uint32(v))
		}
	}
	return b
}

func readWords[T word](data []byte, dst *[]T) error {
	n := wordSize[T]()
	if len(data)%n != 0 {
		return fmt.Errorf("%d bytes are no array of %d-byte values", len(data), n)
	}
	if len(data) == 0 {
		*dst = nil
		return nil
	}
	vs := make([]T, len(data)/n)
	for i := range vs {
		if n == 8 {
			vs[i] = T(binary.NativeEndian.Uint64(data[i*8:]))
		} else {
			vs[i] = T(binary.NativeEndian.Uint32(data[i*4:]))
		}
	}
	*dst = vs
	return nil
}

func namedValues[T word](vs []T, names []string) string {
	var sb strings.Builder
	for i, v := range vs {
		if i > 0 {
			sb.WriteByte(' ')
		}
		if i < len(names) {
			sb.WriteString(names[i])
		} else {
			sb.WriteString("#" + strconv.Itoa(i))
		}
		sb.WriteByte('=')
		var z T
		if any(z) == any(int32(0)) {
			sb.WriteString(strconv.FormatInt(int64(int32(v)), 10))
		} else {
			sb.WriteString(strconv.FormatUint(uint64(v), 10))
		}
	}
	if len(vs) == 0 {
		return "[]"
	}
	return sb.String()
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-af", Attrs: map[string]uint16{
	"AF_INET":  unix.AF_INET,
	"AF_INET6": unix.AF_INET6,
	"AF_MCTP":  unix.AF_MCTP,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-inet", Attrs: map[string]uint16{
	"IFLA_INET_UNSPEC": unix.IFLA_INET_UNSPEC,
	"IFLA_INET_CONF":   unix.IFLA_INET_CONF,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-inet6", Attrs: map[string]uint16{
	"IFLA_INET6_UNSPEC":        unix.IFLA_INET6_UNSPEC,
	"IFLA_INET6_FLAGS":         unix.IFLA_INET6_FLAGS,
	"IFLA_INET6_CONF":          unix.IFLA_INET6_CONF,
	"IFLA_INET6_STATS":         unix.IFLA_INET6_STATS,
	"IFLA_INET6_MCAST":         unix.IFLA_INET6_MCAST,
	"IFLA_INET6_CACHEINFO":     unix.IFLA_INET6_CACHEINFO,
	"IFLA_INET6_ICMP6STATS":    unix.IFLA_INET6_ICMP6STATS,
	"IFLA_INET6_TOKEN":         unix.IFLA_INET6_TOKEN,
	"IFLA_INET6_ADDR_GEN_MODE": unix.IFLA_INET6_ADDR_GEN_MODE,
	"IFLA_INET6_RA_MTU":        unix.IFLA_INET6_RA_MTU,
}})

func init() {
	nltag.RegisterSubMessageOf[LinkAFSpec]("link-af-spec", uint8(unix.AF_UNSPEC))
	nltag.RegisterSubMessageOf[Inet6Link]("link-protinfo", uint8(unix.AF_INET6))
}
