package route

import (
	"context"
	"errors"
	"fmt"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// TunData is the data of kind "tun" (IFLA_TUN_*), reported for tun and tap
// devices; they are created through /dev/net/tun, not through netlink.
type TunData struct {
	_ nltag.Set `nla:"link-tun"`
	// Owner and Group are the user and group allowed to attach.
	Owner *uint32 `nla:"IFLA_TUN_OWNER"`
	Group *uint32 `nla:"IFLA_TUN_GROUP"`
	// Type is TunTypeTun or TunTypeTap.
	Type TunType `nla:"IFLA_TUN_TYPE,omitempty"`
	// PI: packets carry a protocol-information header.
	PI *bool `nla:"IFLA_TUN_PI,u8"`
	// VnetHdr: packets carry a virtio-net header.
	VnetHdr *bool `nla:"IFLA_TUN_VNET_HDR,u8"`
	// Persist: the device outlives the file descriptors attached to it.
	Persist *bool `nla:"IFLA_TUN_PERSIST,u8"`
	// MultiQueue: the device has several queues.
	MultiQueue *bool `nla:"IFLA_TUN_MULTI_QUEUE,u8"`
	// NumQueues and NumDisabledQueues count the queues of a multi-queue device.
	NumQueues         uint32 `nla:"IFLA_TUN_NUM_QUEUES,omitempty"`
	NumDisabledQueues uint32 `nla:"IFLA_TUN_NUM_DISABLED_QUEUES,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// TunType is IFLA_TUN_TYPE: IFF_TUN or IFF_TAP.
type TunType uint8

// The tun device types.
const (
	TunTypeTun TunType = unix.IFF_TUN // layer 3: IP packets
	TunTypeTap TunType = unix.IFF_TAP // layer 2: Ethernet frames
)

var tunTypes = netlink.NewEnum(map[TunType]string{TunTypeTun: "TUN", TunTypeTap: "TAP"})

// String returns "TUN" or "TAP".
func (t TunType) String() string { return tunTypes.Format(t) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-tun", Attrs: map[string]uint16{
	"IFLA_TUN_UNSPEC":              unix.IFLA_TUN_UNSPEC,
	"IFLA_TUN_OWNER":               unix.IFLA_TUN_OWNER,
	"IFLA_TUN_GROUP":               unix.IFLA_TUN_GROUP,
	"IFLA_TUN_TYPE":                unix.IFLA_TUN_TYPE,
	"IFLA_TUN_PI":                  unix.IFLA_TUN_PI,
	"IFLA_TUN_VNET_HDR":            unix.IFLA_TUN_VNET_HDR,
	"IFLA_TUN_PERSIST":             unix.IFLA_TUN_PERSIST,
	"IFLA_TUN_MULTI_QUEUE":         unix.IFLA_TUN_MULTI_QUEUE,
	"IFLA_TUN_NUM_QUEUES":          unix.IFLA_TUN_NUM_QUEUES,
	"IFLA_TUN_NUM_DISABLED_QUEUES": unix.IFLA_TUN_NUM_DISABLED_QUEUES,
}})

// Tun is a tun (layer 3) or tap (layer 2) device, whose traffic a program
// reads and writes through /dev/net/tun. LinkAdd creates it persistent,
// through /dev/net/tun as `ip tuntap add` does: the kernel does not create
// tun devices through netlink.
type Tun struct {
	// Tap makes a tap device (Ethernet frames) rather than a tun (IP packets).
	Tap bool
	// Owner and Group are the user and group allowed to attach to it.
	Owner, Group *uint32
	// MultiQueue gives the device several queues.
	MultiQueue bool
	// VnetHdr prefixes packets with a virtio-net header.
	VnetHdr bool
	// PI prefixes packets with a protocol-information header.
	PI bool
}

// Kind returns "tun", the kernel's kind for tun and tap devices.
func (*Tun) Kind() string { return "tun" }

func (*Tun) build(context.Context, *Client, *Link) (func(), error) {
	return nil, errors.New("tun devices are created through /dev/net/tun")
}

func init() {
	nltag.RegisterSubMessageOf[TunData]("link-kind", "tun")
}

// tunAdd creates a persistent tun or tap device as `ip tuntap add` does,
// then applies o through netlink. The kernel creates the device in the
// namespace of whoever opens /dev/net/tun, so the open happens inside the
// Client's namespace.
func (c *Client) tunAdd(ctx context.Context, name string, t *Tun, o *LinkOptions) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if o != nil && !o.NetNS.IsZero() {
		return errors.New("tun: cannot be created in another namespace; move it with LinkSet")
	}
	err := c.createTun(ctx, name, t)
	if err != nil {
		return fmt.Errorf("tun: %w", err)
	}
	if o == nil {
		return nil
	}
	if err := c.linkSet(ctx, ByName(name), o); err != nil {
		// Do not leave a half-configured device behind.
		c.linkDel(context.WithoutCancel(ctx), ByName(name))
		return err
	}
	return nil
}
