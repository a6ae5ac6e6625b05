package route

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/internal/watch"
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
	// Header is the message's netlink header. When a process adds or
	// deletes an address, route, neighbour or rule, the kernel puts the
	// port id of the process's socket in the event (and, except for
	// neighbours, the request's sequence number), so that comparing
	// Header.PID with Client.PortID tells a program's own changes from
	// others'. Link events, and those the kernel makes on its own, carry
	// port id 0.
	Header netlink.Header
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
//
// When the socket's buffer overflows, the kernel drops events and says so
// once; Events then yields an error matching conn.ErrOverrun. A program
// that mirrors the kernel's state lists it afresh then, and can rely on
// this: every change the kernel makes after the overrun is yielded is
// either yielded as an event or reported by another overrun. (The kernel
// goes on dropping events, without another report, until the socket has
// been read empty, so the Monitor reads the events queued before the loss,
// and yields them, before it yields the overrun.)
type Monitor struct {
	w *watch.Socket
}

// Monitor subscribes to groups and returns a Monitor whose Events deliver
// the changes from now until ctx ends or Close. Without groups it watches
// links, addresses, routes, neighbours and rules of both IP families.
func (c *Client) Monitor(ctx context.Context, groups ...MonitorGroup) (*Monitor, error) {
	if ctx == nil {
		return nil, opError("monitor", errors.New("nil context"))
	}
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
	return &Monitor{w: watch.New(ctx, mc)}, nil
}

// Events returns the events in the order the kernel sent them. When the
// socket's buffer overflowed and events were lost, it yields the events
// queued before the loss, then an error matching conn.ErrOverrun (and
// unix.ENOBUFS), and goes on with the events that follow; a program that
// mirrors kernel state should list it afresh then (see Monitor for what it
// can rely on). A message that fails to decode is yielded as an error too,
// and the events after it follow. The iteration ends, without an error,
// when the Monitor's context ends or the Monitor is closed; any other
// error is yielded last.
func (m *Monitor) Events() iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for raw, err := range m.w.Messages() {
			if err != nil {
				if !yield(Event{}, opError("monitor", err)) {
					return
				}
				continue
			}
			d, err := Messages.Decode(raw)
			if err != nil {
				if !yield(Event{}, opError("monitor", err)) {
					return
				}
				continue
			}
			if !yield(Event{Type: raw.Header.Type, Body: d.Body, Header: raw.Header}, nil) {
				return
			}
		}
	}
}

// Close unsubscribes and closes the Monitor's socket; an iteration over
// Events in progress ends. A second Close returns an error matching
// net.ErrClosed, as the Client's does.
func (m *Monitor) Close() error { return m.w.Close() }

// PortID returns the port id of the socket the Client sends its requests
// from, which the events of the changes it makes carry (see Event.Header).
// Iterators and monitors have sockets of their own.
func (c *Client) PortID() (uint32, error) {
	a, err := c.conn.LocalAddr()
	if err != nil {
		return 0, opError("port id", err)
	}
	return a.PID, nil
}
