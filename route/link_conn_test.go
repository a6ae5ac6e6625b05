package route

// Helpers of the link tests that talk to the kernel: a namespace prepared
// with iproute2 and a route socket (package conn) inside it.

import (
	"context"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
)

// linkSetup is the state the link captures and the comparison with ip(8)
// look at: one link of every kind this kernel can make.
const linkSetup = `
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip link property add dev v0 altname veth-zero
ip link set v0 alias first-veth
ip link add br0 type bridge
ip link add v2 type veth peer name v3
ip link set v2 master br0
ip link set br0 up
ip link set v2 up
ip link add mv0 link v0 type macvlan mode bridge
ip link add mt0 link v0 type macvtap mode vepa
ip link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 remote 192.0.2.2 ttl 64
ip tuntap add tap0 mode tap
ip tuntap add tun0 mode tun
ip link add ifb0 type ifb
`

// newLinkNS returns a test namespace holding linkSetup and a route socket
// inside it.
func newLinkNS(t *testing.T) *routeNS {
	t.Helper()
	ns := newRouteNS(t)
	ns.script(t, linkSetup)
	return ns
}

// execute sends a request with the given flags and returns the replies.
func (ns *routeNS) execute(t *testing.T, typ netlink.MsgType, flags netlink.Flags, body any) []netlink.RawMessage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m := netlink.Message{Header: netlink.Header{Type: typ, Flags: flags}, Body: body}
	var ms []netlink.RawMessage
	var err error
	if flags&netlink.Dump == netlink.Dump {
		ms, err = ns.c.ExecuteConsistent(ctx, m, 5)
	} else {
		ms, err = ns.c.Execute(ctx, m)
	}
	if err != nil {
		t.Fatalf("%s: %v", Messages.TypeName(typ), err)
	}
	return ms
}

// getLink returns the kernel's RTM_NEWLINK for the link named name.
func (ns *routeNS) getLink(t *testing.T, name string) netlink.RawMessage {
	t.Helper()
	ms := ns.execute(t, unix.RTM_GETLINK, 0, &Link{Name: name})
	if len(ms) != 1 || ms[0].Header.Type != unix.RTM_NEWLINK {
		t.Fatalf("RTM_GETLINK %s: %d replies", name, len(ms))
	}
	return ms[0]
}

// decodeLink decodes an RTM_NEWLINK through Messages.
func decodeLink(t *testing.T, m netlink.RawMessage) *Link {
	t.Helper()
	d, err := Messages.Decode(m)
	if err != nil {
		t.Fatalf("%v\n% x", err, m.Data)
	}
	l, ok := d.Body.(*Link)
	if !ok {
		t.Fatalf("%s decoded to %T", Messages.TypeName(m.Header.Type), d.Body)
	}
	return l
}
