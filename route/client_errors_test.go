package route_test

// Kernel tests of the Client's contract on bad input and the kernel's
// errors: a bad name acts on nothing, bridge-port settings reach the
// kernel, and its extended ACK is mapped to the request's Go fields.

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// TestClientBadNamesActOnNothing: the kernel reads a name up to its first
// NUL, so "victim\x00-tmp" would act on victim, and it names a link itself
// when given an empty name; the Client refuses both, and the namespace is
// left as it was.
func TestClientBadNamesActOnNothing(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add victim type veth peer name victim1")
	before := len(e.objects(t, "link", "show"))
	var ae *route.ArgError
	if err := e.c.LinkDel(e.ctx, route.ByName("victim\x00-tmp")); !errors.As(err, &ae) {
		t.Errorf("LinkDel(victim NUL -tmp) = %v, want an *ArgError", err)
	}
	if err := e.c.LinkAdd(e.ctx, "", &route.Bridge{}, nil); !errors.As(err, &ae) {
		t.Errorf("LinkAdd(\"\") = %v, want an *ArgError", err)
	}
	if err := e.c.LinkSet(e.ctx, route.ByName("victim\x00"), &route.LinkOptions{Up: new(true)}); !errors.As(err, &ae) {
		t.Errorf("LinkSet(victim NUL) = %v, want an *ArgError", err)
	}
	if after := len(e.objects(t, "link", "show")); after != before {
		t.Errorf("%d links before, %d after", before, after)
	}
	if l := e.link(t, "victim"); field(l, "operstate") == "UP" || strings.Contains(field(l, "flags"), "UP") {
		t.Errorf("victim was brought up: %v", l)
	}
	// LinkByIndex takes the index as it is: an index no link has is
	// ENODEV, not another link.
	if l, err := e.c.LinkByIndex(e.ctx, 1<<31-1); !errors.Is(err, unix.ENODEV) {
		t.Errorf("LinkByIndex(2^31-1) = %v, %v; want ENODEV", l, err)
	}
}

// TestClientBridgePortHairpin sets bridge-port options through
// IFLA_PROTINFO, which the kernel takes for a bare port state unless it is
// marked nested, and checks them with bridge(8) and ip(8).
func TestClientBridgePortHairpin(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add br0 type bridge\nlink add d0 type veth peer name d1\nlink set d0 master br0")
	if err := e.c.BridgePortSet(e.ctx, route.ByName("d0"), &route.BridgePortData{Hairpin: new(true), Learning: new(false)}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bridge", "-n", e.Name, "-j", "-d", "link", "show", "dev", "d0").CombinedOutput()
	if err != nil {
		t.Fatalf("bridge link show: %v\n%s", err, out)
	}
	if s := string(out); !strings.Contains(s, `"hairpin":true`) || !strings.Contains(s, `"learning":false`) {
		t.Errorf("bridge -j -d link show dev d0 = %s; want hairpin on, learning off", s)
	}
	l := e.link(t, "d0")
	if got := field(l, "linkinfo.info_slave_data.hairpin"); got != "true" {
		t.Errorf("ip: hairpin = %q, want true", got)
	}
	d0, err := e.c.LinkByName(e.ctx, "d0")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.c.BridgePortSet(e.ctx, d0.Ref(), &route.BridgePortData{Hairpin: new(false)}); err != nil {
		t.Fatal(err)
	}
	if got := field(e.link(t, "d0"), "linkinfo.info_slave_data.hairpin"); got != "false" {
		t.Errorf("ip: hairpin after turning it off = %q, want false", got)
	}
}

// TestClientExtAckField: the kernel's extended ACK points at the attribute
// it refused by an offset; the error names the Go field that wrote it.
// The request goes through Client.Conn, the escape hatch for requests the
// Client has no method for, in the Client's namespace.
func TestClientExtAckField(t *testing.T) {
	e := newClientEnv(t)
	req := &route.Link{Name: "vx0", LinkInfo: &route.LinkInfo{Kind: "vxlan", Data: &route.VxlanData{ID: new(uint32(1 << 24))}}}
	_, err := e.c.Conn().Execute(e.ctx, netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Create | netlink.Excl | netlink.Acknowledge},
		Body:   req,
	})
	var oe *netlink.OpError
	if !errors.As(err, &oe) || !errors.Is(err, unix.ERANGE) {
		t.Fatalf("vxlan id 2^24: %v, want an OpError with ERANGE", err)
	}
	const want = "LinkInfo.Data(vxlan).ID (IFLA_VXLAN_ID)"
	if oe.Field != want || !strings.Contains(err.Error(), want+": ") || strings.Contains(err.Error(), "offset") {
		t.Errorf("error %q, Field %q; want the field %q in place of the offset", err, oe.Field, want)
	}
}
