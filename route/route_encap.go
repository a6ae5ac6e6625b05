package route

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// EncapType is a lightweight tunnel encapsulation type (LWTUNNEL_ENCAP_*),
// the selector of RTA_ENCAP and NHA_ENCAP.
type EncapType uint16

// Encapsulation types.
const (
	EncapNone      EncapType = unix.LWTUNNEL_ENCAP_NONE
	EncapMPLS      EncapType = unix.LWTUNNEL_ENCAP_MPLS
	EncapIP        EncapType = unix.LWTUNNEL_ENCAP_IP
	EncapILA       EncapType = unix.LWTUNNEL_ENCAP_ILA
	EncapIP6       EncapType = unix.LWTUNNEL_ENCAP_IP6
	EncapSeg6      EncapType = unix.LWTUNNEL_ENCAP_SEG6
	EncapBPF       EncapType = unix.LWTUNNEL_ENCAP_BPF
	EncapSeg6Local EncapType = unix.LWTUNNEL_ENCAP_SEG6_LOCAL
	EncapRPL       EncapType = unix.LWTUNNEL_ENCAP_RPL
	EncapIOAM6     EncapType = unix.LWTUNNEL_ENCAP_IOAM6
	EncapXFRM      EncapType = unix.LWTUNNEL_ENCAP_XFRM
)

var encapTypes = netlink.NewEnum(map[EncapType]string{
	EncapNone:      "LWTUNNEL_ENCAP_NONE",
	EncapMPLS:      "LWTUNNEL_ENCAP_MPLS",
	EncapIP:        "LWTUNNEL_ENCAP_IP",
	EncapILA:       "LWTUNNEL_ENCAP_ILA",
	EncapIP6:       "LWTUNNEL_ENCAP_IP6",
	EncapSeg6:      "LWTUNNEL_ENCAP_SEG6",
	EncapBPF:       "LWTUNNEL_ENCAP_BPF",
	EncapSeg6Local: "LWTUNNEL_ENCAP_SEG6_LOCAL",
	EncapRPL:       "LWTUNNEL_ENCAP_RPL",
	EncapIOAM6:     "LWTUNNEL_ENCAP_IOAM6",
	EncapXFRM:      "LWTUNNEL_ENCAP_XFRM",
})

// String returns the C name, such as "LWTUNNEL_ENCAP_IP".
func (t EncapType) String() string { return encapTypes.Format(t) }

// IPEncap is the RTA_ENCAP payload of LWTUNNEL_ENCAP_IP: the outer IPv4
// header of a tunnel whose device collects metadata (vxlan external ...).
type IPEncap struct {
	_     nltag.Set  `nla:"rt-lwt-ip"`
	ID    uint64     `nla:"LWTUNNEL_IP_ID,be64,omitempty"` // tunnel id (VNI, key)
	Dst   netip.Addr `nla:"LWTUNNEL_IP_DST,ipv4"`
	Src   netip.Addr `nla:"LWTUNNEL_IP_SRC,ipv4"`
	TTL   uint8      `nla:"LWTUNNEL_IP_TTL,omitempty"`
	TOS   uint8      `nla:"LWTUNNEL_IP_TOS,omitempty"`
	Flags uint16     `nla:"LWTUNNEL_IP_FLAGS,be16,omitempty"` // TUNNEL_* flags
	// Opts holds the tunnel options (geneve, vxlan, erspan) undecoded.
	Opts nltag.Raw `nla:"LWTUNNEL_IP_OPTS,omitempty"`

	Wire nltag.Wire
}

// IP6Encap is the RTA_ENCAP payload of LWTUNNEL_ENCAP_IP6: the outer IPv6
// header of a metadata tunnel.
type IP6Encap struct {
	_        nltag.Set  `nla:"rt-lwt-ip6"`
	ID       uint64     `nla:"LWTUNNEL_IP6_ID,be64,omitempty"`
	Dst      netip.Addr `nla:"LWTUNNEL_IP6_DST,ipv6"`
	Src      netip.Addr `nla:"LWTUNNEL_IP6_SRC,ipv6"`
	HopLimit uint8      `nla:"LWTUNNEL_IP6_HOPLIMIT,omitempty"`
	TC       uint8      `nla:"LWTUNNEL_IP6_TC,omitempty"`
	Flags    uint16     `nla:"LWTUNNEL_IP6_FLAGS,be16,omitempty"`
	Opts     nltag.Raw  `nla:"LWTUNNEL_IP6_OPTS,omitempty"`

	Wire nltag.Wire
}

