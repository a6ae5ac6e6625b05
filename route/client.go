package route

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"net"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/netns"
	"github.com/nltag/go-netlink/internal/zeroed"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Client performs the operations of `ip link`, `ip addr`, `ip route`, `ip
// neigh` and `ip rule` in one network namespace: guile-netlink's (ip link),
// (ip addr) and (ip route) modules, completed.
//
// Its methods take a context, which bounds the wait for the kernel's answer,
// and return errors that match the kernel's errno with errors.Is and carry
// its extended-ACK text. Links are named by their names, as in ip(8).
//
// A Client is safe for concurrent use. Requests share one socket and run one
// at a time; streaming lists (Links, Routes) and monitors open sockets of
// their own, so a loop over them may call the Client.
type Client struct {
	conn *conn.Conn
	ns   *netns.Handle // nil: the namespace of the process
	cfg  conn.Config   // opens more sockets in the same namespace

	// mu orders dialConn before Close: cfg.NetNSFD is ns's descriptor
	// number, which after Close may belong to another namespace's handle,
	// so a socket dialled through it would silently work there.
	mu     sync.RWMutex
	closed bool
}

// Options configure a Client. The zero Options (or nil) give a Client in the
// caller's network namespace.
type Options struct {
	// NetNS is the namespace to work in. Working in another namespace needs
	// CAP_SYS_ADMIN; the Client holds the namespace open until Close.
	NetNS NetNS

	// MonitorBufferSize is the receive buffer size, in bytes, of the sockets
	// of monitors and WaitForLink (0: the system default). A busy system
	// needs a large one to avoid losing events.
	MonitorBufferSize int
}

// dumpAttempts bounds how often a list is dumped again because the kernel
// flagged it as inconsistent (changed while being dumped).
const dumpAttempts = 5

// Dial opens a Client. The context only bounds the setup.
func Dial(ctx context.Context, o *Options) (*Client, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if o == nil {
		o = &Options{}
	}
	ns, err := o.NetNS.open()
	if err != nil {
		return nil, fmt.Errorf("route: dial: %w", err)
	}
	c := &Client{ns: ns, cfg: conn.Config{Strict: true, ReadBufferSize: o.MonitorBufferSize}}
	if ns != nil {
		c.cfg.NetNSFD = ns.FD()
	}
	if c.conn, err = c.dialConn(0); err != nil {
		c.closeNS()
		return nil, fmt.Errorf("route: dial: %w", err)
	}
	return c, nil
}

// Close closes the Client's socket and its hold on the namespace; its
// methods then fail with an error matching net.ErrClosed. Monitors opened
// by the Client stay open until their own Close.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	err := c.conn.Close()
	c.closeNS()
	return err
}

func (c *Client) closeNS() {
	if c.ns != nil {
		c.ns.Close()
	}
}

// dialConn opens another socket in the Client's namespace, subscribed to the
// multicast groups of mask.
func (c *Client) dialConn(groups uint32) (*conn.Conn, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return nil, net.ErrClosed
	}
	cfg := c.cfg
	cfg.Groups = groups
	if groups == 0 {
		cfg.ReadBufferSize = 0
	}
	return conn.Dial(unix.NETLINK_ROUTE, &cfg)
}

