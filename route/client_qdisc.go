package route

import (
	"context"
	"fmt"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
)

// QdiscList returns the queueing disciplines of link dev, or of every link
// when dev is the zero LinkRef: `tc qdisc show`. Qdisc dumps ignore the
// header's link, so the filtering happens here.
func (c *Client) QdiscList(ctx context.Context, dev LinkRef) ([]*Tc, error) {
	i, err := c.optIndex(ctx, "dev", dev)
	if err != nil {
		return nil, opError("qdisc list", err)
	}
	var keep func(*Tc) bool
	if i != 0 {
		keep = func(t *Tc) bool { return t.Index == i }
	}
	qs, err := dump[Tc](ctx, c, unix.RTM_GETQDISC, unix.RTM_NEWQDISC, &Tc{}, keep)
	return qs, opError("qdisc list", err)
}

// TcOptions describe a qdisc or a class: what follows `tc qdisc add dev
// DEV` or `tc class add dev DEV`.
type TcOptions struct {
	// Parent is where the qdisc or class hangs: HandleRoot, a class, or
	// the class's parent qdisc or class. 0 is HandleRoot for a qdisc, and
	// HandleIngress for ingress and clsact, their only place.
	Parent Handle
	// Handle is the qdisc's handle (major:0) or the class's id
	// (major:minor, the major of its qdisc). 0 lets the kernel choose a
	// qdisc's, and is ffff:0 for ingress and clsact.
	Handle Handle
	// Kind is the kind and its options: NewHTB(10), &PfifoOptions{Limit:
	// 100} ... Deleting needs none.
	Kind TcKind
}

// tcMessage builds the body of a qdisc or class request on link dev.
func (c *Client) tcMessage(ctx context.Context, dev LinkRef, o *TcOptions, qdisc bool) (*Tc, error) {
	if o == nil {
		o = &TcOptions{}
	}
	i, err := c.index(ctx, "dev", dev)
	if err != nil {
		return nil, err
	}
	t := &Tc{Family: unix.AF_UNSPEC, Index: i, Parent: o.Parent, Handle: o.Handle}
	if o.Kind != nil {
		t.tcKind(o.Kind)
	}
	switch {
	case qdisc && (t.Kind == "ingress" || t.Kind == "clsact"):
		if t.Parent == 0 {
			t.Parent = HandleIngress
		}
		if t.Handle == 0 {
			t.Handle = NewHandle(0xffff, 0)
		}
	case qdisc && t.Parent == 0:
		t.Parent = HandleRoot
	case !qdisc && t.Parent == 0 && t.Handle == 0:
		return nil, argErr("TcOptions.Handle", "a class needs its id or its parent")
	}
	if qdisc && t.Handle.Minor() != 0 {
		return nil, argErr("TcOptions.Handle", "qdisc handle %s has a minor number", t.Handle)
	}
	if !qdisc && t.Handle != 0 && t.Handle.Minor() == 0 {
		return nil, argErr("TcOptions.Handle", "class id %s has no minor number", t.Handle)
	}
	return t, nil
}

// tcRequest sends a qdisc or class request.
func (c *Client) tcRequest(ctx context.Context, op string, typ netlink.MsgType, flags netlink.Flags, dev LinkRef, o *TcOptions) error {
	qdisc := typ == unix.RTM_NEWQDISC || typ == unix.RTM_DELQDISC
	t, err := c.tcMessage(ctx, dev, o, qdisc)
	return c.sendTc(ctx, op, typ, flags, dev, t, err)
}

// sendTc sends a traffic control request on link dev, unless building its
// body t failed with err.
func (c *Client) sendTc(ctx context.Context, op string, typ netlink.MsgType, flags netlink.Flags, dev LinkRef, t *Tc, err error) error {
	if err == nil {
		err = c.do(ctx, typ, flags, t)
	}
	if err != nil {
		return opError(fmt.Sprintf("%s dev %s", op, dev), err)
	}
	return nil
}

// QdiscAdd adds a qdisc to link dev: `tc qdisc add`. A qdisc already at
// o.Parent gives an error matching unix.EEXIST.
func (c *Client) QdiscAdd(ctx context.Context, dev LinkRef, o *TcOptions) error {
	return c.tcRequest(ctx, "qdisc add", unix.RTM_NEWQDISC, netlink.Create|netlink.Excl, dev, o)
}

// QdiscReplace adds a qdisc at o.Parent or replaces the one there: `tc
// qdisc replace`.
func (c *Client) QdiscReplace(ctx context.Context, dev LinkRef, o *TcOptions) error {
	return c.tcRequest(ctx, "qdisc replace", unix.RTM_NEWQDISC, netlink.Create|netlink.Replace, dev, o)
}

// QdiscChange changes the options of the qdisc o.Handle (or the one at
// o.Parent), which must be of o.Kind's kind: `tc qdisc change`.
func (c *Client) QdiscChange(ctx context.Context, dev LinkRef, o *TcOptions) error {
	return c.tcRequest(ctx, "qdisc change", unix.RTM_NEWQDISC, 0, dev, o)
}

// QdiscDel deletes the qdisc at o.Parent (with o.Handle, when not 0):
// `tc qdisc del`. Deleting a link's root qdisc restores its default one.
func (c *Client) QdiscDel(ctx context.Context, dev LinkRef, o *TcOptions) error {
	return c.tcRequest(ctx, "qdisc del", unix.RTM_DELQDISC, 0, dev, o)
}

// ClassList returns the classes of link dev: `tc class show dev DEV`. The
// kernel lists classes of one link at a time.
func (c *Client) ClassList(ctx context.Context, dev LinkRef) ([]*Tc, error) {
	i, err := c.index(ctx, "dev", dev)
	if err != nil {
		return nil, opError("class list", err)
	}
	cs, err := dump[Tc](ctx, c, unix.RTM_GETTCLASS, unix.RTM_NEWTCLASS, &Tc{Index: i}, nil)
	return cs, opError("class list", err)
}

// ClassAdd adds the class o.Handle under o.Parent on link dev: `tc class
// add`. A class that exists gives an error matching unix.EEXIST.
func (c *Client) ClassAdd(ctx context.Context, dev LinkRef, o *TcOptions) error {
	return c.tcRequest(ctx, "class add", unix.RTM_NEWTCLASS, netlink.Create|netlink.Excl, dev, o)
}

// ClassReplace adds the class o.Handle or changes the one there: `tc class
// replace`.
func (c *Client) ClassReplace(ctx context.Context, dev LinkRef, o *TcOptions) error {
	return c.tcRequest(ctx, "class replace", unix.RTM_NEWTCLASS, netlink.Create|netlink.Replace, dev, o)
}

// ClassChange changes the options of the class o.Handle, which must exist:
// `tc class change`.
func (c *Client) ClassChange(ctx context.Context, dev LinkRef, o *TcOptions) error {
	return c.tcRequest(ctx, "class change", unix.RTM_NEWTCLASS, 0, dev, o)
}

// ClassDel deletes the class o.Handle: `tc class del`. A class with
// children or filters pointing to it gives an error matching unix.EBUSY.
func (c *Client) ClassDel(ctx context.Context, dev LinkRef, o *TcOptions) error {
	return c.tcRequest(ctx, "class del", unix.RTM_DELTCLASS, 0, dev, o)
}
