package route

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
)

// NextHopFilter selects the nexthop objects NextHopList returns, as the
// kernel filters them: `ip nexthop show [dev DEV] [groups] [fdb] [master
// DEV]`. The zero NextHopFilter (or nil) selects all.
type NextHopFilter struct {
	// Dev keeps the nexthops through a link.
	Dev LinkRef
	// Master keeps the nexthops through the links of a master (a VRF).
	Master LinkRef
	// Groups keeps the groups; FDB the nexthops of the bridge forwarding
	// database.
	Groups, FDB bool
}

// NextHopList returns the nexthop objects f selects: `ip nexthop show`.
func (c *Client) NextHopList(ctx context.Context, f *NextHopFilter) ([]*NextHopObject, error) {
	if f == nil {
		f = &NextHopFilter{}
	}
	req := &NextHopObject{Groups: f.Groups, FDB: f.FDB}
	var err error
	if req.OIF, err = c.optIndex(ctx, "NextHopFilter.Dev", f.Dev); err != nil {
		return nil, opError("nexthop list", err)
	}
	if req.Master, err = c.optIndex(ctx, "NextHopFilter.Master", f.Master); err != nil {
		return nil, opError("nexthop list", err)
	}
	ns, err := dump[NextHopObject](ctx, c, unix.RTM_GETNEXTHOP, unix.RTM_NEWNEXTHOP, req, nil)
	return ns, opError("nexthop list", err)
}

// NextHopGet returns the nexthop object id: `ip nexthop get id ID`. One
// that does not exist gives an error matching unix.ENOENT.
func (c *Client) NextHopGet(ctx context.Context, id uint32) (*NextHopObject, error) {
	if id == 0 {
		return nil, opError("nexthop get", argErr("id", "0 names no nexthop"))
	}
	n, err := get[NextHopObject](ctx, c, unix.RTM_GETNEXTHOP, &NextHopObject{ID: id})
	return n, opError(fmt.Sprintf("nexthop get %d", id), err)
}

// NextHopOptions describe a nexthop object: what follows `ip nexthop add`.
// An object is one of: a gateway and/or a link (Gateway, Dev), a
// blackhole, or a group of other objects (Group).
type NextHopOptions struct {
	// ID identifies the object; 0 lets the kernel choose one when adding.
	ID uint32
	// Family is FamilyIPv4 or FamilyIPv6; 0 takes Gateway's family, else
	// IPv4 (groups have none).
	Family Family
	// Gateway is the next hop's address; Dev its output link.
	Gateway netip.Addr
	Dev     LinkRef
	// OnLink takes the gateway to be on Dev's link.
	OnLink bool
	// Blackhole makes the object drop packets.
	Blackhole bool
	// FDB makes the object (or group) one for the bridge forwarding
	// database of vxlan devices, not for routes.
	FDB bool
	// Group lists the members of a group.
	Group []GroupMember
	// GroupType is the kind of group: GroupMultipath (the default) or
	// GroupResilient, which Resilient configures.
	GroupType GroupType
	Resilient *ResilientOptions
	// Protocol says who installs the object.
	Protocol Protocol
}

// GroupMember is one member of a nexthop group.
type GroupMember struct {
	ID uint32
	// Weight is its share of the traffic, from 1 to 65536 (kernels before
	// 6.12 take at most 256); 0 is 1.
	Weight int
}

// ResilientOptions configure a resilient group: `ip nexthop add ... type
// resilient buckets N idle_timer S unbalanced_timer S`. Zero fields take
// the kernel's defaults (128 buckets, idle timer 120 s, no unbalanced
// timer). The kernel counts the timers in clock ticks of USER_HZ, 100 a
// second, so they are rounded to hundredths of a second.
type ResilientOptions struct {
	Buckets         uint16
	IdleTimer       time.Duration
	UnbalancedTimer time.Duration
}

// userHZ is the rate of the clock_t ticks of the kernel's ABI.
const userHZ = 100

