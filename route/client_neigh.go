package route

import (
	"context"
	"fmt"
	"net"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// NeighFilter selects the entries of NeighList. The kernel applies it to
// the dump. The zero NeighFilter lists every ARP and neighbour discovery
// entry.
type NeighFilter struct {
	// Dev keeps the entries of one link.
	Dev LinkRef
	// Family keeps one family: FamilyIPv4 (ARP) or FamilyIPv6 (NDP).
	Family Family
	// Proxy lists the proxy entries instead (`ip neigh show proxy`).
	Proxy bool
}

// NeighList returns the neighbour entries f selects (nil: all), as `ip
// neigh show`. Unlike ip(8), it keeps NUD_NOARP entries.
func (c *Client) NeighList(ctx context.Context, f *NeighFilter) ([]*Neighbour, error) {
	req := &Neighbour{}
	if f != nil {
		i, err := c.optIndex(ctx, "NeighFilter.Dev", f.Dev)
		if err != nil {
			return nil, opError("neigh list", err)
		}
		// The kernel takes the link of a dump from NDA_IFINDEX only.
		req.Family, req.IfIndex = f.Family, i
		if f.Proxy {
			req.Flags = NTFProxy
		}
	}
	ns, err := dump[Neighbour](ctx, c, unix.RTM_GETNEIGH, unix.RTM_NEWNEIGH, req, nil)
	return ns, opError("neigh list", err)
}

// NeighOptions describe a neighbour entry beyond its link and address.
type NeighOptions struct {
	// LLAddr is the neighbour's link-layer address. It must be as long as
	// the link's own (which the kernel would otherwise cut it to without
	// a word): outside a Batch, a look-up of the link checks it.
	LLAddr net.HardwareAddr
	// State is the entry's NUD state; 0 is NUDPermanent, as in ip(8).
	State NeighState
	// Router marks an IPv6 neighbour as a router.
	Router bool
	// Proxy makes a proxy entry: this host answers for dst.
	Proxy bool
	// Protocol says who adds the entry.
	Protocol Protocol
}

// NeighAdd adds an entry for dst on link dev: `ip neigh add`.
func (c *Client) NeighAdd(ctx context.Context, dev LinkRef, dst netip.Addr, o *NeighOptions) error {
	return c.neigh(ctx, "add", unix.RTM_NEWNEIGH, netlink.Create|netlink.Excl, dev, dst, o)
}

// NeighReplace adds an entry for dst or changes the existing one: `ip neigh
// replace`.
func (c *Client) NeighReplace(ctx context.Context, dev LinkRef, dst netip.Addr, o *NeighOptions) error {
	return c.neigh(ctx, "replace", unix.RTM_NEWNEIGH, netlink.Create|netlink.Replace, dev, dst, o)
}

// NeighDel deletes the entry for dst on dev: `ip neigh del`. Of o, only
// Proxy matters.
func (c *Client) NeighDel(ctx context.Context, dev LinkRef, dst netip.Addr, o *NeighOptions) error {
	return c.neigh(ctx, "del", unix.RTM_DELNEIGH, 0, dev, dst, o)
}

func (c *Client) neigh(ctx context.Context, verb string, typ netlink.MsgType, flags netlink.Flags, dev LinkRef, dst netip.Addr, o *NeighOptions) error {
	if err := c.neighDo(ctx, typ, flags, dev, dst, o); err != nil {
		return opError(neighOp(verb, dst, dev), err)
	}
	return nil
}

// hardwareAddrLen returns the length of link i's hardware address, which
// a batch asks for once.
func (c *Client) hardwareAddrLen(ctx context.Context, i netlink.IfIndex) (int, error) {
	b := c.batch
	if b != nil {
		if n, ok := b.addrLens[i]; ok {
			return n, nil
		}
	}
	l, err := get[Link](ctx, c, unix.RTM_GETLINK, &Link{Index: i, ExtMask: ExtFilterSkipStats})
	if err != nil {
		return 0, err
	}
	if b != nil {
		if b.addrLens == nil {
			b.addrLens = map[netlink.IfIndex]int{}
		}
		b.addrLens[i] = len(l.Address)
	}
	return len(l.Address), nil
}

// neighOp names a neighbour change in its errors.
func neighOp(verb string, dst netip.Addr, dev LinkRef) string {
	return fmt.Sprintf("neigh %s %s dev %s", verb, dst, dev)
}

func (c *Client) neighDo(ctx context.Context, typ netlink.MsgType, flags netlink.Flags, dev LinkRef, dst netip.Addr, o *NeighOptions) error {
	if !dst.IsValid() {
		return argErr("dst", "invalid address")
	}
	if err := dev.check("dev"); err != nil {
		return err
	}
	if o == nil {
		o = &NeighOptions{}
	}
	if err := checkHardwareAddr("NeighOptions.LLAddr", o.LLAddr, 0); err != nil {
		return err
	}
	i, err := c.index(ctx, "dev", dev)
	if err != nil {
		return err
	}
	if o.LLAddr != nil && typ != unix.RTM_DELNEIGH {
		// The kernel cuts a longer address to the link's length without a
		// word, as for LinkSet: compare with the length of the link's own.
		// (The link exists: it has an index. A batch asks once per link.)
		n, err := c.hardwareAddrLen(ctx, i)
		if err != nil {
			return noLink("dev", dev, err)
		}
		if n > 0 {
			if err := checkHardwareAddr("NeighOptions.LLAddr", o.LLAddr, n); err != nil {
				return err
			}
		}
	}
	n := &Neighbour{Family: familyOf(dst), Index: i, State: o.State, Dst: dst}
	if typ != unix.RTM_DELNEIGH {
		if n.State == 0 {
			n.State = NUDPermanent
		}
		n.LLAddr, n.Protocol = o.LLAddr, o.Protocol
		if o.Router {
			n.Flags |= NTFRouter
		}
	}
	if o.Proxy {
		n.Flags |= NTFProxy
	}
	return c.do(ctx, typ, flags, n)
}