// MPLSEncap is the RTA_ENCAP payload of LWTUNNEL_ENCAP_MPLS: the labels to
// push.
type MPLSEncap struct {
	_ nltag.Set `nla:"rt-lwt-mpls"`
	// Dst is the label stack to push.
	Dst MPLSLabels `nla:"MPLS_IPTUNNEL_DST,omitempty"`
	TTL uint8      `nla:"MPLS_IPTUNNEL_TTL,omitempty"`

	Wire nltag.Wire
}

// MPLSLabels is an MPLS label stack as RTA_NEWDST, RTA_DST of AF_MPLS
// routes and MPLS_IPTUNNEL_DST carry it: one big-endian 32-bit entry per
// label (label<<12 | traffic class<<9 | bottom of stack<<8 | TTL). It is kept
// as the raw payload.
type MPLSLabels []byte

// NewMPLSLabels returns the stack of the given labels, the last one marked
// bottom of stack.
func NewMPLSLabels(labels ...uint32) MPLSLabels {
	var b []byte
	for i, l := range labels {
		e := l << 12
		if i == len(labels)-1 {
			e |= 1 << 8
		}
		b = binary.BigEndian.AppendUint32(b, e)
	}
	return b
}

// Labels returns the label values, top of stack first; a trailing partial
// entry is ignored.
func (m MPLSLabels) Labels() []uint32 {
	var out []uint32
	for i := 0; i+4 <= len(m); i += 4 {
		out = append(out, binary.BigEndian.Uint32(m[i:])>>12)
	}
	return out
}

// String writes the labels as ip does, "100/101", or the bytes in hex when
// they are not whole entries.
func (m MPLSLabels) String() string {
	if len(m)%4 != 0 || len(m) == 0 {
		return "[" + hex.EncodeToString(m) + "]"
	}
	var sb strings.Builder
	for i, l := range m.Labels() {
		if i > 0 {
			sb.WriteByte('/')
		}
		sb.WriteString(strconv.FormatUint(uint64(l), 10))
	}
	return sb.String()
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-lwt-ip", Attrs: map[string]uint16{
	"LWTUNNEL_IP_UNSPEC": 0,
	"LWTUNNEL_IP_ID":     1,
	"LWTUNNEL_IP_DST":    2,
	"LWTUNNEL_IP_SRC":    3,
	"LWTUNNEL_IP_TTL":    4,
	"LWTUNNEL_IP_TOS":    5,
	"LWTUNNEL_IP_FLAGS":  6,
	"LWTUNNEL_IP_PAD":    7,
	"LWTUNNEL_IP_OPTS":   8,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-lwt-ip6", Attrs: map[string]uint16{
	"LWTUNNEL_IP6_UNSPEC":   0,
	"LWTUNNEL_IP6_ID":       1,
	"LWTUNNEL_IP6_DST":      2,
	"LWTUNNEL_IP6_SRC":      3,
	"LWTUNNEL_IP6_HOPLIMIT": 4,
	"LWTUNNEL_IP6_TC":       5,
	"LWTUNNEL_IP6_FLAGS":    6,
	"LWTUNNEL_IP6_PAD":      7,
	"LWTUNNEL_IP6_OPTS":     8,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-lwt-mpls", Attrs: map[string]uint16{
	"MPLS_IPTUNNEL_UNSPEC": unix.MPLS_IPTUNNEL_UNSPEC,
	"MPLS_IPTUNNEL_DST":    unix.MPLS_IPTUNNEL_DST,
	"MPLS_IPTUNNEL_TTL":    unix.MPLS_IPTUNNEL_TTL,
}})

func init() {
	nltag.RegisterSubMessageOf[IPEncap]("lwtunnel", EncapIP)
	nltag.RegisterSubMessageOf[IP6Encap]("lwtunnel", EncapIP6)
	nltag.RegisterSubMessageOf[MPLSEncap]("lwtunnel", EncapMPLS)
}