// nextHopMessage builds the body of a request about a nexthop object.
func (c *Client) nextHopMessage(ctx context.Context, o *NextHopOptions) (*NextHopObject, error) {
	if o == nil {
		o = &NextHopOptions{}
	}
	n := &NextHopObject{
		Family: o.Family, ID: o.ID, Protocol: o.Protocol, Blackhole: o.Blackhole, FDB: o.FDB,
		Gateway: o.Gateway, GroupType: o.GroupType,
	}
	if o.Gateway.IsValid() {
		f := familyOf(o.Gateway)
		if n.Family != 0 && n.Family != f {
			return nil, argErr("NextHopOptions.Gateway", "%s is not of family %s", o.Gateway, n.Family)
		}
		n.Family = f
	}
	if len(o.Group) > 0 {
		if o.Gateway.IsValid() || !o.Dev.IsZero() || o.Blackhole {
			return nil, argErr("NextHopOptions.Group", "a group has no gateway, link or blackhole of its own")
		}
		for i, m := range o.Group {
			if m.Weight < 0 || m.Weight > 1<<16 {
				return nil, argErr(fmt.Sprintf("NextHopOptions.Group[%d].Weight", i), "%d out of range 1-65536", m.Weight)
			}
			e := GroupEntry{ID: m.ID}
			if m.Weight > 0 {
				e.SetWeight(m.Weight)
			}
			n.Group = append(n.Group, e)
		}
	} else if n.Family == 0 {
		n.Family = FamilyIPv4
	}
	if r := o.Resilient; r != nil {
		if o.GroupType != GroupResilient {
			return nil, argErr("NextHopOptions.Resilient", "set for a group of type %s", o.GroupType)
		}
		n.ResGroup = &ResGroup{
			Buckets:         r.Buckets,
			IdleTimer:       uint32(r.IdleTimer * userHZ / time.Second),
			UnbalancedTimer: uint32(r.UnbalancedTimer * userHZ / time.Second),
		}
	}
	var err error
	if n.OIF, err = c.optIndex(ctx, "NextHopOptions.Dev", o.Dev); err != nil {
		return nil, err
	}
	if o.OnLink {
		n.Flags |= RouteOnLink
	}
	return n, nil
}

// NextHopAdd adds a nexthop object: `ip nexthop add`. One whose id is
// taken gives an error matching unix.EEXIST.
func (c *Client) NextHopAdd(ctx context.Context, o *NextHopOptions) error {
	return c.nextHop(ctx, "add", netlink.Create|netlink.Excl, o)
}

// NextHopReplace adds a nexthop object or replaces the one with its id:
// `ip nexthop replace`. Routes and groups that use it follow.
func (c *Client) NextHopReplace(ctx context.Context, o *NextHopOptions) error {
	return c.nextHop(ctx, "replace", netlink.Create|netlink.Replace, o)
}

func (c *Client) nextHop(ctx context.Context, verb string, flags netlink.Flags, o *NextHopOptions) error {
	op := "nexthop " + verb
	if o != nil && o.ID != 0 {
		op = fmt.Sprintf("%s %d", op, o.ID)
	}
	n, err := c.nextHopMessage(ctx, o)
	if err == nil {
		err = c.do(ctx, unix.RTM_NEWNEXTHOP, flags, n)
	}
	return opError(op, err)
}

// NextHopDel deletes the nexthop object id, and with it the routes that
// use it: `ip nexthop del id ID`.
func (c *Client) NextHopDel(ctx context.Context, id uint32) error {
	op := fmt.Sprintf("nexthop del %d", id)
	if id == 0 {
		return opError(op, argErr("id", "0 names no nexthop"))
	}
	return opError(op, c.do(ctx, unix.RTM_DELNEXTHOP, 0, &NextHopObject{ID: id}))
}

// NextHopBuckets returns the buckets of the resilient group id, or of
// every resilient group when id is 0: `ip nexthop bucket show`.
func (c *Client) NextHopBuckets(ctx context.Context, id uint32) ([]*NextHopObject, error) {
	bs, err := dump[NextHopObject](ctx, c, unix.RTM_GETNEXTHOPBUCKET, unix.RTM_NEWNEXTHOPBUCKET, &NextHopObject{ID: id}, nil)
	return bs, opError("nexthop bucket list", err)
}
