package route

import (
	"context"
	"errors"
	"fmt"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
)

// Batch collects changes to links, addresses, routes, neighbours and rules
// and sends them together (Run), many to a datagram and many before their
// answers come, with answers to the changes that fail and to the last of
// each datagram only (conn.Conn.ExecuteBatchQuiet), which saves most of
// the system calls one call per change makes, and the kernel most of its
// answers. Each change gets a result of its own.
//
// Its methods are the Client's, without the wait for the kernel: each
// checks its arguments and builds and encodes its request at once (the
// options, and what they point at, may then serve the next change),
// returning an
// *ArgError (or the error of a lookup) for a change it refuses, which is
// then not part of the batch. A link named by name is looked up once per
// batch, when first queued, so a change that needs the index of a link the
// same batch creates must wait for the next batch: once the batch adds,
// deletes or renames a link, such a change naming it (by either name, or
// by the index of a link renamed) is refused, not sent to the link the
// name meant before Run. The kernel carries out the changes in order, and
// goes on after one fails.
//
// A Batch is not safe for concurrent use. Changes that need a namespace or
// a second request (LinkOptions.NetNS, Veth.PeerNetNS, LinkOptions.Alias,
// Tun links) are refused: make them with the Client.
type Batch struct {
	c      *Client // queues into this batch (Client.do)
	msgs   []netlink.Message
	ops    []batchOp
	bodies []encoded                  // the bodies of msgs
	buf    []byte                     // the bytes they hold
	names  map[string]netlink.IfIndex // links looked up by name
	// addrLens holds the hardware address lengths of the links a
	// neighbour's address was checked against (hardwareAddrLen).
	addrLens map[netlink.IfIndex]int
	// renamed holds the names of links the batch adds, deletes or renames
	// and the indexes of those it renames: a lookup by name, made when a
	// change is queued, finds the link before the batch runs (see
	// Client.index).
	renamed map[LinkRef]bool
}

// encoded is the body of a queued change, encoded when queued: Run sends
// these bytes, not what the values they were made from hold by then (the
// caller's options, reused for the next change, may share them). v, which
// they were encoded from, names the fields an error's extended ACK points
// at (Source, which conn's errors look for).
type encoded struct {
	b []byte
	v any
}

func (e *encoded) MarshalMessage(_ netlink.Header, b []byte) ([]byte, error) {
	return append(b, e.b...), nil
}

func (e *encoded) Source() any { return e.v }

// add encodes the change m and queues it.
func (b *Batch) add(m netlink.Message) error {
	start := len(b.buf)
	buf, err := netlink.AppendMessage(b.buf, m)
	if err != nil {
		return err
	}
	_, l, err := netlink.ParseHeader(buf[start:])
	if err != nil {
		return err
	}
	// Without the padding, which the message's length leaves out.
	end := start + int(l)
	b.buf = buf
	// A pointer into bodies stays valid when it grows: the old array keeps
	// the values, which nothing changes.
	b.bodies = append(b.bodies, encoded{b: buf[start+netlink.HeaderLen : end : end], v: m.Body})
	m.Body = &b.bodies[len(b.bodies)-1]
	b.msgs = append(b.msgs, m)
	return nil
}

// batchOp is what a queued change's error says: its operation, formatted
// by name only if it fails, and for a link added, its kind (kindError).
// name is a plain function of the fields, not a closure, so that queuing a
// change allocates nothing for it.
type batchOp struct {
	name   func(*batchOp) string
	verb   string
	link   LinkRef
	prefix netip.Prefix
	addr   netip.Addr
	kind   LinkKind
	// byLink: the change names link to the kernel (LinkSet, LinkDel),
	// whose ENODEV then means that it is missing: a NoLinkError, as the
	// Client's call gives.
	byLink bool
}

func linkOpName(o *batchOp) string  { return "link " + o.verb + " " + o.link.String() }
func addrOpName(o *batchOp) string  { return addrOp(o.verb, o.prefix, o.link) }
func routeOpName(o *batchOp) string { return routeOp(o.verb, o.prefix) }
func neighOpName(o *batchOp) string { return neighOp(o.verb, o.addr, o.link) }
func ruleOpName(o *batchOp) string  { return "rule " + o.verb }

// NewBatch returns an empty batch of changes to send over c's socket.
func (c *Client) NewBatch() *Batch {
	b := &Batch{}
	b.c = &Client{conn: c.conn, d: c.d, batch: b}
	return b
}

// index returns the index of the link called name if the batch looked it
// up; a nil batch (a Client's own calls) knows none.
func (b *Batch) index(name string) (netlink.IfIndex, bool) {
	if b == nil {
		return 0, false
	}
	i, ok := b.names[name]
	return i, ok
}

// refuseRenamed refuses the lookup of link r, by name, found at index i
// (0: not yet), if the batch adds, deletes or renames a link of that name,
// or renames link i: the lookup would find the link that has the name
// before Run, which a change queued after the batch's own need not mean.
func (b *Batch) refuseRenamed(arg string, r LinkRef, i netlink.IfIndex) error {
	if b == nil || !(b.renamed[r] || i != 0 && b.renamed[ByIndex(i)]) {
		return nil
	}
	return argErr(arg, "link %s: added, deleted or renamed by this batch, which looks names up as changes are queued: name it in the next batch", r)
}

