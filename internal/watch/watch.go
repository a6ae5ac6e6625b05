// Package watch holds what the monitors of route and netfilter/conntrack
// share: a socket subscribed to multicast groups, read until a context
// ends or Close, with overruns reported and the reading going on.
package watch

import (
	"context"
	"errors"
	"iter"
	"net"
	"os"
	"sync"
	"time"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
)

// Socket reads the events of a subscribed socket.
type Socket struct {
	conn *conn.Conn
	ctx  context.Context
	stop func() bool
	once sync.Once
}

// New returns a Socket that reads c until ctx ends or Close; it owns c.
func New(ctx context.Context, c *conn.Conn) *Socket {
	s := &Socket{conn: c, ctx: ctx}
	// The end of ctx interrupts a waiting Receive through the deadline.
	s.stop = context.AfterFunc(ctx, func() { c.SetReadDeadline(time.Unix(1, 0)) })
	return s
}

// Messages yields the messages received, in order. An overrun (an error
// matching conn.ErrOverrun) is yielded where it happened and the reading
// goes on. The iteration ends when the context ends or the Socket is
// closed; any other error is yielded last.
func (s *Socket) Messages() iter.Seq2[netlink.RawMessage, error] {
	return func(yield func(netlink.RawMessage, error) bool) {
		for s.ctx.Err() == nil {
			msgs, err := s.conn.Receive()
			switch {
			case err == nil:
			case s.ctx.Err() != nil && errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, net.ErrClosed):
				return
			case errors.Is(err, conn.ErrOverrun):
				if !yield(netlink.RawMessage{}, err) {
					return
				}
				continue
			default:
				yield(netlink.RawMessage{}, err)
				return
			}
			for _, m := range msgs {
				if !yield(m, nil) {
					return
				}
			}
		}
	}
}

// Close closes the socket; an iteration over Messages in progress ends. A
// second Close returns an error matching net.ErrClosed.
func (s *Socket) Close() error {
	err := net.ErrClosed
	s.once.Do(func() {
		s.stop()
		err = s.conn.Close()
	})
	return err
}
