package conntrack

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/nltag/go-netlink/internal/watch"
	"github.com/nltag/go-netlink/netfilter"
	"github.com/nltag/go-netlink/netlink"
)

// EventType is the kind of change an event announces. Its value is the
// number of the multicast group that carries it.
type EventType uint8

// Event types.
const (
	EventNew     EventType = EventType(netfilter.GroupConntrackNew)     // an entry was created
	EventUpdate  EventType = EventType(netfilter.GroupConntrackUpdate)  // an entry changed
	EventDestroy EventType = EventType(netfilter.GroupConntrackDestroy) // an entry was destroyed
)

// String returns "NEW", "UPDATE" or "DESTROY", as conntrack -E shows them.
func (t EventType) String() string {
	switch t {
	case EventNew:
		return "NEW"
	case EventUpdate:
		return "UPDATE"
	case EventDestroy:
		return "DESTROY"
	}
	return fmt.Sprintf("EventType(%d)", uint8(t))
}

// Event is a change to the table that the kernel announced.
type Event struct {
	Type  EventType
	Entry *Entry
	// Header is the message's netlink header. Header.PID is the port id of
	// the socket whose request made the change, 0 when the kernel made it
	// on its own (traffic, expiry): comparing it with Client.PortID tells
	// a program's own changes from others'.
	Header netlink.Header
}

// eventType tells the kind of an event message: the kernel sends NEW
// messages with NLM_F_CREATE|NLM_F_EXCL for new entries, without for
// changed ones, and DELETE messages for destroyed ones.
func eventType(h netlink.Header) (EventType, bool) {
	switch h.Type {
	case MsgType(MsgNew):
		if h.Flags&(netlink.Create|netlink.Excl) != 0 {
			return EventNew, true
		}
		return EventUpdate, true
	case MsgType(MsgDelete):
		return EventDestroy, true
	}
	return 0, false
}

// Monitor receives the kernel's connection tracking events: conntrack -E.
// It has a socket of its own; Close releases it.
type Monitor struct {
	w *watch.Socket
}

// Monitor subscribes to the groups of the event types given (all three
// when none) and returns a Monitor whose Events deliver the changes from
// now until ctx ends or Close. The kernel sends events as the sysctl
// net.netfilter.nf_conntrack_events says; at its default (2) it tracks the
// events of an entry only if someone listened when the entry was made, so
// entries older than every listener report no updates or destruction.
func (c *Client) Monitor(ctx context.Context, types ...EventType) (*Monitor, error) {
	if ctx == nil {
		return nil, opError("monitor", errors.New("nil context"))
	}
	if err := ctx.Err(); err != nil {
		return nil, opError("monitor", err)
	}
	if len(types) == 0 {
		types = []EventType{EventNew, EventUpdate, EventDestroy}
	}
	var mask uint32
	for _, t := range types {
		if t < EventNew || t > EventDestroy {
			return nil, opError("monitor", fmt.Errorf("no event type %d", t))
		}
		mask |= 1 << (t - 1)
	}
	mc, err := c.d.Dial(mask)
	if err != nil {
		return nil, opError("monitor", err)
	}
	return &Monitor{w: watch.New(ctx, mc)}, nil
}

// Events returns the events in the order the kernel sent them. When the
// socket's buffer overflowed and events were lost, it yields an error
// matching conn.ErrOverrun (and unix.ENOBUFS) and goes on; a program that
// mirrors the table should list it afresh then. A message that fails to
// decode is yielded as an error too, and the events after it follow. The
// iteration ends when the Monitor's context ends or the Monitor is closed;
// any other error is yielded last.
func (m *Monitor) Events() iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for raw, err := range m.w.Messages() {
			if err != nil {
				if !yield(Event{}, opError("monitor", err)) {
					return
				}
				continue
			}
			typ, ok := eventType(raw.Header)
			if !ok {
				continue
			}
			e := new(Entry)
			if err := netlink.UnmarshalBody(raw, e); err != nil {
				err = fmt.Errorf("decoding %s: %w", Messages.TypeName(raw.Header.Type), err)
				if !yield(Event{}, opError("monitor", err)) {
					return
				}
				continue
			}
			if !yield(Event{Type: typ, Entry: e, Header: raw.Header}, nil) {
				return
			}
		}
	}
}

// Close unsubscribes and closes the Monitor's socket; an iteration over
// Events in progress ends. A second Close returns an error matching
// net.ErrClosed.
func (m *Monitor) Close() error { return m.w.Close() }
