package conntrack_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netfilter/conntrack"
)

// dialNS returns a fresh namespace and a Client in it.
func dialNS(t *testing.T) (*nltest.NS, *conntrack.Client) {
	t.Helper()
	ns := nltest.NewNS(t)
	c, err := conntrack.Dial(context.Background(), &conntrack.Options{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return ns, c
}

// tcpEntry returns an established TCP entry from 10.0.0.1:sport to
// 10.0.0.2:80 with the given mark, to create.
func tcpEntry(sport uint16, mark uint32) *conntrack.Entry {
	src := netip.AddrPortFrom(netip.MustParseAddr("10.0.0.1"), sport)
	dst := netip.AddrPortFrom(netip.MustParseAddr("10.0.0.2"), 80)
	orig := conntrack.PortTuple(conntrack.ProtoTCP, src, dst)
	reply := conntrack.PortTuple(conntrack.ProtoTCP, dst, src)
	return &conntrack.Entry{
		Orig: &orig, Reply: &reply,
		Timeout:   new(uint32(300)),
		Mark:      &mark,
		Status:    new(conntrack.StatusSeenReply | conntrack.StatusAssured | conntrack.StatusConfirmed),
		ProtoInfo: &conntrack.ProtoInfo{TCP: &conntrack.ProtoInfoTCP{State: new(conntrack.TCPEstablished)}},
	}
}

func sports(es []*conntrack.Entry) []uint16 {
	var out []uint16
	for _, e := range es {
		if e.Orig != nil && e.Orig.Proto.SrcPort != nil {
			out = append(out, *e.Orig.Proto.SrcPort)
		}
	}
	slices.Sort(out)
	return out
}

// TestKernelLifecycle creates entries, lists, gets, updates, deletes and
// flushes them, filtering by mark and zone.
func TestKernelLifecycle(t *testing.T) {
	_, c := dialNS(t)
	ctx := context.Background()
	for i := range uint16(4) {
		if err := c.Create(ctx, tcpEntry(1000+i, uint32(i%2))); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	if err := c.Create(ctx, tcpEntry(1000, 0)); !errors.Is(err, unix.EEXIST) {
		t.Errorf("creating an entry again: %v, want EEXIST", err)
	}
	unconfirmed := tcpEntry(1999, 0)
	*unconfirmed.Status &^= conntrack.StatusConfirmed
	if err := c.Create(ctx, unconfirmed); !errors.Is(err, unix.EBUSY) {
		t.Errorf("creating with a status without IPS_CONFIRMED: %v, want EBUSY", err)
	}
	zoned := tcpEntry(2000, 7)
	zoned.Zone = new(uint16(5))
	if err := c.Create(ctx, zoned); err != nil {
		t.Fatal(err)
	}

	all, err := c.List(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := sports(all); !slices.Equal(got, []uint16{1000, 1001, 1002, 1003, 2000}) {
		t.Errorf("List: source ports %v", got)
	}
	for _, e := range all {
		if e.Family != unix.AF_INET || e.ID == nil || e.Timeout == nil || *e.Timeout > 300 ||
			e.ProtoInfo == nil || e.ProtoInfo.TCP == nil || *e.ProtoInfo.TCP.State != conntrack.TCPEstablished ||
			*e.Status&conntrack.StatusAssured == 0 || e.Reply.IP.Src() != netip.MustParseAddr("10.0.0.2") {
			t.Errorf("entry %+v", e)
		}
	}

	for _, tc := range []struct {
		f    conntrack.Filter
		want []uint16
	}{
		{conntrack.Filter{Mark: new(uint32(1))}, []uint16{1001, 1003}},
		{conntrack.Filter{Mark: new(uint32(0))}, []uint16{1000, 1002}},
		{conntrack.Filter{Mark: new(uint32(1)), MarkMask: 1}, []uint16{1001, 1003, 2000}},
		{conntrack.Filter{Zone: new(uint16(5))}, []uint16{2000}},
		{conntrack.Filter{Zone: new(uint16(0))}, []uint16{1000, 1001, 1002, 1003}},
		{conntrack.Filter{Family: unix.AF_INET6}, nil},
		{conntrack.Filter{Status: new(conntrack.StatusAssured), StatusMask: conntrack.StatusAssured}, []uint16{1000, 1001, 1002, 1003, 2000}},
		{conntrack.Filter{Status: new(conntrack.Status(0)), StatusMask: conntrack.StatusAssured}, nil},
	} {
		es, err := c.List(ctx, &tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := sports(es); !slices.Equal(got, tc.want) {
			t.Errorf("List(%+v): %v, want %v", tc.f, got, tc.want)
		}
	}

	q := tcpEntry(1002, 0)
	got, err := c.Get(ctx, &conntrack.Entry{Orig: q.Orig})
	if err != nil {
		t.Fatal(err)
	}
	if *got.Orig.Proto.SrcPort != 1002 || *got.Mark != 0 {
		t.Errorf("Get: %+v", got)
	}
	byReply, err := c.Get(ctx, &conntrack.Entry{Reply: q.Reply})
	if err != nil || *byReply.ID != *got.ID {
		t.Errorf("Get by reply tuple: %+v, %v; want id %d", byReply, err, *got.ID)
	}
	if err := c.Update(ctx, &conntrack.Entry{Orig: q.Orig, Mark: new(uint32(42))}); err != nil {
		t.Fatal(err)
	}
	if got, err = c.Get(ctx, &conntrack.Entry{Orig: q.Orig}); err != nil || *got.Mark != 42 {
		t.Errorf("after Update: %+v, %v", got, err)
	}
	if err := c.Delete(ctx, &conntrack.Entry{Orig: q.Orig}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, &conntrack.Entry{Orig: q.Orig}); !errors.Is(err, unix.ENOENT) {
		t.Errorf("Get after Delete: %v, want ENOENT", err)
	}
	if err := c.Update(ctx, &conntrack.Entry{Orig: q.Orig, Mark: new(uint32(1))}); !errors.Is(err, unix.ENOENT) {
		t.Errorf("Update of a deleted entry: %v, want ENOENT", err)
	}

	if err := c.Flush(ctx, &conntrack.Filter{Mark: new(uint32(1))}); err != nil {
		t.Fatal(err)
	}
	left, err := c.List(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := sports(left); !slices.Equal(got, []uint16{1000, 2000}) {
		t.Errorf("after flushing mark 1: %v", got)
	}
	if err := c.Delete(ctx, &conntrack.Entry{ID: got.ID}); err == nil {
		t.Error("Delete without a tuple: no error")
	}
	six := conntrack.PortTuple(conntrack.ProtoUDP, netip.MustParseAddrPort("[2001:db8::1]:1"), netip.MustParseAddrPort("[2001:db8::2]:2"))
	sixReply := conntrack.PortTuple(conntrack.ProtoUDP, netip.MustParseAddrPort("[2001:db8::2]:2"), netip.MustParseAddrPort("[2001:db8::1]:1"))
	if err := c.Create(ctx, &conntrack.Entry{Orig: &six, Reply: &sixReply, Timeout: new(uint32(60))}); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(ctx, &conntrack.Filter{Family: unix.AF_INET6}); err != nil {
		t.Fatal(err)
	}
	if left, err := c.List(ctx, nil); err != nil || !slices.Equal(sports(left), []uint16{1000, 2000}) || len(left) != 2 {
		t.Errorf("after flushing IPv6: %v, %v", sports(left), err)
	}
	st, err := c.Stats(ctx)
	if err != nil || st.Entries == nil || *st.Entries != 2 {
		t.Errorf("Stats: %+v, %v", st, err)
	}
	if err := c.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if left, err := c.List(ctx, nil); err != nil || len(left) != 0 {
		t.Errorf("after Flush: %d entries, %v", len(left), err)
	}
}

// TestKernelEvents watches an entry being created, updated and destroyed,
// and checks that an entry created while no one listened reports no
// events, as Monitor's doc says.
func TestKernelEvents(t *testing.T) {
	_, c := dialNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	early := tcpEntry(2999, 3)
	if err := c.Create(ctx, early); err != nil {
		t.Fatal(err)
	}
	m, err := c.Monitor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	// Were this reported, its event would come first.
	if err := c.Update(ctx, &conntrack.Entry{Orig: early.Orig, Mark: new(uint32(4))}); err != nil {
		t.Fatal(err)
	}
	e := tcpEntry(3000, 3)
	if err := c.Create(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := c.Update(ctx, &conntrack.Entry{Orig: e.Orig, Mark: new(uint32(4))}); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, &conntrack.Entry{Orig: e.Orig}); err != nil {
		t.Fatal(err)
	}
	port, err := c.PortID()
	if err != nil || port == 0 {
		t.Fatalf("PortID: %d, %v", port, err)
	}
	want := []conntrack.EventType{conntrack.EventNew, conntrack.EventUpdate, conntrack.EventDestroy}
	var got []conntrack.EventType
	for ev, err := range m.Events() {
		if err != nil {
			t.Fatal(err)
		}
		if *ev.Entry.Orig.Proto.SrcPort != 3000 || ev.Header.PID != port {
			t.Errorf("%v event: %+v from port %d, want %d", ev.Type, ev.Entry, ev.Header.PID, port)
		}
		got = append(got, ev.Type)
		if ev.Type == conntrack.EventUpdate && *ev.Entry.Mark != 4 {
			t.Errorf("update event: mark %d", *ev.Entry.Mark)
		}
		if len(got) == len(want) {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
}

// TestKernelClose checks what Close promises: the Client's methods fail
// with net.ErrClosed, and a Monitor opened before goes on until its own
// Close.
func TestKernelClose(t *testing.T) {
	ns, c := dialNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := c.Monitor(ctx, conntrack.EventNew)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.List(ctx, nil); !errors.Is(err, net.ErrClosed) {
		t.Errorf("List after Close: %v", err)
	}
	if _, err := c.Monitor(ctx); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Monitor after Close: %v", err)
	}
	other, err := conntrack.Dial(ctx, &conntrack.Options{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Create(ctx, tcpEntry(5000, 0)); err != nil {
		t.Fatal(err)
	}
	for ev, err := range m.Events() {
		if err != nil || ev.Type != conntrack.EventNew || *ev.Entry.Orig.Proto.SrcPort != 5000 {
			t.Errorf("event %v %+v, %v", ev.Type, ev.Entry, err)
		}
		break
	}
	if err := m.Close(); err != nil {
		t.Error(err)
	}
	if err := m.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
}

// TestKernelOverrun fills a small monitor buffer with events unread and
// checks that Events reports the loss (ENOBUFS) after the events queued
// before it, and goes on.
func TestKernelOverrun(t *testing.T) {
	ns := nltest.NewNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := conntrack.Dial(ctx, &conntrack.Options{NetNS: conn.NetNSPath(ns.Path), MonitorBufferSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m, err := c.Monitor(ctx, conntrack.EventNew)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	const n = 300
	for i := range uint16(n) {
		if err := c.Create(ctx, tcpEntry(6000+i, 0)); err != nil {
			t.Fatal(err)
		}
	}
	// The queue fills long before the last entry is made: the events read
	// first are those queued, then the loss, then events go on, as one
	// made after the loss shows.
	overrun := false
	for ev, err := range m.Events() {
		switch {
		case errors.Is(err, unix.ENOBUFS):
			if overrun {
				t.Fatal("a second overrun")
			}
			overrun = true
			if err := c.Create(ctx, tcpEntry(7000, 0)); err != nil {
				t.Fatal(err)
			}
		case err != nil:
			t.Fatal(err)
		case *ev.Entry.Orig.Proto.SrcPort == 7000:
			return
		case overrun:
			t.Errorf("event of entry %d after the overrun", *ev.Entry.Orig.Proto.SrcPort)
		}
	}
	t.Errorf("the iteration ended; overrun seen: %v", overrun)
}

// TestKernelNetNSHeld deletes the name of the Client's namespace, then
// opens a Monitor: the Client holds the namespace open, so the Monitor's
// socket lands in it and sees the Client's changes.
func TestKernelNetNSHeld(t *testing.T) {
	nltest.RequireRoot(t)
	// Not nltest.NewNS, whose cleanup fails on a namespace already gone.
	name := fmt.Sprintf("nltest-ctdel-%d-%08x", os.Getpid(), rand.Uint32())
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		t.Fatalf("ip netns add: %v: %s", err, out)
	}
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			exec.Command("ip", "netns", "del", name).Run()
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := conntrack.Dial(ctx, &conntrack.Options{NetNS: conn.NetNSName(name)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if out, err := exec.Command("ip", "netns", "del", name).CombinedOutput(); err != nil {
		t.Fatalf("ip netns del: %v: %s", err, out)
	}
	deleted = true
	m, err := c.Monitor(ctx, conntrack.EventNew)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := c.Create(ctx, tcpEntry(8000, 0)); err != nil {
		t.Fatal(err)
	}
	for ev, err := range m.Events() {
		if err != nil || *ev.Entry.Orig.Proto.SrcPort != 8000 {
			t.Errorf("event %+v, %v", ev.Entry, err)
		}
		return
	}
	t.Error("no event")
}
