package route

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// AddrFilter selects the addresses of AddrList. The kernel applies it to
// the dump. The zero AddrFilter lists every address.
type AddrFilter struct {
	// Dev keeps the addresses of one link.
	Dev LinkRef
	// Family keeps one family: FamilyIPv4 or FamilyIPv6.
	Family Family
}

// AddrList returns the addresses f selects (nil: all), as `ip addr show`.
func (c *Client) AddrList(ctx context.Context, f *AddrFilter) ([]*Address, error) {
	req := &Address{}
	if f != nil {
		i, err := c.optIndex(ctx, "AddrFilter.Dev", f.Dev)
		if err != nil {
			return nil, opError("addr list", err)
		}
		req.Family, req.Index = f.Family, i
	}
	as, err := dump[Address](ctx, c, unix.RTM_GETADDR, unix.RTM_NEWADDR, req, nil)
	return as, opError("addr list", err)
}

// AddrOptions are the settings of an address beyond its prefix: what
// follows `ip addr add PREFIX`. Zero fields are left out.
type AddrOptions struct {
	// Peer is the far end of a point-to-point link; its length is the
	// address's prefix length, and the local prefix's is ignored.
	Peer netip.Prefix
	// Broadcast is the IPv4 broadcast address.
	Broadcast netip.Addr
	// Label names an IPv4 address (by default the link's name); it must
	// start with the link's name, as "eth0:1".
	Label string
	// Scope is the address's scope. Zero is global, except for the
	// loopback range 127.0.0.0/8, which gets host scope as in ip(8).
	Scope Scope
	// Flags are IFA_F_* flags a request may set: AddrNoDAD,
	// AddrNoPrefixRoute, AddrManageTempAddr, AddrHomeAddress,
	// AddrMcAutoJoin.
	Flags AddrFlags
	// ValidLifetime is how long the address lives (0: forever);
	// PreferredLifetime how long it is preferred as a source (0: as long as
	// it is valid). They are sent in whole seconds.
	ValidLifetime, PreferredLifetime time.Duration
	// Metric is the metric of the prefix route the address adds.
	Metric uint32
	// Proto says who adds the address.
	Proto AddrProto
	// Anycast is sent as IFA_ANYCAST, as guile-netlink's addr-add #:anycast
	// and ip(8)'s `anycast ADDR` do; the kernel accepts it and does not
	// report it back.
	Anycast netip.Addr
}

// familyOf returns the family of an address.
func familyOf(a netip.Addr) Family {
	if a.Is4() {
		return FamilyIPv4
	}
	return FamilyIPv6
}

// addrMessage builds the body of a request about the address p on link
// idx. Deletions use only the parts that identify an address.
func addrMessage(idx netlink.IfIndex, p netip.Prefix, o *AddrOptions, del bool) (*Address, error) {
	if !p.IsValid() {
		return nil, argErr("prefix", "invalid prefix")
	}
	ip := p.Addr()
	a := &Address{Family: familyOf(ip), PrefixLen: uint8(p.Bits()), Index: idx, Local: ip, Address: ip}
	if ip.Is4() && ip.As4()[0] == 127 {
		a.Scope = ScopeHost
	}
	if o == nil {
		return a, nil
	}
	if o.Peer.IsValid() {
		if o.Peer.Addr().Is4() != ip.Is4() {
			return nil, argErr("AddrOptions.Peer", "%s and the local address %s are of different families", o.Peer, ip)
		}
		a.Address, a.PrefixLen = o.Peer.Addr(), uint8(o.Peer.Bits())
	}
	a.Label = o.Label
	if del {
		return a, nil
	}
	if o.Scope != 0 {
		a.Scope = o.Scope
	}
	if o.Broadcast.IsValid() {
		if !o.Broadcast.Is4() || !ip.Is4() {
			return nil, argErr("AddrOptions.Broadcast", "broadcast addresses are IPv4 only")
		}
		a.Broadcast = o.Broadcast
	}
	a.Flags, a.AllFlags = AddrFlags8(o.Flags), o.Flags
	if o.ValidLifetime < 0 || o.PreferredLifetime < 0 {
		return nil, argErr("AddrOptions.ValidLifetime", "negative lifetime")
	}
	if o.ValidLifetime != 0 || o.PreferredLifetime != 0 {
		valid, pref := lifetime(o.ValidLifetime), lifetime(o.PreferredLifetime)
		if o.PreferredLifetime == 0 || pref > valid {
			pref = valid
		}
		a.CacheInfo = &AddrCacheInfo{Valid: valid, Preferred: pref}
	}
	if o.Anycast.IsValid() && o.Anycast.Is4() != ip.Is4() {
		return nil, argErr("AddrOptions.Anycast", "%s and the local address %s are of different families", o.Anycast, ip)
	}
	if o.Anycast.IsValid() || o.Metric != 0 {
		a.Extra = &AddressExtra{Anycast: o.Anycast, RoutePriority: o.Metric}
	}
	a.Proto = o.Proto
	return a, nil
}

