package route

import (
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Address is the body of RTM_NEWADDR, RTM_DELADDR and RTM_GETADDR (and of
// the multicast and anycast address dumps): struct ifaddrmsg and the IFA_*
// attributes.
//
// On most links Address and Local hold the same address; on point-to-point
// links Local is this end and Address the peer. Of the flags, the header
// carries only the low 8 bits; the full word is in AllFlags when the kernel
// sends IFA_FLAGS, as it always does nowadays.
type Address struct {
	Family    Family
	PrefixLen uint8
	Flags     AddrFlags8 // IFA_F_*, low 8 bits
	Scope     Scope
	Index     netlink.IfIndex

	_ nltag.Set `nla:"rt-addr"`
	// Address is the interface address, or the peer's on point-to-point links.
	Address netip.Addr `nla:"IFA_ADDRESS"`
	// Local is the local address.
	Local netip.Addr `nla:"IFA_LOCAL"`
	// Label is the IPv4 address label, by default the interface name.
	Label     string     `nla:"IFA_LABEL,omitempty"`
	Broadcast netip.Addr `nla:"IFA_BROADCAST"`
	// CacheInfo holds the lifetimes and time stamps.
	CacheInfo *AddrCacheInfo `nla:"IFA_CACHEINFO"`
	// AllFlags is the full IFA_F_* flag word.
	AllFlags AddrFlags `nla:"IFA_FLAGS,omitempty"`
	// Proto says who added the address.
	Proto AddrProto `nla:"IFA_PROTO,omitempty"`
	// Extra holds the attributes few addresses carry; nil when none arrived.
	Extra *AddressExtra `nla:",inline"`

	// Wire keeps unknown attributes and the order of arrival. Decoding sets
	// it; nil (nltag.ClearWire) encodes by the field rules alone.
	Wire *nltag.Wire
}

// AddressExtra holds an address's rarer attributes. They sit behind a
// pointer so that an Address, allocated anew for each message of a dump,
// stays small: decoding an address with none of them allocates no
// AddressExtra, and Address.Extra stays nil. Its fields belong to the
// Address's attribute set, as if they were declared in Address itself.
type AddressExtra struct {
	// Anycast is an anycast address set with the address (ip address add
	// ... anycast ADDR), and the address of anycast address dumps.
	Anycast netip.Addr `nla:"IFA_ANYCAST"`
	// Multicast is the group address in multicast address dumps.
	Multicast netip.Addr `nla:"IFA_MULTICAST"`
	// RoutePriority is the metric of the prefix route the address adds.
	RoutePriority uint32 `nla:"IFA_RT_PRIORITY,omitempty"`
	// TargetNetNSID asks for, or reports, the namespace the address lives in.
	TargetNetNSID *int32 `nla:"IFA_TARGET_NETNSID"`
}

// AddrCacheInfo is struct ifa_cacheinfo: an address's lifetimes, in seconds
// (0xffffffff is forever), and when it was created and last updated, in
// hundredths of a second since boot.
type AddrCacheInfo struct {
	Preferred uint32
	Valid     uint32
	Created   uint32
	Updated   uint32
}

// Forever is the lifetime of addresses that do not expire.
const Forever = 0xffffffff

// AddrFlags are the IFA_F_* flags of an address.
type AddrFlags uint32

// Address flags.
const (
	AddrSecondary      AddrFlags = unix.IFA_F_SECONDARY // IPv4: not the primary address of its prefix; IPv6: temporary
	AddrNoDAD          AddrFlags = unix.IFA_F_NODAD     // skip duplicate address detection
	AddrOptimistic     AddrFlags = unix.IFA_F_OPTIMISTIC
	AddrDADFailed      AddrFlags = unix.IFA_F_DADFAILED
	AddrHomeAddress    AddrFlags = unix.IFA_F_HOMEADDRESS
	AddrDeprecated     AddrFlags = unix.IFA_F_DEPRECATED
	AddrTentative      AddrFlags = unix.IFA_F_TENTATIVE
	AddrPermanent      AddrFlags = unix.IFA_F_PERMANENT // configured, not learned
	AddrManageTempAddr AddrFlags = unix.IFA_F_MANAGETEMPADDR
	AddrNoPrefixRoute  AddrFlags = unix.IFA_F_NOPREFIXROUTE
	AddrMcAutoJoin     AddrFlags = unix.IFA_F_MCAUTOJOIN
	AddrStablePrivacy  AddrFlags = unix.IFA_F_STABLE_PRIVACY
)

var addrFlags = netlink.NewFlags(map[AddrFlags]string{
	AddrSecondary:      "IFA_F_SECONDARY",
	AddrNoDAD:          "IFA_F_NODAD",
	AddrOptimistic:     "IFA_F_OPTIMISTIC",
	AddrDADFailed:      "IFA_F_DADFAILED",
	AddrHomeAddress:    "IFA_F_HOMEADDRESS",
	AddrDeprecated:     "IFA_F_DEPRECATED",
	AddrTentative:      "IFA_F_TENTATIVE",
	AddrPermanent:      "IFA_F_PERMANENT",
	AddrManageTempAddr: "IFA_F_MANAGETEMPADDR",
	AddrNoPrefixRoute:  "IFA_F_NOPREFIXROUTE",
	AddrMcAutoJoin:     "IFA_F_MCAUTOJOIN",
	AddrStablePrivacy:  "IFA_F_STABLE_PRIVACY",
})

// String returns the flags as "IFA_F_NODAD|IFA_F_PERMANENT".
func (f AddrFlags) String() string { return addrFlags.Format(f) }

// AddrFlags8 is the one-byte flag field of struct ifaddrmsg: the low 8 bits
// of AddrFlags.
type AddrFlags8 uint8

// String returns the flags as AddrFlags does.
func (f AddrFlags8) String() string { return addrFlags.Format(AddrFlags(f)) }

// AddrProto says who added an address (IFAPROT_*); values from 4 up are free
// for user space.
type AddrProto uint8

// Address origins.
const (
	AddrProtoUnspec   AddrProto = 0
	AddrProtoKernelLo AddrProto = 1 // the loopback address
	AddrProtoKernelRA AddrProto = 2 // autoconfigured from a router advertisement
	AddrProtoKernelLL AddrProto = 3 // a link-local address
)

var addrProtos = netlink.NewEnum(map[AddrProto]string{
	AddrProtoUnspec:   "IFAPROT_UNSPEC",
	AddrProtoKernelLo: "IFAPROT_KERNEL_LO",
	AddrProtoKernelRA: "IFAPROT_KERNEL_RA",
	AddrProtoKernelLL: "IFAPROT_KERNEL_LL",
})

// String returns the C name, such as "IFAPROT_KERNEL_LL".
func (p AddrProto) String() string { return addrProtos.Format(p) }

// Prefix returns the address with its prefix length: Local, or Address when
// there is no Local (IPv6 addresses carry only IFA_ADDRESS).
func (a *Address) Prefix() netip.Prefix {
	ip := a.Local
	if !ip.IsValid() {
		ip = a.Address
	}
	return netip.PrefixFrom(ip, int(a.PrefixLen))
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-addr", Attrs: map[string]uint16{
	"IFA_UNSPEC":         unix.IFA_UNSPEC,
	"IFA_ADDRESS":        unix.IFA_ADDRESS,
	"IFA_LOCAL":          unix.IFA_LOCAL,
	"IFA_LABEL":          unix.IFA_LABEL,
	"IFA_BROADCAST":      unix.IFA_BROADCAST,
	"IFA_ANYCAST":        unix.IFA_ANYCAST,
	"IFA_CACHEINFO":      unix.IFA_CACHEINFO,
	"IFA_MULTICAST":      unix.IFA_MULTICAST,
	"IFA_FLAGS":          unix.IFA_FLAGS,
	"IFA_RT_PRIORITY":    unix.IFA_RT_PRIORITY,
	"IFA_TARGET_NETNSID": unix.IFA_TARGET_NETNSID,
	"IFA_PROTO":          11,
}})

func init() {
	for typ, name := range map[netlink.MsgType]string{
		unix.RTM_NEWADDR:      "RTM_NEWADDR",
		unix.RTM_DELADDR:      "RTM_DELADDR",
		unix.RTM_GETADDR:      "RTM_GETADDR",
		unix.RTM_NEWMULTICAST: "RTM_NEWMULTICAST",
		unix.RTM_DELMULTICAST: "RTM_DELMULTICAST",
		unix.RTM_GETMULTICAST: "RTM_GETMULTICAST",
		unix.RTM_NEWANYCAST:   "RTM_NEWANYCAST",
		unix.RTM_DELANYCAST:   "RTM_DELANYCAST",
		unix.RTM_GETANYCAST:   "RTM_GETANYCAST",
	} {
		netlink.RegisterType[Address](Messages, typ, name)
	}
}
