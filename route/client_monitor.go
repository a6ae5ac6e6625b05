package route

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net"
	"os"
	"sync"
	"time"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
)

// MonitorGroup is an rtnetlink multicast group (RTNLGRP_*): a kind of change
// the kernel announces.
type MonitorGroup uint32

// The groups of `ip monitor`.
const (
	MonitorLink      MonitorGroup = unix.RTNLGRP_LINK        // links appear, change, vanish
	MonitorNeigh     MonitorGroup = unix.RTNLGRP_NEIGH       // neighbour entries
	MonitorIPv4Addr  MonitorGroup = unix.RTNLGRP_IPV4_IFADDR // IPv4 addresses
	MonitorIPv6Addr  MonitorGroup = unix.RTNLGRP_IPV6_IFADDR // IPv6 addresses
	MonitorIPv4Route MonitorGroup = unix.RTNLGRP_IPV4_ROUTE  // IPv4 routes
	MonitorIPv6Route MonitorGroup = unix.RTNLGRP_IPV6_ROUTE  // IPv6 routes
	MonitorIPv4Rule  MonitorGroup = unix.RTNLGRP_IPV4_RULE   // IPv4 rules
	MonitorIPv6Rule  MonitorGroup = unix.RTNLGRP_IPV6_RULE   // IPv6 rules
)

// defaultGroups are the groups a Monitor without groups joins: links,
// addresses, routes, neighbours and rules of both IP families.
var defaultGroups = []MonitorGroup{
	MonitorLink, MonitorNeigh, MonitorIPv4Addr, MonitorIPv6Addr,
	MonitorIPv4Route, MonitorIPv6Route, MonitorIPv4Rule, MonitorIPv6Rule,
}

// Event is a change the kernel announced: its message type and the decoded
// body, a *Link, *Address, *Route, *Neighbour or *Rule (nltag.Raw for types
// the package does not know).
type Event struct {
	// Type is the message type, such as RTM_NEWLINK or RTM_DELADDR.
	Type netlink.MsgType
	// Body is the decoded message.
	Body any
}

// Deleted reports whether the event announces that an object went away
// (an RTM_DEL* message).
func (e Event) Deleted() bool {
	switch e.Type {
	case unix.RTM_DELLINK, unix.RTM_DELADDR, unix.RTM_DELROUTE, unix.RTM_DELNEIGH,
		unix.RTM_DELRULE, unix.RTM_DELQDISC, unix.RTM_DELNEXTHOP:
		return true
	}
	return false
}

// String names the event's type, as "RTM_NEWLINK".
func (e Event) String() string { return Messages.TypeName(e.Type) }

// Monitor receives the kernel's announcements of changes: `ip monitor`.
// It has a socket of its own; Close releases it.
type Monitor struct {
	conn *conn.Conn
	ctx  context.Context
	stop func() bool
	once sync.Once
}

// Monitor subscribes to groups and returns a Monitor whose Events deliver
// the changes from now until ctx ends or Close. Without groups it watches
// links, addresses, routes, neighbours and rules of both IP families.
func (c *Client) Monitor(ctx context.Context, groups ...MonitorGroup) (*Monitor, error) {
	if err := ctx.Err(); err != nil {
		return nil, opError("monitor", err)
	}
	if len(groups) == 0 {
		groups = defaultGroups
	}
	var mask uint32
	for _, g := range groups {
		if g < 1 || g > 32 {
			return nil, opError("monitor", fmt.Errorf("group %d out of range", g))
		}
		mask |= 1 << (g - 1)
	}
	mc, err := c.dialConn(mask)
	if err != nil {
		return nil, opError("monitor", err)
	}
	m := &Monitor{conn: mc, ctx: ctx}
	// The end of ctx interrupts a waiting Receive through the deadline.
	m.stop = context.AfterFunc(ctx, func() { mc.SetReadDeadline(time.Unix(1, 0)) })
	return m, nil
}

// Events returns the events in the order the kernel sent them. When the
// socket's buffer overflowed and events were lost, it yields an error
// matching conn.ErrOverrun (and unix.ENOBUFS) and goes on with the events
// that follow; a program that mirrors kernel state should list it afresh
// then. A message that fails to decode is yielded as an error too, and the
// events after it follow. The iteration ends when the Monitor's context
// ends or the Monitor is closed; any other error is yielded last.
func (m *Monitor) Events() iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for m.ctx.Err() == nil {
			msgs, err := m.conn.Receive()
			if err != nil {
				switch {
				case m.ctx.Err() != nil && errors.Is(err, os.ErrDeadlineExceeded),
					errors.Is(err, net.ErrClosed):
					return
				case errors.Is(err, conn.ErrOverrun):
					if !yield(Event{}, opError("monitor", err)) {
						return
					}
					continue
				}
				yield(Event{}, opError("monitor", err))
				return
			}
			for _, raw := range msgs {
				d, err := Messages.Decode(raw)
				if err != nil {
					if !yield(Event{}, opError("monitor", err)) {
						return
					}
					continue
				}
				if !yield(Event{Type: raw.Header.Type, Body: d.Body}, nil) {
					return
				}
			}
		}
	}
}

// Close unsubscribes and closes the Monitor's socket; an iteration over
// Events in progress ends.
func (m *Monitor) Close() error {
	var err error
	m.once.Do(func() {
		m.stop()
		err = m.conn.Close()
	})
	return err
}
