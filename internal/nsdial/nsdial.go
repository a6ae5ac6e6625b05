// Package nsdial holds what a Client needs to open further sockets in its
// namespace (for monitors and iterators): the namespace held open from
// Dial to Close, so that its sockets go on reaching it after its name or
// path is gone, and no socket dialled once the Client is closed.
package nsdial

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/netns"
)

// Options say how a Dialer opens sockets.
type Options struct {
	// Protocol is the netlink protocol, such as unix.NETLINK_NETFILTER.
	Protocol int
	// Config is the configuration of every socket; its NetNS, Groups and
	// ReadBufferSize are set per socket.
	Config conn.Config
	// NetNS is the namespace to dial in.
	NetNS conn.NetNS
	// ReadBufferSize is the receive buffer size of subscribed sockets.
	ReadBufferSize int
	// Dial, if set, opens the sockets instead, subscribed to the groups of
	// the mask (bit n-1 for group n); the fields above are then ignored.
	Dial func(groups uint32) (*conn.Conn, error)
}

// Dialer opens sockets; it is safe for concurrent use.
type Dialer struct {
	o  Options
	ns *netns.Handle // the namespace held open; nil: o.NetNS as it is

	mu     sync.RWMutex // orders Dial before Close: after Close, ns's descriptor number may be another namespace's
	closed bool
}

// Open returns a Dialer that holds o.NetNS open until Close, unless o.Dial
// is set. The context bounds the opening.
func Open(ctx context.Context, o Options) (*Dialer, error) {
	d := &Dialer{o: o}
	if o.Dial != nil {
		return d, nil
	}
	f, err := o.NetNS.Open(ctx)
	if err != nil || f == nil {
		return d, err
	}
	defer f.Close()
	if d.ns, err = netns.FromFD(int(f.Fd())); err != nil {
		return nil, err
	}
	d.o.NetNS = conn.NetNSFD(d.ns.FD())
	return d, nil
}

// OpenConn is Open followed by the Client's own socket, which joins no
// group: what a Client's Dial does. It refuses a nil or done context. On
// failure nothing stays open.
func OpenConn(ctx context.Context, o Options) (*Dialer, *conn.Conn, error) {
	if ctx == nil {
		return nil, nil, errors.New("nil context")
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	d, err := Open(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	c, err := d.Dial(0)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, c, nil
}

// New returns a Dialer that opens o.NetNS afresh for every socket (or
// calls o.Dial): for a Client made over a socket of the caller's, which
// holds nothing open.
func New(o Options) *Dialer { return &Dialer{o: o} }

// ErrNone is the error of every method of a nil Dialer: that of a client
// not made by its Dial or NewClient (the zero value).
var ErrNone = fmt.Errorf("no socket (a client comes from Dial or NewClient): %w", net.ErrClosed)

// Dial opens a socket subscribed to the groups of the mask; after Close
// it fails with an error matching net.ErrClosed.
func (d *Dialer) Dial(groups uint32) (*conn.Conn, error) {
	if d == nil {
		return nil, ErrNone
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return nil, net.ErrClosed
	}
	if d.o.Dial != nil {
		return d.o.Dial(groups)
	}
	cfg := d.o.Config
	cfg.NetNS, cfg.Groups, cfg.ReadBufferSize = d.o.NetNS, groups, 0
	if groups != 0 {
		cfg.ReadBufferSize = d.o.ReadBufferSize
	}
	return conn.Dial(d.o.Protocol, &cfg)
}

// Do runs fn on a thread inside the Dialer's namespace, as netns.Do does:
// the one it holds, or o.NetNS opened for the call; with o.Dial set, the
// caller's. After Close it fails with an error matching net.ErrClosed.
func (d *Dialer) Do(ctx context.Context, fn func() error) error {
	if d == nil {
		return ErrNone
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return net.ErrClosed
	}
	h := d.ns
	if h == nil && d.o.Dial == nil && !d.o.NetNS.IsZero() {
		f, err := d.o.NetNS.Open(ctx)
		if err != nil {
			return err
		}
		h, err = netns.FromFD(int(f.Fd()))
		f.Close()
		if err != nil {
			return err
		}
		defer h.Close()
	}
	return netns.Do(h, fn)
}

// Close releases the namespace; a second Close returns an error matching
// net.ErrClosed.
func (d *Dialer) Close() error {
	if d == nil {
		return ErrNone
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return net.ErrClosed
	}
	d.closed = true
	if d.ns != nil {
		return d.ns.Close()
	}
	return nil
}
