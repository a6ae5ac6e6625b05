package route

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
)

// LinkFilter selects the links of LinkList and Links. The kernel applies it
// to the dump (strict checking), so unwanted links never cross the socket.
// The zero LinkFilter lists every link.
type LinkFilter struct {
	// Kind keeps the links of one kind, such as "veth" or "bridge".
	Kind string
	// Master keeps the links enslaved to the named bridge, bond or VRF.
	Master string
	// WithVFs asks for the SR-IOV virtual function information
	// (IFLA_VFINFO_LIST), which `ip link` requests and which costs seconds
	// on hosts with many VFs. It is left out by default.
	WithVFs bool
}

// request builds the dump request for f.
func (f *LinkFilter) request(ctx context.Context, c *Client) (*Link, error) {
	req := &Link{}
	if f == nil {
		return req, nil
	}
	if f.WithVFs {
		req.ExtMask = ExtFilterVF
	}
	if f.Kind != "" {
		req.LinkInfo = &LinkInfo{Kind: f.Kind}
	}
	if f.Master != "" {
		i, err := c.index(ctx, f.Master)
		if err != nil {
			return nil, err
		}
		m := uint32(i)
		req.Master = &m
	}
	return req, nil
}

// LinkList returns the links that f selects (nil: all), as `ip link show`.
func (c *Client) LinkList(ctx context.Context, f *LinkFilter) ([]*Link, error) {
	req, err := f.request(ctx, c)
	if err != nil {
		return nil, opError("link list", err)
	}
	ls, err := dump[Link](ctx, c, unix.RTM_GETLINK, unix.RTM_NEWLINK, req, nil)
	return ls, opError("link list", err)
}

// Links is LinkList as an iterator: it streams the dump over a socket of its
// own, in constant memory however many links there are, and the loop body
// may call c. It yields at most one error, last.
func (c *Client) Links(ctx context.Context, f *LinkFilter) iter.Seq2[*Link, error] {
	req, err := f.request(ctx, c)
	if err != nil {
		return func(yield func(*Link, error) bool) { yield(nil, opError("link list", err)) }
	}
	return stream[Link](ctx, c, "link list", unix.RTM_GETLINK, unix.RTM_NEWLINK, req, nil)
}

// LinkByName returns the link named name. An unknown name gives an error
// matching unix.ENODEV.
func (c *Client) LinkByName(ctx context.Context, name string) (*Link, error) {
	l, err := get[Link](ctx, c, unix.RTM_GETLINK, &Link{Name: name})
	return l, opError(fmt.Sprintf("link %q", name), err)
}

// LinkByIndex returns the link with interface index index.
func (c *Client) LinkByIndex(ctx context.Context, index int) (*Link, error) {
	l, err := get[Link](ctx, c, unix.RTM_GETLINK, &Link{Index: int32(index)})
	return l, opError(fmt.Sprintf("link %d", index), err)
}

// LinkOptions are the settings LinkAdd gives a new link and LinkSet changes
// on an existing one: what follows `ip link add NAME` and `ip link set dev
// NAME`. Zero and nil fields are left alone.
type LinkOptions struct {
	// Up brings the link up (true) or down (false).
	Up *bool
	// MTU is the maximum transmission unit.
	MTU uint32
	// NewName renames the link (LinkSet only: LinkAdd refuses it).
	NewName string
	// HardwareAddr is the link-layer address.
	HardwareAddr net.HardwareAddr
	// Master enslaves the link to the named bridge, bond or VRF.
	Master string
	// NoMaster releases the link from its master (LinkSet only).
	NoMaster bool
	// NetNS moves the link to another namespace, or (LinkAdd) creates it
	// there. The Client cannot see the link afterwards.
	NetNS NetNS
	// TxQueueLen is the transmit queue length.
	TxQueueLen *uint32
	// Alias is the interface alias; an empty one removes it.
	Alias *string
	// Group is the interface group (0 is the default group).
	Group *uint32
	// Promisc, AllMulticast and ARP turn promiscuous mode, reception of all
	// multicast and the use of ARP on (true) or off (false).
	Promisc      *bool
	AllMulticast *bool
	ARP          *bool
}

// apply writes o into req, a request for an existing or a new link. It
// returns a function that releases what the request holds open.
func (o *LinkOptions) apply(ctx context.Context, c *Client, req *Link) (func(), error) {
	if o == nil {
		return func() {}, nil
	}
	flag := func(on *bool, f InterfaceFlags, invert bool) {
		if on == nil {
			return
		}
		req.Change |= f
		if *on != invert {
			req.Flags |= f
		}
	}
	flag(o.Up, IffUp, false)
	flag(o.Promisc, IffPromisc, false)
	flag(o.AllMulticast, IffAllMulti, false)
	flag(o.ARP, IffNoARP, true)
	req.MTU = o.MTU
	if o.NewName != "" {
		req.Name = o.NewName
	}
	req.Address = o.HardwareAddr
	if o.TxQueueLen != nil {
		// IFLA_TXQLEN is omitempty in Link, so a zero length goes in by hand.
		if *o.TxQueueLen == 0 {
			req.Wire.Unknown = append(req.Wire.Unknown, u32Attr(unix.IFLA_TXQLEN, 0))
		}
		req.TxQueueLen = *o.TxQueueLen
	}
	if o.Alias != nil {
		req.Alias = *o.Alias
		if *o.Alias == "" {
			// Link.Alias is omitempty; an empty IFLA_IFALIAS deletes the alias.
			req.Wire.Unknown = append(req.Wire.Unknown, attr(unix.IFLA_IFALIAS, nil))
		}
	}
	if o.Group != nil {
		req.Group = *o.Group
		if *o.Group == 0 {
			// Link.Group is omitempty; group 0 (the default) goes in by hand.
			req.Wire.Unknown = append(req.Wire.Unknown, u32Attr(unix.IFLA_GROUP, 0))
		}
	}
	switch {
	case o.Master != "" && o.NoMaster:
		return nil, errors.New("both Master and NoMaster given")
	case o.Master != "":
		i, err := c.index(ctx, o.Master)
		if err != nil {
			return nil, err
		}
		m := uint32(i)
		req.Master = &m
	case o.NoMaster:
		req.Master = new(uint32(0))
	}
	return o.NetNS.setLinkNS(req)
}

