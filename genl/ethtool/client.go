package ethtool

import (
	"context"
	"fmt"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Client makes ethtool requests through a generic netlink connection, which
// resolves the family on first use.
type Client struct {
	c *genl.Conn
}

// New returns a Client that uses c.
func New(c *genl.Conn) *Client { return &Client{c: c} }

// Reply is the set of messages that GET requests answer with, one per
// request kind; Dump takes one of them.
type Reply interface {
	LinkInfo | LinkModes | LinkState | Features | Rings | Channels
}

// getRequest returns the GET request whose reply is a T, for dev.
func getRequest[T Reply](dev *Dev) any {
	h := func(cmd uint8) genl.Header { return genl.Header{Command: cmd, Version: Version} }
	r := new(T)
	switch m := any(r).(type) {
	case *LinkInfo:
		m.Header, m.Dev = h(MsgLinkInfoGet), dev
	case *LinkModes:
		m.Header, m.Dev = h(MsgLinkModesGet), dev
	case *LinkState:
		m.Header, m.Dev = h(MsgLinkStateGet), dev
	case *Features:
		m.Header, m.Dev = h(MsgFeaturesGet), dev
	case *Rings:
		m.Header, m.Dev = h(MsgRingsGet), dev
	case *Channels:
		m.Header, m.Dev = h(MsgChannelsGet), dev
	}
	return r
}

// Get asks about the device dev names (see ByName and ByIndex) and returns
// the reply, a T.
func Get[T Reply](ctx context.Context, c *Client, dev *Dev) (*T, error) {
	if dev == nil {
		return nil, fmt.Errorf("ethtool: no device given")
	}
	return genl.Do[T](ctx, c.c, FamilyName, getRequest[T](dev))
}

// Dump asks about every device and returns the replies, T's of those that
// can answer; flags go in the request's header.
func Dump[T Reply](ctx context.Context, c *Client, flags HeaderFlags) ([]*T, error) {
	var dev *Dev
	if flags != 0 {
		dev = &Dev{Flags: flags}
	}
	return genl.Dump[T](ctx, c.c, FamilyName, getRequest[T](dev))
}

// LinkInfo returns the port information of a device.
func (c *Client) LinkInfo(ctx context.Context, dev *Dev) (*LinkInfo, error) {
	return Get[LinkInfo](ctx, c, dev)
}

// LinkModes returns the speed, duplex, autonegotiation and link modes of a
// device.
func (c *Client) LinkModes(ctx context.Context, dev *Dev) (*LinkModes, error) {
	return Get[LinkModes](ctx, c, dev)
}

// LinkState returns whether a device's link is up, and more where the
// driver knows.
func (c *Client) LinkState(ctx context.Context, dev *Dev) (*LinkState, error) {
	return Get[LinkState](ctx, c, dev)
}

// Features returns the features of a device.
func (c *Client) Features(ctx context.Context, dev *Dev) (*Features, error) {
	return Get[Features](ctx, c, dev)
}

// Rings returns the ring sizes of a device.
func (c *Client) Rings(ctx context.Context, dev *Dev) (*Rings, error) {
	return Get[Rings](ctx, c, dev)
}

// Channels returns the channel counts of a device.
func (c *Client) Channels(ctx context.Context, dev *Dev) (*Channels, error) {
	return Get[Channels](ctx, c, dev)
}

// Strings returns string set id, by index: for a device, or, with dev nil,
// the global one (features, link modes and other sets are the same for
// every device). A reply that StringSet.List cannot give in full, its
// count or indices claiming strings it does not hold, is an error.
func (c *Client) Strings(ctx context.Context, dev *Dev, id StringSetID) ([]string, error) {
	if dev == nil {
		dev = &Dev{} // the kernel wants a header, if an empty one
	}
	req := &Strset{
		Header:     genl.Header{Command: MsgStrsetGet, Version: Version},
		Dev:        dev,
		StringSets: &StringSets{Sets: []StringSet{{ID: id}}},
	}
	r, err := genl.Do[Strset](ctx, c.c, FamilyName, req)
	if err != nil {
		return nil, err
	}
	if r.StringSets != nil {
		for i := range r.StringSets.Sets {
			if s := &r.StringSets.Sets[i]; s.ID == id {
				l, err := s.list()
				if err != nil {
					return nil, err
				}
				return l, nil
			}
		}
	}
	return nil, fmt.Errorf("ethtool: reply lacks string set %v", id)
}

// SetFeatures turns the named features of a device on (true) or off
// (false) and returns the kernel's account of the change: Wanted holds
// the features it could not set as asked, Active those that changed. It
// returns nil and no error when dev asks for FlagOmitReply.
func (c *Client) SetFeatures(ctx context.Context, dev *Dev, features map[string]bool) (*Features, error) {
	req := &Features{
		Header: genl.Header{Command: MsgFeaturesSet, Version: Version},
		Dev:    dev,
		Wanted: NewBitset(features),
	}
	// With an ACK the exchange ends whether or not a reply comes.
	ms, err := c.c.Execute(ctx, FamilyName, netlink.Acknowledge, req)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	var r Features
	if err := nltag.Unmarshal(ms[0].Data, &r); err != nil {
		return nil, fmt.Errorf("ethtool: decoding reply: %w", err)
	}
	return &r, nil
}
