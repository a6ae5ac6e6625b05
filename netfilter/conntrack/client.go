package conntrack

import (
	"context"
	"errors"
	"fmt"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/blocks"
	"github.com/nltag/go-netlink/internal/nsdial"
	"github.com/nltag/go-netlink/internal/operr"
	"github.com/nltag/go-netlink/internal/zeroed"
	"github.com/nltag/go-netlink/netfilter"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Client performs the operations of conntrack(8) on the connection
// tracking table of one network namespace: list, get, create, update,
// delete and flush entries, and watch events (Monitor).
//
// Its methods take a context, which bounds the wait for the kernel's
// answer, and return errors that match the kernel's errno with errors.Is
// (unix.ENOENT for an entry that does not exist, unix.EEXIST for one that
// does) and carry its extended-ACK text.
//
// A Client is safe for concurrent use: requests share one socket and run
// one at a time; monitors open sockets of their own.
type Client struct {
	conn *conn.Conn
	d    *nsdial.Dialer // the sockets of monitors
}

// Options configure a Client. The zero Options (or nil) give a Client in the
// caller's network namespace.
type Options struct {
	// NetNS is the namespace to work in. Working in another namespace needs
	// CAP_SYS_ADMIN; the Client holds the namespace open until Close.
	NetNS conn.NetNS

	// MonitorBufferSize is the receive buffer size, in bytes, of the
	// sockets of monitors (0: the system default). A busy table needs a
	// large one to avoid losing events.
	MonitorBufferSize int

	// Dial, if set, opens the Client's sockets: Dial's own (groups 0) and
	// those of monitors, subscribed to the multicast groups of the mask
	// (bit n-1 for group n); NetNS and MonitorBufferSize are then ignored.
	// NewClient over a test transport sets it to give those sockets too.
	Dial func(groups uint32) (*conn.Conn, error)
}

func (o *Options) dialer() nsdial.Options {
	if o == nil {
		o = &Options{}
	}
	return nsdial.Options{Protocol: unix.NETLINK_NETFILTER, NetNS: o.NetNS, ReadBufferSize: o.MonitorBufferSize, Dial: o.Dial}
}

// Dial opens a Client. The context bounds the setup, the opening of the
// namespace included.
func Dial(ctx context.Context, o *Options) (*Client, error) {
	d, nc, err := nsdial.OpenConn(ctx, o.dialer())
	if err != nil {
		return nil, opError("dial", err)
	}
	return &Client{conn: nc, d: d}, nil
}

// NewClient returns a Client that sends its requests over nc, a
// NETLINK_NETFILTER socket of any origin: one dialled with conn.Config
// options the Client does not offer, or a test transport (conn/conntest)
// that scripts the kernel's replies. The Client owns nc and closes it on
// Close. The sockets of monitors come from o.Dial, or, without it, are
// dialled in o.NetNS. Over a nil nc, as for the zero Client, every call
// fails with an error matching net.ErrClosed.
func NewClient(nc *conn.Conn, o *Options) *Client {
	if nc == nil {
		return &Client{}
	}
	return &Client{conn: nc, d: nsdial.New(o.dialer())}
}

// Conn returns the Client's socket, for requests the Client has no method
// for, such as those of the expectation subsystem.
func (c *Client) Conn() *conn.Conn { return c.conn }

// Close closes the Client's socket and its hold on the namespace; its
// methods then fail with an error matching net.ErrClosed, and so does a
// second Close. Monitors stay open until their own Close.
func (c *Client) Close() error {
	if err := c.d.Close(); err != nil {
		return err
	}
	return c.conn.Close()
}

// Filter selects entries for List and Flush; the kernel applies it. The
// zero Filter (or nil) selects all entries of both address families.
type Filter struct {
	// Family is netfilter.FamilyIPv4 or FamilyIPv6 (unix.AF_INET,
	// AF_INET6) for the entries of one family, 0 for both.
	Family netfilter.Family
	// Mark selects the entries whose mark, masked by MarkMask, equals it;
	// a MarkMask of 0 stands for all bits.
	Mark     *uint32
	MarkMask uint32
	// Zone selects the entries of one zone. Kernels older than the zone
	// filter (added in 2024) ignore it and list every zone.
	Zone *uint16
	// Status selects the entries whose status, masked by StatusMask,
	// equals it; a StatusMask of 0 stands for all bits.
	Status     *Status
	StatusMask Status
}

// request returns the body of a dump or flush request for f.
func (f *Filter) request() *Entry {
	e := &Entry{}
	if f == nil {
		return e
	}
	e.Family = f.Family
	e.Zone = f.Zone
	if f.Mark != nil {
		e.Mark = f.Mark
		if f.MarkMask != 0 {
			e.MarkMask = &f.MarkMask
		}
	}
	if f.Status != nil {
		e.Status = f.Status
		mask := f.StatusMask
		if mask == 0 {
			mask = ^Status(0)
		}
		e.StatusMask = &mask
	}
	return e
}

// List returns the entries that f selects (nil: all of both families).
func (c *Client) List(ctx context.Context, f *Filter) ([]*Entry, error) {
	// The whole dump is read before decoding starts: decoding while the
	// dump streams in (conn.Stream) took longer on a busy machine, where
	// the reading and the decoding goroutines wait for each other's turn
	// on a CPU (bench/conntrack, BenchmarkListPaired).
	ms, err := c.conn.Execute(ctx, netlink.Message{Header: netlink.Header{Type: MsgType(MsgGet), Flags: netlink.Dump}, Body: f.request()})
	if err != nil {
		return nil, opError("list", err)
	}
	dec := zeroed.NewDecoder() // the values of blocks are zero when handed out
	var es blocks.Blocks[Entry]
	for _, m := range ms {
		if m.Header.Type != MsgType(MsgNew) {
			continue
		}
		if err := dec(m.Data, es.Next()); err != nil {
			return nil, opError("list", fmt.Errorf("decoding %s: %w", Messages.TypeName(m.Header.Type), err))
		}
	}
	return es.Pointers(), nil
}

// Get returns the entry that q names by its Orig or Reply tuple, in q's
// Zone; q.ID, if given, must match too. q.Family may be left 0: the
// tuple's addresses give it.
func (c *Client) Get(ctx context.Context, q *Entry) (*Entry, error) {
	if q == nil {
		return nil, opError("get", errNoEntry)
	}
	// The reply carries NLM_F_MULTI but no NLMSG_DONE follows: the ACK
	// ends it.
	ms, err := c.conn.Execute(ctx, netlink.Message{Header: netlink.Header{Type: MsgType(MsgGet), Flags: netlink.Acknowledge}, Body: withFamily(q)})
	if err != nil {
		return nil, opError("get", err)
	}
	if len(ms) == 0 {
		return nil, opError("get", errors.New("the kernel sent no answer"))
	}
	e := new(Entry)
	if err := nltag.Unmarshal(ms[0].Data, e); err != nil {
		return nil, opError("get", fmt.Errorf("decoding %s: %w", Messages.TypeName(ms[0].Header.Type), err))
	}
	return e, nil
}

// Create inserts e, which gives both tuples and Timeout and may give
// Status, Mark, Zone, ProtoInfo, Labels. It fails with an error matching
// unix.EEXIST if the entry exists. A Status must include StatusConfirmed,
// which the kernel sets on the entries it inserts and refuses to see
// changed (unix.EBUSY). An Entry decoded from the kernel is
// re-encoded as it came, attributes the kernel refuses in a request
// included: reset its Wire (to nltag.Wire{}) before sending it back.
func (c *Client) Create(ctx context.Context, e *Entry) error {
	return c.do(ctx, "create", MsgNew, netlink.Create|netlink.Excl, e)
}

// Update changes the entry that e names by a tuple: the attributes e gives
// (Timeout, Mark and MarkMask, Status, ProtoInfo, Labels and LabelsMask)
// replace the entry's. It fails with an error matching unix.ENOENT if
// there is no such entry.
func (c *Client) Update(ctx context.Context, e *Entry) error {
	return c.do(ctx, "update", MsgNew, 0, e)
}

// Delete removes the entry that q names by its Orig or Reply tuple, in q's
// Zone; q.ID, if given, must match too. A q without a tuple is refused:
// the kernel would take it for a flush.
func (c *Client) Delete(ctx context.Context, q *Entry) error {
	if q == nil || q.Orig == nil && q.Reply == nil {
		return opError("delete", errors.New("no tuple names the entry"))
	}
	return c.do(ctx, "delete", MsgDelete, 0, q)
}

// Flush removes the entries that f selects (nil: all of both families).
func (c *Client) Flush(ctx context.Context, f *Filter) error {
	req := f.request()
	// The kernel heeds a flush's family only when the header's version is
	// not 0, for old tools that sent AF_INET and meant all.
	if req.Family != 0 {
		req.Version = 1
	}
	return c.do(ctx, "flush", MsgDelete, 0, req)
}

// Stats returns the table's global figures: how many entries it holds, and
// its limit.
func (c *Client) Stats(ctx context.Context) (*Stats, error) {
	ms, err := c.conn.Execute(ctx, netlink.Message{Header: netlink.Header{Type: MsgType(MsgGetStats), Flags: netlink.Acknowledge}, Body: &Stats{}})
	if err != nil {
		return nil, opError("stats", err)
	}
	if len(ms) == 0 {
		return nil, opError("stats", errors.New("the kernel sent no answer"))
	}
	s := new(Stats)
	if err := nltag.Unmarshal(ms[0].Data, s); err != nil {
		return nil, opError("stats", err)
	}
	return s, nil
}

// do sends a request that answers with an ACK.
func (c *Client) do(ctx context.Context, op string, msg uint8, flags netlink.Flags, body *Entry) error {
	if body == nil {
		return opError(op, errNoEntry)
	}
	_, err := c.conn.Execute(ctx, netlink.Message{
		Header: netlink.Header{Type: MsgType(msg), Flags: flags | netlink.Acknowledge},
		Body:   withFamily(body),
	})
	return opError(op, err)
}

// errNoEntry refuses a nil *Entry.
var errNoEntry = errors.New("no entry given")

// withFamily returns e, or a copy of it whose Family its tuples' addresses
// give when e leaves it 0: the kernel reads tuples by the header's family.
func withFamily(e *Entry) *Entry {
	if e.Family != 0 {
		return e
	}
	for _, t := range []*Tuple{e.Orig, e.Reply} {
		if t == nil {
			continue
		}
		if a := t.IP.Src(); a.IsValid() {
			c := *e
			c.Family = unix.AF_INET6
			if a.Is4() {
				c.Family = unix.AF_INET
			}
			return &c
		}
	}
	return e
}

// PortID returns the port id of the socket the Client sends its requests
// from, which the events of the changes it makes carry (see Event.Header).
func (c *Client) PortID() (uint32, error) {
	a, err := c.conn.LocalAddr()
	if err != nil {
		return 0, opError("port id", err)
	}
	return a.PID, nil
}

// opError puts the operation in front of an error; errors.Is and errors.As
// still reach the kernel's *netlink.OpError and its errno.
func opError(op string, err error) error { return operr.New("conntrack", op, err) }
