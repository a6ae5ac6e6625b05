package route

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net"
	"reflect"

	"github.com/nltag/go-netlink/internal/operr"
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
	// Master keeps the links enslaved to this bridge, bond or VRF.
	Master LinkRef
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
	if !f.Master.IsZero() {
		i, err := c.index(ctx, "LinkFilter.Master", f.Master)
		if err != nil {
			return nil, err
		}
		req.Master = &i
	}
	return req, nil
}

// keep checks the kind of each link again: the kernel ignores a filter
// kind it does not know (a typo, a module not loaded) and dumps every link,
// and compares a kind only up to a NUL.
func (f *LinkFilter) keep() func(*Link) bool {
	if f == nil || f.Kind == "" {
		return nil
	}
	return func(l *Link) bool { return l.LinkInfo != nil && l.LinkInfo.Kind == f.Kind }
}

// LinkList returns the links that f selects (nil: all), as `ip link show`.
func (c *Client) LinkList(ctx context.Context, f *LinkFilter) ([]*Link, error) {
	req, err := f.request(ctx, c)
	if err != nil {
		return nil, opError("link list", err)
	}
	ls, err := dump[Link](ctx, c, unix.RTM_GETLINK, unix.RTM_NEWLINK, req, f.keep())
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
	return stream[Link](ctx, c, "link list", unix.RTM_GETLINK, unix.RTM_NEWLINK, req, f.keep())
}

// LinkGet returns the link l names: `ip link show dev NAME`. An unknown
// link gives an error matching unix.ENODEV.
func (c *Client) LinkGet(ctx context.Context, l LinkRef) (*Link, error) {
	link, err := c.linkGet(ctx, l)
	return link, opError("link get "+l.String(), err)
}

func (c *Client) linkGet(ctx context.Context, l LinkRef) (*Link, error) {
	req := &Link{}
	if err := l.link("link", req); err != nil {
		return nil, err
	}
	link, err := get[Link](ctx, c, unix.RTM_GETLINK, req)
	if errors.Is(err, unix.ENODEV) {
		return nil, noLink("link", l, err)
	}
	return link, err
}

// LinkByName returns the link named name: LinkGet(ctx, ByName(name)).
func (c *Client) LinkByName(ctx context.Context, name string) (*Link, error) {
	return c.LinkGet(ctx, ByName(name))
}

// LinkByIndex returns the link with interface index i: LinkGet(ctx,
// ByIndex(i)).
func (c *Client) LinkByIndex(ctx context.Context, i netlink.IfIndex) (*Link, error) {
	return c.LinkGet(ctx, ByIndex(i))
}

// LinkOptions are the settings LinkAdd gives a new link and LinkSet changes
// on an existing one: what follows `ip link add NAME` and `ip link set dev
// NAME`. Zero and nil fields are left alone.
type LinkOptions struct {
	// Up brings the link up (true) or down (false).
	Up *bool
	// MTU is the maximum transmission unit. LinkAdd refuses one below 68
	// (ETH_MIN_MTU) for the Ethernet kinds, which the kernel would refuse.
	MTU uint32
	// NewName renames the link (LinkSet only: LinkAdd refuses it).
	NewName string
	// HardwareAddr is the link-layer address: 6 bytes for the Ethernet
	// kinds LinkAdd creates, 1 to 32 for LinkSet.
	HardwareAddr net.HardwareAddr
	// Master enslaves the link to this bridge, bond or VRF.
	Master LinkRef
	// NoMaster releases the link from its master (LinkSet only).
	NoMaster bool
	// NetNS moves the link to another namespace, or (LinkAdd) creates it
	// there. The Client cannot see the link afterwards.
	NetNS conn.NetNS
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
	// Multicast, Dynamic and Trailers turn multicast, dynamic addresses
	// and trailer encapsulation (IFF_NOTRAILERS cleared) on or off:
	// guile-netlink's link-set #:multicast-on and the like.
	Multicast *bool
	Dynamic   *bool
	Trailers  *bool
	// Carrier sets the carrier state, on the devices whose driver lets user
	// space change it; others, veth among them, refuse it (EOPNOTSUPP).
	Carrier *bool
	// Broadcast is the link-layer broadcast address, as long as the link's
	// address (the kernel would cut a longer one without a word): LinkSet
	// looks the link up to check it.
	Broadcast net.HardwareAddr
	// BridgePort changes the link's settings as a port of its bridge (the
	// non-nil fields of it): `ip link set dev NAME type bridge_slave ...`
	// (LinkSet only). BridgePortSet does the same as `bridge link set`.
	BridgePort *BridgePortData
}