// lifetime converts a duration to the seconds of ifa_cacheinfo, where 0
// and anything too long are forever.
func lifetime(d time.Duration) uint32 {
	s := (d + time.Second - 1) / time.Second
	if d == 0 || s >= Forever {
		return Forever
	}
	return uint32(s)
}

// AddrAdd adds the address p to link dev: `ip addr add`. An address that
// exists gives an error matching unix.EEXIST.
func (c *Client) AddrAdd(ctx context.Context, dev LinkRef, p netip.Prefix, o *AddrOptions) error {
	return c.addr(ctx, "add", unix.RTM_NEWADDR, netlink.Create|netlink.Excl, dev, p, o)
}

// AddrReplace adds the address p to dev or, if it exists, changes it to
// the settings of o: `ip addr replace`.
func (c *Client) AddrReplace(ctx context.Context, dev LinkRef, p netip.Prefix, o *AddrOptions) error {
	return c.addr(ctx, "replace", unix.RTM_NEWADDR, netlink.Create|netlink.Replace, dev, p, o)
}

// AddrDel removes the address p from dev: `ip addr del`. Of o, only Peer
// and Label matter: they help to identify the address.
func (c *Client) AddrDel(ctx context.Context, dev LinkRef, p netip.Prefix, o *AddrOptions) error {
	return c.addr(ctx, "del", unix.RTM_DELADDR, 0, dev, p, o)
}

func (c *Client) addr(ctx context.Context, verb string, typ netlink.MsgType, flags netlink.Flags, dev LinkRef, p netip.Prefix, o *AddrOptions) error {
	if err := c.addrDo(ctx, typ, flags, dev, p, o); err != nil {
		return opError(addrOp(verb, p, dev), err)
	}
	return nil
}

// addrOp names an address change in its errors.
func addrOp(verb string, p netip.Prefix, dev LinkRef) string {
	return fmt.Sprintf("addr %s %s dev %s", verb, p, dev)
}

func (c *Client) addrDo(ctx context.Context, typ netlink.MsgType, flags netlink.Flags, dev LinkRef, p netip.Prefix, o *AddrOptions) error {
	if !p.IsValid() {
		return argErr("prefix", "invalid prefix")
	}
	if err := dev.check("dev"); err != nil {
		return err
	}
	if o != nil && o.Label != "" {
		if err := checkLabel(o.Label); err != nil {
			return err
		}
	}
	i, err := c.index(ctx, "dev", dev)
	if err != nil {
		return err
	}
	a, err := addrMessage(i, p, o, typ == unix.RTM_DELADDR)
	if err != nil {
		return err
	}
	return c.do(ctx, typ, flags, a)
}

// checkLabel applies the kernel's rule for address labels: a string that
// fits IFNAMSIZ. (It must also start with the link's name, which the
// kernel checks.)
func checkLabel(l string) error {
	if len(l) > maxNameLen || strings.IndexByte(l, 0) >= 0 {
		return argErr("AddrOptions.Label", "label %q must be at most %d bytes without NUL", l, maxNameLen)
	}
	return nil
}
