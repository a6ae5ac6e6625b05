package route

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/blocks"
	"github.com/nltag/go-netlink/internal/nsdial"
	"github.com/nltag/go-netlink/internal/operr"
	"github.com/nltag/go-netlink/internal/zeroed"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Client performs the operations of `ip link`, `ip addr`, `ip route`, `ip
// neigh`, `ip rule`, `ip nexthop`, `tc qdisc`, `tc class` and `tc filter`
// in one network namespace: guile-netlink's (ip link), (ip addr) and (ip
// route) modules, completed.
//
// Its methods take a context, which bounds the wait for the kernel's answer,
// and return errors that match the kernel's errno with errors.Is and carry
// its extended-ACK text. A call names a link by a LinkRef: ByIndex, or
// ByName as in ip(8); arguments are checked before anything is sent.
//
// A Client is safe for concurrent use. Requests share one socket and run one
// at a time; streaming lists (Links, Routes) and monitors open sockets of
// their own, so a loop over them may call the Client.
type Client struct {
	conn *conn.Conn
	d    *nsdial.Dialer // further sockets, in the namespace it holds

	// batch, if set, is the Batch that do queues requests in instead of
	// sending them; see NewBatch.
	batch *Batch
}

// Options configure a Client. The zero Options (or nil) give a Client in the
// caller's network namespace.
type Options struct {
	// NetNS is the namespace to work in. Working in another namespace needs
	// CAP_SYS_ADMIN; the Client holds the namespace open until Close.
	NetNS conn.NetNS

	// MonitorBufferSize is the receive buffer size, in bytes, of the sockets
	// of monitors and WaitForLink (0: the system default). A busy system
	// needs a large one to avoid losing events.
	MonitorBufferSize int

	// Dial, if set, opens the Client's sockets: Dial's own (groups 0) and
	// the further ones that Links, Routes, monitors, caches and WaitForLink
	// use, subscribed to the multicast groups of the mask (bit n-1 for
	// group n); NetNS and MonitorBufferSize are then ignored. NewClient
	// over a test transport sets it to give those sockets too.
	Dial func(groups uint32) (*conn.Conn, error)
}

// dumpAttempts bounds how often a list is dumped again because the kernel
// flagged it as inconsistent (changed while being dumped).
const dumpAttempts = 5

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
// NETLINK_ROUTE socket of any origin: one dialled with conn.Config options
// the Client does not offer, or a test transport (conn/conntest) that
// scripts the kernel's replies. The Client owns nc and closes it on Close.
// The further sockets of Links, Routes, monitors and WaitForLink come from
// o.Dial, or, without it, are dialled in o.NetNS. Over a nil nc, as for
// the zero Client, every call fails with an error matching net.ErrClosed.
func NewClient(nc *conn.Conn, o *Options) *Client {
	if nc == nil {
		return &Client{}
	}
	return &Client{conn: nc, d: nsdial.New(o.dialer())}
}

// dialer says how the Client opens its further sockets.
func (o *Options) dialer() nsdial.Options {
	if o == nil {
		o = &Options{}
	}
	return nsdial.Options{
		Protocol: unix.NETLINK_ROUTE, Config: conn.Config{Strict: true},
		NetNS: o.NetNS, ReadBufferSize: o.MonitorBufferSize, Dial: o.Dial,
	}
}

// Conn returns the Client's socket, for requests the Client has no method
// for: they go to the Client's namespace, and may run concurrently with the
// Client's own.
func (c *Client) Conn() *conn.Conn { return c.conn }

// Close closes the Client's socket and its hold on the namespace; its
// methods then fail with an error matching net.ErrClosed, and so does a
// second Close, as a Monitor's does. Monitors opened by the Client stay
// open until their own Close.
func (c *Client) Close() error {
	if err := c.d.Close(); err != nil {
		return err
	}
	return c.conn.Close()
}

// dialConn opens another socket in the Client's namespace, subscribed to the
// multicast groups of mask.
func (c *Client) dialConn(groups uint32) (*conn.Conn, error) { return c.d.Dial(groups) }

// do sends a request that answers with an ACK (NEW, SET, DEL), or queues
// it in c's batch.
func (c *Client) do(ctx context.Context, typ netlink.MsgType, flags netlink.Flags, body any) error {
	m := netlink.Message{
		Header: netlink.Header{Type: typ, Flags: flags | netlink.Acknowledge},
		Body:   body,
	}
	if c.batch != nil {
		return c.batch.add(m)
	}
	return c.conn.ExecuteAck(ctx, m)
}

