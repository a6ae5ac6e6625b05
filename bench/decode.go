package bench

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/jsimonetti/rtnetlink/v2"
	_ "github.com/jsimonetti/rtnetlink/v2/driver" // jsimonetti's link kinds: veth, bridge, macvlan, vxlan ...
	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// Each decoder turns every data message of a captured dump into its
// library's value, stored in out (one slot per message, allocated by the
// caller before timing starts, so that the result slice is no part of the
// cost). They stop at the first error.

// eachMessage calls fn with the index and message of every data message
// of the dump, splitting datagrams with netlink.Messages, which validates
// each header: the framing of our decoders.
func eachMessage(d *Dump, fn func(i int, m netlink.RawMessage) error) error {
	i := 0
	for _, g := range d.Datagrams {
		for m, err := range netlink.Messages(g) {
			if err != nil {
				return err
			}
			if m.Header.Type == netlink.Done {
				continue
			}
			if err := fn(i, m); err != nil {
				return err
			}
			i++
		}
	}
	return countCheck(d, i)
}

// DecodeOurs decodes with nltag into the values slots points to (from
// NewSlots: route types for the lossless decode, their plain twins for the
// plain one). One nltag.Decoder serves the whole dump, as it would a dump
// loop.
func DecodeOurs(d *Dump, slots []any) error {
	var dec nltag.Decoder
	return eachMessage(d, func(i int, m netlink.RawMessage) error { return dec.Unmarshal(m.Data, slots[i]) })
}

// DecodeOursNew decodes each body with nltag.Unmarshal into a new T, as a
// user's dump loop does (v := new(route.Route); nltag.Unmarshal(body, v)),
// storing the pointers in out.
func DecodeOursNew[T any](d *Dump, out []*T) error {
	return eachMessage(d, func(i int, m netlink.RawMessage) error {
		v := new(T)
		out[i] = v
		return nltag.Unmarshal(m.Data, v)
	})
}

// DecodeOursTable decodes through route.Messages, the message table the
// route package documents for dumps: each body is a new value of the
// registered type.
func DecodeOursTable(d *Dump, out []any) error {
	return eachMessage(d, func(i int, m netlink.RawMessage) error {
		msg, err := route.Messages.Decode(m)
		out[i] = msg.Body
		return err
	})
}

// eachBody calls fn with the type and body of every data message of the
// dump. It is the framing the peers' decoders are fed through: a bare
// header walk that allocates nothing, cheaper than either peer's own
// (mdlayher/netlink's Message.UnmarshalBinary, syscall.ParseNetlinkMessage),
// so that the peers' numbers are their decoders alone.
func eachBody(d *Dump, fn func(i int, body []byte) error) error {
	i := 0
	for _, g := range d.Datagrams {
		for len(g) >= unix.NLMSG_HDRLEN {
			l := int(binary.NativeEndian.Uint32(g))
			if l < unix.NLMSG_HDRLEN || l > len(g) {
				return errors.New("bench: malformed message")
			}
			if t := binary.NativeEndian.Uint16(g[4:]); t != unix.NLMSG_DONE {
				if err := fn(i, g[unix.NLMSG_HDRLEN:l]); err != nil {
					return err
				}
				i++
			}
			al := (l + 3) &^ 3
			if al > len(g) {
				break
			}
			g = g[al:]
		}
	}
	return countCheck(d, i)
}

// DecodeJSLinks decodes links with (*rtnetlink.LinkMessage).UnmarshalBinary.
func DecodeJSLinks(d *Dump, out []rtnetlink.LinkMessage) error {
	return eachBody(d, func(i int, b []byte) error {
		out[i] = rtnetlink.LinkMessage{}
		return out[i].UnmarshalBinary(b)
	})
}

// DecodeJSRoutes decodes routes with (*rtnetlink.RouteMessage).UnmarshalBinary.
func DecodeJSRoutes(d *Dump, out []rtnetlink.RouteMessage) error {
	return eachBody(d, func(i int, b []byte) error {
		out[i] = rtnetlink.RouteMessage{}
		return out[i].UnmarshalBinary(b)
	})
}

// DecodeJSAddrs decodes addresses with (*rtnetlink.AddressMessage).UnmarshalBinary.
func DecodeJSAddrs(d *Dump, out []rtnetlink.AddressMessage) error {
	return eachBody(d, func(i int, b []byte) error {
		out[i] = rtnetlink.AddressMessage{}
		return out[i].UnmarshalBinary(b)
	})
}

// DecodeJSNew decodes each body into a new message, as jsimonetti's own
// dump loop does (unpackMessages: m = &RouteMessage{}; m.UnmarshalBinary).
func DecodeJSNew[T any, PT interface {
	*T
	UnmarshalBinary([]byte) error
}](d *Dump, out []*T) error {
	return eachBody(d, func(i int, b []byte) error {
		m := PT(new(T))
		out[i] = m
		return m.UnmarshalBinary(b)
	})
}

// DecodeVLinks decodes links with vishvananda's netlink.LinkDeserialize, the
// function its LinkList and LinkByName use. It is the only byte-fed decoder
// vishvananda exports among the three types: its route and address
// decoders (deserializeRoute, parseAddr) are unexported.
func DecodeVLinks(d *Dump, out []vnl.Link) error {
	return eachBody(d, func(i int, b []byte) error {
		l, err := vnl.LinkDeserialize(nil, b)
		out[i] = l
		return err
	})
}

func countCheck(d *Dump, n int) error {
	if n != d.Messages {
		return fmt.Errorf("bench: decoded %d messages of %d in the %s dump", n, d.Messages, d.Name)
	}
	return nil
}