// apply writes o into req, a request for an existing or a new link. It
// returns a function that releases what the request holds open.
func (o *LinkOptions) apply(ctx context.Context, c *Client, req *Link) (func(), error) {
	if o == nil {
		return noCleanup, nil
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
	flag(o.Multicast, IffMulticast, false)
	flag(o.Dynamic, IffDynamic, false)
	flag(o.Trailers, IffNoTrailers, true)
	req.Carrier = o.Carrier
	if err := checkHardwareAddr("LinkOptions.Broadcast", o.Broadcast, 0); err != nil {
		return nil, err
	}
	req.Broadcast = o.Broadcast
	req.MTU = o.MTU
	if o.NewName != "" {
		if err := checkName("LinkOptions.NewName", o.NewName); err != nil {
			return nil, err
		}
		req.Name = o.NewName
	}
	if o.Alias != nil && len(*o.Alias) > ifAliasMax {
		return nil, argErr("LinkOptions.Alias", "%d bytes, longer than the kernel's %d", len(*o.Alias), ifAliasMax)
	}
	req.Address = o.HardwareAddr
	req.TxQueueLen, req.Alias, req.Group = o.TxQueueLen, o.Alias, o.Group
	switch {
	case !o.Master.IsZero() && o.NoMaster:
		return nil, argErr("LinkOptions.Master", "given with NoMaster")
	case !o.Master.IsZero():
		i, err := c.index(ctx, "LinkOptions.Master", o.Master)
		if err != nil {
			return nil, err
		}
		req.Master = &i
	case o.NoMaster:
		req.Master = new(netlink.IfIndex(0))
	}
	if o.BridgePort != nil {
		req.LinkInfo = &LinkInfo{SlaveKind: "bridge", SlaveData: o.BridgePort}
	}
	done, err := setLinkNS(ctx, o.NetNS, req)
	if err != nil {
		return nil, fmt.Errorf("LinkOptions.NetNS: %w", err)
	}
	return done, nil
}

// LinkAdd creates a link named name of the given kind, with the settings of
// o (nil for none): `ip link add NAME type KIND ...`, or `ip tuntap add` for
// a Tun. A kind the kernel lacks gives an error that names it and matches
// unix.EOPNOTSUPP.
func (c *Client) LinkAdd(ctx context.Context, name string, kind LinkKind, o *LinkOptions) error {
	op := "link add " + ByName(name).String()
	if err := checkName("name", name); err != nil {
		return opError(op, err)
	}
	if kind == nil || reflect.ValueOf(kind).IsNil() {
		// A typed nil (var b *Bridge) would panic in build.
		return opError(op, argErr("kind", "no link kind given"))
	}
	if o != nil && o.BridgePort != nil {
		// Slave data changes a port, which a new link becomes only once
		// created and enslaved.
		return opError(op, argErr("LinkOptions.BridgePort", "changes a bridge port (LinkSet); LinkAdd cannot set it"))
	}
	if o != nil && o.NewName != "" {
		// It would become the new link's name in place of name.
		return opError(op, argErr("LinkOptions.NewName", "renames an existing link (LinkSet); LinkAdd takes the name as its argument"))
	}
	if o != nil && ethernetKind(kind) {
		if err := checkHardwareAddr("LinkOptions.HardwareAddr", o.HardwareAddr, 6); err != nil {
			return opError(op, err)
		}
		if err := checkHardwareAddr("LinkOptions.Broadcast", o.Broadcast, 6); err != nil {
			return opError(op, err)
		}
		if o.MTU != 0 && o.MTU < ethMinMTU {
			return opError(op, argErr("LinkOptions.MTU", "%d is below %d, the least an Ethernet link takes", o.MTU, ethMinMTU))
		}
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
		return opError(op, err)
	}
	defer kdone()
	alias := req.Alias
	req.Alias = nil // creation ignores IFLA_IFALIAS
	err = c.do(ctx, unix.RTM_NEWLINK, netlink.Create|netlink.Excl, req)
	if err != nil {
		return opError(op, kindError(kind, err))
	}
	if alias != nil {
		// Set the alias afterwards, or undo, in the namespace the link is
		// in (once skipped there, silently).
		sc := c
		if !o.NetNS.IsZero() {
			oc, err := Dial(ctx, &Options{NetNS: o.NetNS})
			if err != nil {
				return opError(op, opError("setting the alias", err))
			}
			defer oc.Close()
			sc = oc
		}
		if err := sc.linkSet(ctx, ByName(name), &LinkOptions{Alias: alias}); err != nil {
			sc.linkDel(context.WithoutCancel(ctx), ByName(name))
			return opError(op, err)
		}
	}
	return nil
}

// ethMinMTU is ETH_MIN_MTU, the least MTU of an Ethernet link.
const ethMinMTU = 68

// ethernetKind reports a kind whose links are Ethernet devices, with 6-byte
// addresses and ETH_MIN_MTU.
func ethernetKind(k LinkKind) bool {
	switch k := k.(type) {
	case *Veth, *Bridge, *Macvlan, *Macvtap, *Vxlan, *VLAN, *Bond, *Dummy, *IFB:
		return true
	case *Tun:
		return k.Tap
	}
	return false
}

// kindError names the kind in EOPNOTSUPP errors, and says whether the
// kernel lacks the kind altogether or only an option of it.
func kindError(kind LinkKind, err error) error {
	var oe *netlink.OpError
	switch {
	case errors.As(err, &oe) && oe.Errno == unix.EOPNOTSUPP && oe.Msg == "Unknown device type":
		return operr.Wrap(fmt.Sprintf("link kind %q is not supported by this kernel", kind.Kind()), err)
	case errors.Is(err, unix.EOPNOTSUPP):
		return operr.Wrap(fmt.Sprintf("link kind %q: an option is not supported by this kernel", kind.Kind()), err)
	}
	return err
}

// LinkSet changes the settings o names on link l: `ip link set dev NAME
// ...`. The kernel finds a link by its name itself, except to rename it
// (LinkOptions.NewName), which costs a lookup of a name. A HardwareAddr
// costs a lookup of the link, whose address length it must have.
func (c *Client) LinkSet(ctx context.Context, l LinkRef, o *LinkOptions) error {
	return opError("link set "+l.String(), c.linkSet(ctx, l, o))
}

func (c *Client) linkSet(ctx context.Context, l LinkRef, o *LinkOptions) error {
	req := &Link{}
	if err := l.link("link", req); err != nil {
		return err
	}
	if o != nil && o.NewName != "" && req.Index == 0 {
		// The kernel finds the link by IFLA_IFNAME only without an index,
		// and IFLA_IFNAME is the new name here.
		i, err := c.index(ctx, "link", l)
		if err != nil {
			return err
		}
		req.Index, req.Name = i, ""
	}
	if o != nil && (o.HardwareAddr != nil || o.Broadcast != nil) {
		if err := checkHardwareAddr("LinkOptions.HardwareAddr", o.HardwareAddr, 0); err != nil {
			return err
		}
		// The kernel cuts a longer address (or broadcast address) to the
		// link's length without a word: compare with the length of the
		// link's own.
		cur, err := get[Link](ctx, c, unix.RTM_GETLINK, &Link{Index: req.Index, Name: req.Name, ExtMask: ExtFilterSkipStats})
		if err != nil {
			return err
		}
		if err := checkHardwareAddr("LinkOptions.HardwareAddr", o.HardwareAddr, len(cur.Address)); err != nil {
			return err
		}
		if err := checkHardwareAddr("LinkOptions.Broadcast", o.Broadcast, len(cur.Address)); err != nil {
			return err
		}
	}
	done, err := o.apply(ctx, c, req)
	if err != nil {
		return err
	}
	defer done()
	typ := netlink.MsgType(unix.RTM_SETLINK)
	if req.LinkInfo != nil {
		// Only RTM_NEWLINK reaches the master's changelink for slave data,
		// as with ip(8)'s `ip link set ... type bridge_slave`.
		typ = unix.RTM_NEWLINK
	}
	err = c.do(ctx, typ, 0, req)
	if errors.Is(err, unix.ENODEV) {
		return noLink("link", l, err)
	}
	return err
}

// LinkDel deletes link l (with a veth, its peer too): `ip link del NAME`.
func (c *Client) LinkDel(ctx context.Context, l LinkRef) error {
	return opError("link del "+l.String(), c.linkDel(ctx, l))
}

func (c *Client) linkDel(ctx context.Context, l LinkRef) error {
	req := &Link{}
	if err := l.link("link", req); err != nil {
		return err
	}
	err := c.do(ctx, unix.RTM_DELLINK, 0, req)
	if errors.Is(err, unix.ENODEV) {
		return noLink("link", l, err)
	}
	return err
}

// WaitForLink returns the link named name as soon as it exists, waiting for
// it to appear if need be, until ctx ends: guile-netlink's wait-for-link.
func (c *Client) WaitForLink(ctx context.Context, name string) (*Link, error) {
	op := "wait for link " + ByName(name).String()
	if err := checkName("name", name); err != nil {
		return nil, opError(op, err)
	}
	// Subscribe before looking, so that a link appearing in between is seen.
	m, err := c.Monitor(ctx, MonitorLink)
	if err != nil {
		return nil, opError(op, err)
	}
	defer m.Close()
	l, err := c.linkGet(ctx, ByName(name))
	if err == nil || !errors.Is(err, unix.ENODEV) {
		return l, opError(op, err)
	}
	for ev, err := range m.Events() {
		if err != nil {
			if !errors.Is(err, conn.ErrOverrun) {
				return nil, opError(op, err)
			}
			// Events were lost: the link may have appeared among them.
			// One that appears after this lookup is announced, or
			// reported by another overrun (see Monitor).
			l, err := c.linkGet(ctx, ByName(name))
			if err == nil || !errors.Is(err, unix.ENODEV) {
				return l, opError(op, err)
			}
			continue
		}
		if l, ok := ev.Body.(*Link); ok && ev.Type == unix.RTM_NEWLINK && l.Name == name {
			return l, nil
		}
	}
	return nil, opError(op, context.Cause(ctx))
}

// ifAliasMax is IFALIASZ less the NUL: the longest alias the kernel keeps.
const ifAliasMax = 255