// rename records that the batch adds, deletes or renames link r.
func (b *Batch) rename(r LinkRef) {
	if b.renamed == nil {
		b.renamed = map[LinkRef]bool{}
	}
	b.renamed[r] = true
}

// learn remembers the index of the link called name for the batch's later
// changes.
func (b *Batch) learn(name string, i netlink.IfIndex) {
	if b == nil {
		return
	}
	if b.names == nil {
		b.names = map[string]netlink.IfIndex{}
	}
	b.names[name] = i
}

// Len returns the number of changes queued.
func (b *Batch) Len() int { return len(b.msgs) }

// queued records the operation of the change the call that returned err
// queued, or returns the error it refused the change with.
func (b *Batch) queued(err error, op batchOp) error {
	switch {
	case err != nil:
		b.msgs, b.bodies = b.msgs[:len(b.ops)], b.bodies[:len(b.ops)]
		return err
	case len(b.msgs) > len(b.ops):
		b.ops = append(b.ops, op)
	}
	return nil
}

// Run sends the changes queued, in order, and empties the batch. It
// returns nil if all succeeded, else a *BatchError with the result of
// each. ctx bounds the whole batch; see conn.Conn.ExecuteBatchQuiet for what
// the changes still unanswered when it ends, or when the socket overruns,
// fail with.
func (b *Batch) Run(ctx context.Context) error {
	msgs, ops, bodies, buf := b.msgs, b.ops, b.bodies, b.buf
	b.msgs, b.ops, b.bodies, b.buf, b.names, b.addrLens, b.renamed = nil, nil, nil, nil, nil, nil, nil
	if len(msgs) == 0 {
		return nil
	}
	errs := b.c.conn.ExecuteBatchQuiet(ctx, msgs)
	defer func() {
		// The arrays serve the next changes; the routes, the next
		// calls (the requests are answered, and kept by nothing).
		for _, e := range bodies {
			if r, ok := e.v.(*Route); ok {
				*r = Route{}
				routes.Put(r)
			}
		}
		clear(msgs)
		clear(ops)
		clear(bodies)
		b.msgs, b.ops, b.bodies, b.buf = msgs[:0], ops[:0], bodies[:0], buf[:0]
	}()
	failed, first := 0, -1
	for i, err := range errs {
		if err == nil {
			continue
		}
		if ops[i].kind != nil {
			err = kindError(ops[i].kind, err)
		}
		if ops[i].byLink && errors.Is(err, unix.ENODEV) {
			err = noLink("link", ops[i].link, err)
		}
		errs[i] = opError(ops[i].name(&ops[i]), err)
		if failed++; first < 0 {
			first = i
		}
	}
	if failed == 0 {
		return nil
	}
	return &BatchError{Errs: errs, Failed: failed, first: first}
}

// BatchError reports the changes of a Batch that failed. errors.Is and
// errors.As look through each of them: errors.Is(err, unix.EEXIST) tells
// whether any change failed because its object existed.
type BatchError struct {
	// Errs holds the result of each change, in the order queued: nil for
	// those that succeeded.
	Errs []error
	// Failed counts the changes that failed.
	Failed int
	first  int
}

// Error names the first change that failed and counts the others.
func (e *BatchError) Error() string {
	if e.Failed == 1 {
		return fmt.Sprintf("route: batch of %d: change %d failed: %v", len(e.Errs), e.first, e.Errs[e.first])
	}
	return fmt.Sprintf("route: batch of %d: %d changes failed; the first, change %d: %v", len(e.Errs), e.Failed, e.first, e.Errs[e.first])
}

