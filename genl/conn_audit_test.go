package genl_test

// Tests of documented promises of Conn and Table that no other test
// checked: each would fail if the godoc's claim were false.

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// TestKernelConnConcurrent: "Its methods are safe for concurrent use": one
// Conn shared by goroutines that resolve, forget and list families and
// dump through it (run with -race), every answer the right one.
func TestKernelConnConcurrent(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dialIn(t, ns)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	want, err := c.Family(ctx, "ethtool")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			for i := range 40 {
				var err error
				switch (w + i) % 4 {
				case 0:
					var f *genl.Family
					if f, err = c.Family(ctx, "ethtool"); err == nil && f.ID != want.ID {
						err = fmt.Errorf("ethtool has id %d, want %d", f.ID, want.ID)
					}
				case 1:
					c.Forget("ethtool")
				case 2:
					var fs []*genl.Family
					if fs, err = c.Families(ctx); err == nil && len(fs) < 3 {
						err = fmt.Errorf("%d families", len(fs))
					}
				case 3:
					var fs []*genl.Family
					fs, err = genl.Dump[genl.Family](ctx, c, genl.CtrlName,
						&genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily, Version: genl.CtrlVersion}})
					if err == nil && len(fs) < 3 {
						err = fmt.Errorf("%d families", len(fs))
					}
				}
				if err != nil {
					t.Errorf("goroutine %d, step %d: %v", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestKernelFamiliesRefreshCache: Families "refreshes the cache with
// them": the next Family returns what Families listed, without asking.
func TestKernelFamiliesRefreshCache(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dialIn(t, ns)
	ctx := context.Background()
	old, err := c.Family(ctx, "ethtool")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := c.Families(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var listed *genl.Family
	for _, f := range fs {
		if f.Name == "ethtool" {
			listed = f
		}
	}
	f, err := c.Family(ctx, "ethtool")
	if err != nil || listed == nil || f != listed || f == old {
		t.Errorf("Family after Families: %p (listed %p, before %p), %v; want the listed one", f, listed, old, err)
	}
}

// TestKernelConnCancel: a dump whose context ends yields one error, last,
// matching context.Canceled, and the Conn serves the next request.
func TestKernelConnCancel(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dialIn(t, ns)
	req := &genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily, Version: genl.CtrlVersion}}
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	if fs, err := genl.Dump[genl.Family](ended, c, genl.CtrlName, req); !errors.Is(err, context.Canceled) || len(fs) != 0 {
		t.Errorf("Dump with an ended context: %d families, %v", len(fs), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var errs []error
	n := 0
	for _, err := range c.Stream(ctx, genl.CtrlName, netlink.Dump, req) {
		if len(errs) > 0 {
			t.Fatalf("a value or error after %v", errs)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n++; n == 1 {
			cancel()
		}
	}
	cancel()
	// The dump may have arrived whole before the cancellation.
	if len(errs) > 1 || len(errs) == 1 && !errors.Is(errs[0], context.Canceled) {
		t.Errorf("Stream cancelled after %d replies: errors %v", n, errs)
	}
	c.Forget("ethtool")
	if _, err := c.Family(context.Background(), "ethtool"); err != nil {
		t.Errorf("the next request: %v", err)
	}
}

// TestKernelReceiveUnknownFamily: Receive decodes "messages of other
// families", those of no table given, as nltag.Raw.
func TestKernelReceiveUnknownFamily(t *testing.T) {
	if _, err := exec.LookPath("ethtool"); err != nil {
		t.Skip("ethtool(8) is not installed")
	}
	ns := nltest.NewNS(t)
	ns.IP(t, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
	c := dialIn(t, ns)
	if err := c.JoinGroup(context.Background(), ethtool.FamilyName, ethtool.MonitorGroup); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("ip", "netns", "exec", ns.Name, "ethtool", "-K", "v0", "tx-gso-list", "off").CombinedOutput(); err != nil {
		t.Fatalf("ethtool -K: %v\n%s", err, out)
	}
	if err := c.Conn().SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	ms, err := c.Receive() // no table: ethtool is unknown here
	if err != nil || len(ms) == 0 {
		t.Fatalf("Receive: %d messages, %v", len(ms), err)
	}
	for _, m := range ms {
		if _, ok := m.Body.(nltag.Raw); !ok {
			t.Errorf("a message of a family without table decodes to %T, want nltag.Raw", m.Body)
		}
	}
}

// TestTableConcurrent: "A Table is safe for concurrent use": registering
// while decoding and looking up (run with -race).
func TestTableConcurrent(t *testing.T) {
	type body struct {
		genl.Header
		_    nltag.Set `nla:"nlctrl"`
		Name string    `nla:"CTRL_ATTR_FAMILY_NAME,omitempty"`
		Wire nltag.Wire
	}
	tab := genl.NewTable("acme", 1)
	msg := netlink.RawMessage{Header: netlink.Header{Type: 0x20}, Data: []byte{5, 1, 0, 0}}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				cmd := uint8(i % 16)
				if w%2 == 0 {
					tab.Register(genl.Both, cmd, fmt.Sprintf("CMD_%d", cmd), body{})
					continue
				}
				tab.CommandName(genl.FromKernel, cmd)
				tab.LookupCommand(genl.ToKernel, "CMD_5")
				tab.New(genl.FromKernel, cmd)
				if _, err := tab.Decode(msg); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n, ok := tab.LookupCommand(genl.ToKernel, "CMD_5"); !ok || n != 5 {
		t.Errorf("CMD_5 is %d, %v", n, ok)
	}
}

// TestTableRegisterAgain: "a nil sample registers only the name",
// "Registering again replaces", and a raw body is "a copy of the whole
// body", not an alias of the message's data.
func TestTableRegisterAgain(t *testing.T) {
	tab := genl.NewTable("acme", 1)
	tab.Register(genl.FromKernel, 7, "ACME_OLD", nil)
	data := []byte{7, 1, 0, 0, 8, 0, 1, 0, 1, 2, 3, 4}
	m, err := tab.Decode(netlink.RawMessage{Header: netlink.Header{Type: 0x20}, Data: data})
	raw, ok := m.Body.(nltag.Raw)
	if err != nil || !ok || tab.CommandName(genl.FromKernel, 7) != "ACME_OLD" || tab.New(genl.FromKernel, 7) != nil {
		t.Errorf("name-only command: %#v, %v; name %q", m.Body, err, tab.CommandName(genl.FromKernel, 7))
	}
	data[0], data[8] = 0xff, 0xff
	if ok && (len(raw) != 12 || raw[0] != 7 || raw[8] != 1) {
		t.Errorf("the raw body % x changed with the message's data", []byte(raw))
	}
	tab.Register(genl.FromKernel, 7, "ACME_NEW", &genl.Family{})
	if _, ok := tab.LookupCommand(genl.FromKernel, "ACME_OLD"); ok || tab.CommandName(genl.FromKernel, 7) != "ACME_NEW" {
		t.Errorf("registering again: name %q", tab.CommandName(genl.FromKernel, 7))
	}
	if _, ok := tab.New(genl.FromKernel, 7).(*genl.Family); !ok {
		t.Errorf("registering again: body %T", tab.New(genl.FromKernel, 7))
	}
}
