package route_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"

	"github.com/nltag/go-netlink/conn/conntest"
	"testing"

	"github.com/nltag/go-netlink/route"
)

// TestLinkListUnknownKindListsNothing: a Kind filter the kernel does not
// know (a typo, a module not loaded, a name with a NUL) must not list links
// of other kinds. The kernel ignores a filter kind it cannot resolve and
// dumps every link.
func TestLinkListUnknownKindListsNothing(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add v0 type veth peer name v1")
	for _, kind := range []string{"nosuchkind", "veth\x00junk", "vxlan"} {
		ls, err := e.c.LinkList(e.ctx, &route.LinkFilter{Kind: kind})
		for _, l := range ls {
			k := ""
			if l.LinkInfo != nil {
				k = l.LinkInfo.Kind
			}
			if k != kind {
				t.Errorf("LinkList(Kind %q) returned %s of kind %q (err %v)", kind, l.Name, k, err)
			}
		}
		for l, err := range e.c.Links(e.ctx, &route.LinkFilter{Kind: kind}) {
			if err == nil && (l.LinkInfo == nil || l.LinkInfo.Kind != kind) {
				t.Errorf("Links(Kind %q) yielded %s", kind, l.Name)
			}
		}
	}
}

// TestMonitorNilContextIsAnError: Monitor and WaitForLink refuse a nil
// context with an error, as the other methods do, instead of panicking.
func TestMonitorNilContextIsAnError(t *testing.T) {
	c, _ := fakeClient(t, conntest.AckAll)
	var nilctx context.Context
	for name, call := range map[string]func() error{
		"Monitor":     func() error { _, err := c.Monitor(nilctx); return err },
		"WaitForLink": func() error { _, err := c.WaitForLink(nilctx, "x0"); return err },
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s(nil context) panicked: %v", name, r)
				}
			}()
			if err := call(); err == nil {
				t.Errorf("%s(nil context) succeeded", name)
			}
		}()
	}
}

// TestRuleDelWithoutSelectorDeletesNothing: RuleDel with nil or zero
// options matches every rule, and the kernel would delete the first: the
// local table's rule at priority 0, without which the namespace no longer
// delivers packets to its own addresses. It is refused instead, as
// conntrack's Delete refuses a query that names no entry.
func TestRuleDelWithoutSelectorDeletesNothing(t *testing.T) {
	e := newClientEnv(t)
	rules := func() string { return e.IP(t, "-4", "rule", "show") + e.IP(t, "-6", "rule", "show") }
	before := rules()
	for _, o := range []*route.RuleOptions{nil, {}, {Family: route.FamilyIPv6}} {
		err := e.c.RuleDel(e.ctx, o)
		if after := rules(); after != before {
			t.Fatalf("RuleDel(%+v) = %v deleted a rule:\n%s\nnow:\n%s", o, err, before, after)
		}
		var ae *route.ArgError
		if !errors.As(err, &ae) {
			t.Errorf("RuleDel(%+v) = %v, want an *ArgError", o, err)
		}
	}
}

// TestLinkNameCheckMatchesKernel: the Client refuses a link name exactly
// when the kernel's dev_valid_name would. The kernel's isspace is its own
// Latin-1 table (ASCII white space and the byte 0xA0), applied to bytes:
// "eth-à" (c3 a0) is refused, while names with Unicode spaces such as
// U+2003 (e2 80 83) are links the kernel accepts and the Client must be
// able to address.
func TestLinkNameCheckMatchesKernel(t *testing.T) {
	e := newClientEnv(t)
	for i, name := range []string{"eth-à", "a\u00a0b", "a\u2003b", "a\u0085b", "a\u3000b", "a\vb"} {
		peer := fmt.Sprintf("peer%d", i)
		kernelOK := exec.Command("ip", "-n", e.Name, "link", "add", name, "type", "veth", "peer", "name", peer).Run() == nil
		if kernelOK {
			e.IP(t, "link", "del", name)
		}
		err := e.c.LinkAdd(e.ctx, name, &route.Veth{Peer: peer}, nil)
		var ae *route.ArgError
		if refused := errors.As(err, &ae); refused == kernelOK {
			t.Errorf("name %q: kernel accepts it: %v; Client: %v", name, kernelOK, err)
		}
		if err == nil {
			if _, err := e.c.LinkByName(e.ctx, name); err != nil {
				t.Errorf("LinkByName(%q): %v", name, err)
			}
			if err := e.c.LinkDel(e.ctx, route.ByName(name)); err != nil {
				t.Errorf("LinkDel(%q): %v", name, err)
			}
		}
	}
}

// TestLinkAddNameIsTheLinksName: the link LinkAdd creates has the name it
// was given, or LinkAdd fails. The kernel takes a name with '%' as a
// pattern ("v%d" gives v0, v1 ...), so the caller cannot find the link it
// made by its name; the Client should refuse such a name or say so.
func TestLinkAddNameIsTheLinksName(t *testing.T) {
	e := newClientEnv(t)
	if err := e.c.LinkAdd(e.ctx, "v%d", &route.Veth{Peer: "p0"}, nil); err != nil {
		return // refused: fine
	}
	if _, err := e.c.LinkByName(e.ctx, "v%d"); err != nil {
		t.Errorf("LinkAdd(\"v%%d\") succeeded, but LinkByName(\"v%%d\"): %v; ip shows:\n%s", err, e.IP(t, "-br", "link"))
	}
}

// TestHardwareAddrOfWrongLengthIsRefused: an address whose length is not
// the link's (6 bytes for Ethernet) is refused, by the Client or by the
// kernel; it must not be cut or padded silently. The kernel refuses only
// shorter addresses on an existing link, and checks none on a new one.
func TestHardwareAddrOfWrongLengthIsRefused(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add v0 type veth peer name v1")
	before := e.link(t, "v0")["address"]
	eui64 := net.HardwareAddr{0x02, 0, 0, 0, 0, 0x01, 0x02, 0x03}
	err := e.c.LinkSet(e.ctx, route.ByName("v0"), &route.LinkOptions{HardwareAddr: eui64})
	if after := e.link(t, "v0")["address"]; err == nil {
		t.Errorf("LinkSet(v0, HardwareAddr %v) succeeded; address %v, was %v", eui64, after, before)
	}
	short := net.HardwareAddr{0x02, 0, 0, 0, 0x09}
	for _, k := range []route.LinkKind{&route.VRF{Table: 10}, &route.GenericKind{Name: "veth"}} {
		name := k.Kind() + "0"
		err := e.c.LinkAdd(e.ctx, name, k, &route.LinkOptions{HardwareAddr: short})
		if err == nil {
			t.Errorf("LinkAdd(%s, HardwareAddr %v) succeeded; address %v", name, short, e.link(t, name)["address"])
		}
	}
}