// Unwrap returns the errors of the changes that failed.
func (e *BatchError) Unwrap() []error {
	out := make([]error, 0, e.Failed)
	for _, err := range e.Errs {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// refuseInBatch refuses the link changes a batch cannot carry.
func refuseInBatch(kind LinkKind, o *LinkOptions) error {
	if _, ok := kind.(*Tun); ok {
		return argErr("kind", "a tun link is made by ioctl, not in a batch")
	}
	if v, ok := kind.(*Veth); ok && v != nil && !v.PeerNetNS.IsZero() {
		return argErr("Veth.PeerNetNS", "not in a batch: the namespace is held open only during a call")
	}
	if o == nil {
		return nil
	}
	if !o.NetNS.IsZero() {
		return argErr("LinkOptions.NetNS", "not in a batch: the namespace is held open only during a call")
	}
	if o.Alias != nil {
		return argErr("LinkOptions.Alias", "not in a batch: it takes a second request")
	}
	return nil
}

// LinkAdd queues Client.LinkAdd.
func (b *Batch) LinkAdd(ctx context.Context, name string, kind LinkKind, o *LinkOptions) error {
	if err := refuseInBatch(kind, o); err != nil {
		return opError("link add "+name, err)
	}
	err := b.queued(b.c.LinkAdd(ctx, name, kind, o), batchOp{name: linkOpName, verb: "add", link: ByName(name), kind: kind})
	if err == nil {
		b.rename(ByName(name))
		if v, ok := kind.(*Veth); ok && v.Peer != "" {
			b.rename(ByName(v.Peer))
		}
	}
	return err
}

// LinkSet queues Client.LinkSet.
func (b *Batch) LinkSet(ctx context.Context, l LinkRef, o *LinkOptions) error {
	if err := refuseInBatch(nil, o); err != nil {
		return opError("link set "+l.String(), err)
	}
	err := b.queued(b.c.LinkSet(ctx, l, o), batchOp{name: linkOpName, verb: "set", link: l, byLink: true})
	if err == nil && o != nil && o.NewName != "" {
		b.rename(l)
		b.rename(ByName(o.NewName))
	}
	return err
}

// LinkDel queues Client.LinkDel.
func (b *Batch) LinkDel(ctx context.Context, l LinkRef) error {
	err := b.queued(b.c.LinkDel(ctx, l), batchOp{name: linkOpName, verb: "del", link: l, byLink: true})
	if err == nil {
		b.rename(l)
	}
	return err
}

// AddrAdd queues Client.AddrAdd.
func (b *Batch) AddrAdd(ctx context.Context, dev LinkRef, p netip.Prefix, o *AddrOptions) error {
	return b.queued(b.c.AddrAdd(ctx, dev, p, o), batchOp{name: addrOpName, verb: "add", link: dev, prefix: p})
}

// AddrReplace queues Client.AddrReplace.
func (b *Batch) AddrReplace(ctx context.Context, dev LinkRef, p netip.Prefix, o *AddrOptions) error {
	return b.queued(b.c.AddrReplace(ctx, dev, p, o), batchOp{name: addrOpName, verb: "replace", link: dev, prefix: p})
}

// AddrDel queues Client.AddrDel.
func (b *Batch) AddrDel(ctx context.Context, dev LinkRef, p netip.Prefix, o *AddrOptions) error {
	return b.queued(b.c.AddrDel(ctx, dev, p, o), batchOp{name: addrOpName, verb: "del", link: dev, prefix: p})
}

// RouteAdd queues Client.RouteAdd.
func (b *Batch) RouteAdd(ctx context.Context, dst netip.Prefix, o *RouteOptions) error {
	return b.queued(b.c.RouteAdd(ctx, dst, o), batchOp{name: routeOpName, verb: "add", prefix: dst})
}

// RouteReplace queues Client.RouteReplace.
func (b *Batch) RouteReplace(ctx context.Context, dst netip.Prefix, o *RouteOptions) error {
	return b.queued(b.c.RouteReplace(ctx, dst, o), batchOp{name: routeOpName, verb: "replace", prefix: dst})
}

// RouteAppend queues Client.RouteAppend.
func (b *Batch) RouteAppend(ctx context.Context, dst netip.Prefix, o *RouteOptions) error {
	return b.queued(b.c.RouteAppend(ctx, dst, o), batchOp{name: routeOpName, verb: "append", prefix: dst})
}

// RouteDel queues Client.RouteDel.
func (b *Batch) RouteDel(ctx context.Context, dst netip.Prefix, o *RouteOptions) error {
	return b.queued(b.c.RouteDel(ctx, dst, o), batchOp{name: routeOpName, verb: "del", prefix: dst})
}

// NeighAdd queues Client.NeighAdd.
func (b *Batch) NeighAdd(ctx context.Context, dev LinkRef, dst netip.Addr, o *NeighOptions) error {
	return b.queued(b.c.NeighAdd(ctx, dev, dst, o), batchOp{name: neighOpName, verb: "add", link: dev, addr: dst})
}

// NeighReplace queues Client.NeighReplace.
func (b *Batch) NeighReplace(ctx context.Context, dev LinkRef, dst netip.Addr, o *NeighOptions) error {
	return b.queued(b.c.NeighReplace(ctx, dev, dst, o), batchOp{name: neighOpName, verb: "replace", link: dev, addr: dst})
}

// NeighDel queues Client.NeighDel.
func (b *Batch) NeighDel(ctx context.Context, dev LinkRef, dst netip.Addr, o *NeighOptions) error {
	return b.queued(b.c.NeighDel(ctx, dev, dst, o), batchOp{name: neighOpName, verb: "del", link: dev, addr: dst})
}

// RuleAdd queues Client.RuleAdd.
func (b *Batch) RuleAdd(ctx context.Context, o *RuleOptions) error {
	return b.queued(b.c.RuleAdd(ctx, o), batchOp{name: ruleOpName, verb: "add"})
}

// RuleDel queues Client.RuleDel.
func (b *Batch) RuleDel(ctx context.Context, o *RuleOptions) error {
	return b.queued(b.c.RuleDel(ctx, o), batchOp{name: ruleOpName, verb: "del"})
}
