package route

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// TestKernelSpoofClient has a second socket in the Client's namespace, as
// another process, send the Client's socket forged replies to its next
// requests: an EPERM error, a success ACK, a DONE and a link named
// "forged", for each of the next three sequence numbers, since one Client
// call may make several requests. The calls must return what the kernel
// says, and the socket must count every forged message as dropped.
// conn/spoof_test.go tests the Conn the same way, more thoroughly;
// NLTEST_SPOOF_N sets how many messages to forge (default 100).
func TestKernelSpoofClient(t *testing.T) {
	n := nltest.SpoofCount(t)
	ns := nltest.NewNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := Dial(ctx, &Options{NetNS: conn.NetNSName(ns.Name)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	local, err := c.conn.LocalAddr()
	if err != nil {
		t.Fatal(err)
	}
	port := local.PID

	s := nltest.NewSpoofer(t, ns)
	sent := 0
	forge := func(m netlink.Message) {
		m.Header.PID = port
		b, err := netlink.AppendMessage(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Send(port, 0, b); err != nil {
			t.Fatal(err)
		}
		sent++
	}

	calls := []struct {
		name string
		call func() error
	}{
		{"LinkByIndex", func() error {
			l, err := c.LinkByIndex(ctx, 1)
			if err == nil && l.Name != "lo" {
				return fmt.Errorf("got link %q", l.Name)
			}
			return err
		}},
		{"LinkList", func() error {
			ls, err := c.LinkList(ctx, nil)
			var names []string
			for _, l := range ls {
				names = append(names, l.Name)
			}
			slices.Sort(names)
			if err == nil && !slices.Equal(names, []string{"lo"}) {
				return fmt.Errorf("got links %q", names)
			}
			return err
		}},
		// A forged ACK must not hide the kernel's refusal, which comes
		// before it looks for the kind.
		{"LinkAdd existing", func() error {
			if err := c.LinkAdd(ctx, "lo", &Dummy{}, nil); !errors.Is(err, unix.EEXIST) {
				return fmt.Errorf("want EEXIST, got %v", err)
			}
			return nil
		}},
		{"LinkSet", func() error { return c.LinkSet(ctx, ByName("lo"), &LinkOptions{MTU: 65536}) }},
	}

	for i := 0; sent < n; i++ {
		// A request the kernel ignores tells the sequence numbers to come.
		h, err := c.conn.Send(netlink.Message{Header: netlink.Header{Type: netlink.Noop}})
		if err != nil {
			t.Fatal(err)
		}
		for seq := h.Seq + 1; seq <= h.Seq+3; seq++ {
			req := netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request, Seq: seq, PID: port}
			forge(netlink.Message{Header: netlink.Header{Type: netlink.Error, Flags: netlink.Capped, Seq: seq}, Body: &netlink.ErrorMessage{Errno: -int32(unix.EPERM), Request: req}})
			forge(netlink.Message{Header: netlink.Header{Type: netlink.Error, Flags: netlink.Capped, Seq: seq}, Body: &netlink.ErrorMessage{Request: req}})
			forge(netlink.Message{Header: netlink.Header{Type: netlink.Done, Flags: netlink.Multi, Seq: seq}, Body: &netlink.DoneMessage{}})
			forge(netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Multi, Seq: seq}, Body: &Link{Index: 1, Name: "forged"}})
		}
		call := calls[i%len(calls)]
		if err := call.call(); err != nil {
			t.Fatalf("%s, round %d: %v", call.name, i, err)
		}
		// The forgeries came before the call's first reply, so the call
		// has read past all of them.
		if d := c.conn.Dropped(); d != uint64(sent) {
			t.Fatalf("%s, round %d: Dropped %d after %d forged", call.name, i, d, sent)
		}
	}
	t.Logf("forged %d, dropped %d, returned 0", sent, c.conn.Dropped())
}
