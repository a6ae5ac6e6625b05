package route

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// NextHop is one path of a multipath route: struct rtnexthop followed by its
// own RTA_* attributes.
type NextHop struct {
	_     uint16       // rtnh_len, computed when encoding
	Flags NextHopFlags // RTNH_F_*
	// Hops is the path's weight minus one.
	Hops  uint8
	Index netlink.IfIndex // output interface

	_       nltag.Set  `nla:"rt-route"`
	Gateway netip.Addr `nla:"RTA_GATEWAY"`
	// Via is a gateway of another family than the route's.
	Via Via `nla:"RTA_VIA,omitempty"`
	// NewDst is the MPLS label stack this path swaps in.
	NewDst MPLSLabels `nla:"RTA_NEWDST,omitempty"`
	// Flow is the path's realm.
	Flow      uint32    `nla:"RTA_FLOW,omitempty"`
	EncapType EncapType `nla:"RTA_ENCAP_TYPE,omitempty"`
	Encap     any       `nla:"RTA_ENCAP,submsg=lwtunnel,selector=EncapType"`

	Wire nltag.Wire
}

// Weight returns the path's weight, Hops+1.
func (n *NextHop) Weight() int { return int(n.Hops) + 1 }

// SetWeight sets Hops from a weight between 1 and 256.
func (n *NextHop) SetWeight(w int) { n.Hops = uint8(w - 1) }

// NextHopFlags are the RTNH_F_* flags of one path (struct rtnexthop).
type NextHopFlags uint8

// String returns the flags as "RTNH_F_ONLINK|RTNH_F_LINKDOWN".
func (f NextHopFlags) String() string { return routeFlags.Format(RouteFlags(f)) }

// NextHops is the payload of RTA_MULTIPATH: a sequence of struct rtnexthop,
// each followed by its attributes. It encodes and decodes itself, using
// nltag for each path.
type NextHops []NextHop

const rtnexthopLen = 8

// ErrNextHop is the cause of errors about malformed RTA_MULTIPATH payloads.
var ErrNextHop = errors.New("malformed rtnexthop")

// MarshalNetlink appends the paths, each with its rtnh_len filled in.
func (ns NextHops) MarshalNetlink(b []byte) ([]byte, error) {
	for i := range ns {
		start := len(b)
		var err error
		if b, err = nltag.AppendMarshal(b, &ns[i]); err != nil {
			return b, fmt.Errorf("next hop %d: %w", i, err)
		}
		n := len(b) - start
		if n > 0xffff {
			return b, fmt.Errorf("next hop %d: %d bytes exceed rtnh_len", i, n)
		}
		binary.NativeEndian.PutUint16(b[start:], uint16(n))
		for len(b)&3 != 0 {
			b = append(b, 0)
		}
	}
	return b, nil
}

// UnmarshalNetlinkFrom decodes the paths of an RTA_MULTIPATH payload with
// d, inside the decoding of the route. It fails on a length that is too
// small for struct rtnexthop or runs past the end, and on bytes left over
// after the last path.
func (ns *NextHops) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	*ns = nil
	var out NextHops
	for off := 0; off < len(data); {
		rest := len(data) - off
		if rest < rtnexthopLen {
			return fmt.Errorf("%w: %d bytes left at offset %d", ErrNextHop, rest, off)
		}
		n := int(binary.NativeEndian.Uint16(data[off:]))
		if n < rtnexthopLen || n > rest {
			return fmt.Errorf("%w: rtnh_len %d at offset %d with %d bytes left", ErrNextHop, n, off, rest)
		}
		out = append(out, NextHop{})
		if err := d.Unmarshal(data[off:off+n], &out[len(out)-1]); err != nil {
			return fmt.Errorf("next hop %d: %w", len(out)-1, err)
		}
		off += (n + 3) &^ 3
	}
	*ns = out
	return nil
}

// Via is the payload of RTA_VIA, struct rtvia: a two-byte address family and
// the address, for a gateway whose family differs from the route's (an IPv6
// gateway of an IPv4 route, the link-layer next hop of an MPLS route). It is
// kept as the raw payload.
type Via []byte

// NewVia returns the RTA_VIA payload for an IP address.
func NewVia(a netip.Addr) Via {
	fam := FamilyIPv6
	if a.Is4() {
		fam = FamilyIPv4
	}
	v := binary.NativeEndian.AppendUint16(nil, uint16(fam))
	return append(v, a.AsSlice()...)
}

// Family returns rtvia_family, or 0 when the payload is too short.
func (v Via) Family() Family {
	if len(v) < 2 {
		return 0
	}
	return Family(binary.NativeEndian.Uint16(v))
}

// Addr returns the address when the family is AF_INET or AF_INET6 and the
// length matches; otherwise it returns the zero Addr.
func (v Via) Addr() netip.Addr {
	if len(v) < 2 {
		return netip.Addr{}
	}
	a, ok := netip.AddrFromSlice(v[2:])
	if !ok || (v.Family() == FamilyIPv4) != a.Is4() || (v.Family() != FamilyIPv4 && v.Family() != FamilyIPv6) {
		return netip.Addr{}
	}
	return a
}

// String returns the family and the address, as "AF_INET6 2001:db8::1", or
// the family and the address bytes in hex.
func (v Via) String() string {
	if len(v) < 2 {
		return "[" + hex.EncodeToString(v) + "]"
	}
	if a := v.Addr(); a.IsValid() {
		return v.Family().String() + " " + a.String()
	}
	return v.Family().String() + " [" + hex.EncodeToString(v[2:]) + "]"
}