// LinkAdd creates a link named name of the given kind, with the settings of
// o (nil for none): `ip link add NAME type KIND ...`, or `ip tuntap add` for
// a Tun. A kind the kernel lacks gives an error that names it and matches
// unix.EOPNOTSUPP.
func (c *Client) LinkAdd(ctx context.Context, name string, kind LinkKind, o *LinkOptions) error {
	op := fmt.Sprintf("link add %s", name)
	if kind == nil {
		return opError(op, errors.New("no link kind given"))
	}
	if o != nil && o.NewName != "" {
		// It would become the new link's name in place of name.
		return opError(op, errors.New("NewName renames an existing link (LinkSet); LinkAdd takes the name as its argument"))
	}
	if t, ok := kind.(*Tun); ok {
		return opError(op, c.tunAdd(ctx, name, t, o))
	}
	req := &Link{Name: name}
	done, err := o.apply(ctx, c, req)
	if err != nil {
		return opError(op, err)
	}
	defer done()
	kdone, err := kind.build(ctx, c, req)
	if err != nil {
		return opError(op, fmt.Errorf("%s: %w", kind.Kind(), err))
	}
	defer kdone()
	err = c.do(ctx, unix.RTM_NEWLINK, netlink.Create|netlink.Excl, req)
	if err != nil {
		return opError(op, kindError(kind, err))
	}
	if o != nil && o.Alias != nil {
		// Creation ignores IFLA_IFALIAS: set it afterwards, or undo, in
		// the namespace the link is in (once skipped there, silently).
		sc := c
		if !o.NetNS.IsZero() {
			oc, err := Dial(ctx, &Options{NetNS: o.NetNS})
			if err != nil {
				return opError(op, fmt.Errorf("setting the alias: %w", err))
			}
			defer oc.Close()
			sc = oc
		}
		if err := sc.linkSet(ctx, name, &LinkOptions{Alias: o.Alias}); err != nil {
			sc.LinkDel(context.WithoutCancel(ctx), name)
			return opError(op, err)
		}
	}
	return nil
}

// kindError names the kind in EOPNOTSUPP errors, and says whether the
// kernel lacks the kind altogether or only an option of it.
func kindError(kind LinkKind, err error) error {
	var oe *netlink.OpError
	switch {
	case errors.As(err, &oe) && oe.Errno == unix.EOPNOTSUPP && oe.Msg == "Unknown device type":
		return fmt.Errorf("link kind %q is not supported by this kernel: %w", kind.Kind(), err)
	case errors.Is(err, unix.EOPNOTSUPP):
		return fmt.Errorf("link kind %q: an option is not supported by this kernel: %w", kind.Kind(), err)
	}
	return err
}

// LinkSet changes the settings o names on the link named name: `ip link set
// dev NAME ...`.
func (c *Client) LinkSet(ctx context.Context, name string, o *LinkOptions) error {
	return opError("link set "+name, c.linkSet(ctx, name, o))
}

func (c *Client) linkSet(ctx context.Context, name string, o *LinkOptions) error {
	req := &Link{Name: name}
	if o != nil && o.NewName != "" {
		// The kernel finds the link by IFLA_IFNAME only without an index,
		// and IFLA_IFNAME is the new name here.
		i, err := c.index(ctx, name)
		if err != nil {
			return err
		}
		req.Index = i
	}
	done, err := o.apply(ctx, c, req)
	if err != nil {
		return err
	}
	defer done()
	return c.do(ctx, unix.RTM_SETLINK, 0, req)
}

// LinkDel deletes the link named name (with a veth, its peer too): `ip link
// del NAME`.
func (c *Client) LinkDel(ctx context.Context, name string) error {
	return opError("link del "+name, c.do(ctx, unix.RTM_DELLINK, 0, &Link{Name: name}))
}

// WaitForLink returns the link named name as soon as it exists, waiting for
// it to appear if need be, until ctx ends: guile-netlink's wait-for-link.
func (c *Client) WaitForLink(ctx context.Context, name string) (*Link, error) {
	op := fmt.Sprintf("wait for link %s", name)
	// Subscribe before looking, so that a link appearing in between is seen.
	m, err := c.Monitor(ctx, MonitorLink)
	if err != nil {
		return nil, opError(op, err)
	}
	defer m.Close()
	l, err := c.LinkByName(ctx, name)
	if err == nil || !errors.Is(err, unix.ENODEV) {
		return l, err
	}
	for ev, err := range m.Events() {
		if err != nil {
			if errors.Is(err, conn.ErrOverrun) {
				// Events were lost: the link may have appeared among them.
				if l, err := c.LinkByName(ctx, name); err == nil {
					return l, nil
				}
				continue
			}
			return nil, opError(op, err)
		}
		if l, ok := ev.Body.(*Link); ok && ev.Type == unix.RTM_NEWLINK && l.Name == name {
			return l, nil
		}
	}
	return nil, opError(op, context.Cause(ctx))
}