// do sends a request that answers with an ACK (NEW, SET, DEL).
func (c *Client) do(ctx context.Context, typ netlink.MsgType, flags netlink.Flags, body any) error {
	_, err := c.conn.Execute(ctx, netlink.Message{
		Header: netlink.Header{Type: typ, Flags: flags | netlink.Acknowledge},
		Body:   body,
	})
	return err
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
		var vs blocks[T]
		err := dumpOnce(ctx, c, m, want, keep, &vs)
		switch {
		case err == nil:
			return vs.pointers(), nil
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
func dumpOnce[T any](ctx context.Context, c *Client, m netlink.Message, want netlink.MsgType, keep func(*T) bool, vs *blocks[T]) error {
	for raw, err := range c.conn.Stream(ctx, m) {
		if err != nil {
			return err
		}
		if raw.Header.Type != want {
			continue
		}
		v := vs.next()
		// Unmarshal copies the data, which aliases the socket's buffer;
		// the values of blocks are zero when handed out.
		if err := zeroed.Unmarshal(raw.Data, v); err != nil {
			return fmt.Errorf("decoding %s: %w", Messages.TypeName(want), err)
		}
		if keep != nil && !keep(v) {
			vs.unread()
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
		vs := blocks[T]{max: blockMin, forget: true}
		for raw, err := range sc.Stream(ctx, m) {
			if err != nil {
				yield(nil, opError(op, err))
				return
			}
			if raw.Header.Type != want {
				continue
			}
			v := vs.next()
			if err := zeroed.Unmarshal(raw.Data, v); err != nil {
				yield(nil, opError(op, fmt.Errorf("decoding %s: %w", Messages.TypeName(want), err)))
				return
			}
			if keep != nil && !keep(v) {
				vs.unread()
				continue
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// blocks allocates the values of a dump in blocks rather than one by one:
// one allocation serves many values, and the garbage collector has fewer
// objects to track. A value kept alone keeps its block alive, which bounds
// blocks at max values (0: blockMax).
type blocks[T any] struct {
	done   [][]T // full blocks, for pointers
	cur    []T   // the block being filled; its length is the values handed out
	n      int   // values in all blocks
	max    int
	forget bool // full blocks are the caller's alone: pointers is not called
}

// Blocks start small, for the many short dumps, and grow to blockMax.
const (
	blockMin = 8
	blockMax = 256
)

// next returns a zero T for the next value.
func (b *blocks[T]) next() *T {
	if len(b.cur) == cap(b.cur) {
		size := blockMin
		if b.cur != nil {
			if !b.forget {
				b.done = append(b.done, b.cur)
			}
			size = min(2*cap(b.cur), cmp.Or(b.max, blockMax))
		}
		b.cur = make([]T, 0, size)
	}
	b.cur = b.cur[:len(b.cur)+1]
	b.n++
	return &b.cur[len(b.cur)-1]
}

// unread takes back the value next returned last, for the next call.
func (b *blocks[T]) unread() {
	var zero T
	b.cur[len(b.cur)-1] = zero
	b.cur = b.cur[:len(b.cur)-1]
	b.n--
}

// pointers returns a pointer to each value handed out, in order.
func (b *blocks[T]) pointers() []*T {
	out := make([]*T, 0, b.n)
	for _, blk := range append(b.done, b.cur) {
		for i := range blk {
			out = append(out, &blk[i])
		}
	}
	return out
}

// opError puts the operation in front of an error; errors.Is and errors.As
// still reach the kernel's *netlink.OpError and its errno.
func opError(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("route: %s: %w", op, err)
}

// index returns the index of the link named name.
func (c *Client) index(ctx context.Context, name string) (int32, error) {
	if name == "" {
		return 0, errors.New("no link name given")
	}
	l, err := get[Link](ctx, c, unix.RTM_GETLINK, &Link{Name: name})
	if err != nil {
		return 0, fmt.Errorf("link %q: %w", name, err)
	}
	return l.Index, nil
}

// optIndex is index for optional names: "" gives 0.
func (c *Client) optIndex(ctx context.Context, name string) (int32, error) {
	if name == "" {
		return 0, nil
	}
	return c.index(ctx, name)
}

// attr is an attribute built by hand, for values that a message struct
// leaves out when zero (omitempty) but a request must send.
func attr(typ uint16, data []byte) nltag.Attr { return nltag.Attr{Type: typ, Data: data} }

// u32Attr is attr for a 32-bit value in host byte order.
func u32Attr(typ uint16, v uint32) nltag.Attr {
	return attr(typ, binary.NativeEndian.AppendUint32(nil, v))
}