// get sends a GET request for one object and decodes the answer into T.
func get[T any](ctx context.Context, c *Client, typ netlink.MsgType, body any) (*T, error) {
	ms, err := c.conn.Execute(ctx, netlink.Message{Header: netlink.Header{Type: typ}, Body: body})
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, errors.New("the kernel sent no answer")
	}
	v := new(T)
	if err := nltag.Unmarshal(ms[0].Data, v); err != nil {
		return nil, err
	}
	return v, nil
}

// dump sends a dump request and decodes the replies of type want into T,
// keeping those keep accepts (nil keeps all). It decodes while the dump
// streams in, and dumps again, a few times, while the kernel reports the
// dump as interrupted; if every attempt was, the error matches
// conn.ErrDumpInterrupted.
func dump[T any](ctx context.Context, c *Client, typ, want netlink.MsgType, body any, keep func(*T) bool) ([]*T, error) {
	m := netlink.Message{Header: netlink.Header{Type: typ, Flags: netlink.Dump}, Body: body}
	for i := 1; ; i++ {
		var vs blocks.Blocks[T]
		err := dumpOnce(ctx, c, m, want, keep, &vs)
		switch {
		case err == nil:
			return vs.Pointers(), nil
		case !errors.Is(err, conn.ErrDumpInterrupted) || i >= dumpAttempts:
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, errors.Join(err, conn.ErrDumpInterrupted)
		}
	}
}

// dumpOnce runs the dump m once, decoding into vs the replies of type want
// that keep accepts.
func dumpOnce[T any](ctx context.Context, c *Client, m netlink.Message, want netlink.MsgType, keep func(*T) bool, vs *blocks.Blocks[T]) error {
	// One decoder for the whole dump: its scratch space and the plan of T
	// are not taken from a pool and put back for each message.
	dec := zeroed.NewDecoder()
	for raw, err := range c.conn.Stream(ctx, m) {
		if err != nil {
			return err
		}
		if raw.Header.Type != want {
			continue
		}
		v := vs.Next()
		// Unmarshal copies the data, which aliases the socket's buffer;
		// the values of blocks are zero when handed out.
		if err := dec(raw.Data, v); err != nil {
			return fmt.Errorf("decoding %s: %w", Messages.TypeName(want), err)
		}
		if keep != nil && !keep(v) {
			vs.Unread()
		}
	}
	return nil
}

// stream is dump as an iterator over a socket of its own, so that the loop
// body may use the Client. An interrupted dump ends with an error matching
// conn.ErrDumpInterrupted after the objects it produced.
func stream[T any](ctx context.Context, c *Client, op string, typ, want netlink.MsgType, body any, keep func(*T) bool) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		sc, err := c.dialConn(0)
		if err != nil {
			yield(nil, opError(op, err))
			return
		}
		defer sc.Close()
		m := netlink.Message{Header: netlink.Header{Type: typ, Flags: netlink.Dump}, Body: body}
		// Small blocks, not remembered: a loop that keeps a few values
		// must not keep large blocks alive, nor the iterator all of them.
		vs := blocks.Blocks[T]{Max: blocks.MinSize, Forget: true}
		dec := zeroed.NewDecoder()
		for raw, err := range sc.Stream(ctx, m) {
			if err != nil {
				yield(nil, opError(op, err))
				return
			}
			if raw.Header.Type != want {
				continue
			}
			v := vs.Next()
			if err := dec(raw.Data, v); err != nil {
				yield(nil, opError(op, fmt.Errorf("decoding %s: %w", Messages.TypeName(want), err)))
				return
			}
			if keep != nil && !keep(v) {
				vs.Unread()
				continue
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// opError puts the operation in front of an error, as "route: link add x:
// ...", once: an error that already went through opError (from a call the
// operation made) keeps its operation after the new one, without a second
// "route:". errors.Is and errors.As still reach the kernel's
// *netlink.OpError and its errno.
func opError(op string, err error) error {
	var nl *NoLinkError
	if errors.As(err, &nl) {
		ref := " " + nl.Link.String()
		if strings.HasSuffix(op, ref) || strings.Contains(op, ref+" ") {
			nl.named = true // by this operation, or one inside it
		}
	}
	return operr.New("route", op, err)
}
