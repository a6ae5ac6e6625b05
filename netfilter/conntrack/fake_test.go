package conntrack_test

// Tests of the Client over conn/conntest's fake socket: no root, no
// kernel; the script plays the kernel's side, as the captures show it.

import (
	"context"
	"net/netip"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/netfilter"
	"github.com/nltag/go-netlink/netfilter/conntrack"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// kernel answers as ctnetlink does: a GET with one entry flagged
// NLM_F_MULTI and no NLMSG_DONE, then the ACK; a dump with two entries and
// DONE; anything else with an ACK.
func kernel(req netlink.RawMessage) []conntest.Datagram {
	orig := conntrack.PortTuple(conntrack.ProtoTCP, netip.MustParseAddrPort("192.0.2.1:1000"), netip.MustParseAddrPort("192.0.2.2:80"))
	e := &conntrack.Entry{Header: netfilter.Header{Family: unix.AF_INET}, Orig: &orig, Mark: new(uint32(5))}
	switch {
	case req.Header.Type == conntrack.MsgType(conntrack.MsgGet) && req.Header.Flags&netlink.Dump != 0:
		return []conntest.Datagram{conntest.Pack(
			conntest.Reply(req.Header, conntrack.MsgType(conntrack.MsgNew), netlink.Multi, e),
			conntest.Reply(req.Header, conntrack.MsgType(conntrack.MsgNew), netlink.Multi, e),
			conntest.Done(req.Header, 0, 0, ""))}
	case req.Header.Type == conntrack.MsgType(conntrack.MsgGet):
		return []conntest.Datagram{
			conntest.Pack(conntest.Reply(req.Header, conntrack.MsgType(conntrack.MsgNew), netlink.Multi, e)),
			conntest.Pack(conntest.Ack(req, 0, ""))}
	}
	return conntest.AckAll(req)
}

func fakeClient(t *testing.T) (*conntrack.Client, *conntest.Fake) {
	t.Helper()
	f := conntest.New(kernel)
	nc, err := conn.NewConn(f)
	if err != nil {
		t.Fatal(err)
	}
	c := conntrack.NewClient(nc, nil)
	t.Cleanup(func() { c.Close() })
	return c, f
}

// TestFakeRequests checks the requests of List, Get, Flush and Delete and
// the decoding of what answers them.
func TestFakeRequests(t *testing.T) {
	c, f := fakeClient(t)
	ctx := context.Background()
	es, err := c.List(ctx, &conntrack.Filter{Family: unix.AF_INET6, Mark: new(uint32(5)), MarkMask: 0xff, Zone: new(uint16(3))})
	if err != nil || len(es) != 2 || *es[1].Mark != 5 {
		t.Fatalf("List: %v, %v", es, err)
	}
	orig := conntrack.PortTuple(conntrack.ProtoTCP, netip.MustParseAddrPort("[2001:db8::1]:1"), netip.MustParseAddrPort("[2001:db8::2]:2"))
	e, err := c.Get(ctx, &conntrack.Entry{Orig: &orig})
	if err != nil || *e.Orig.Proto.SrcPort != 1000 {
		t.Fatalf("Get: %+v, %v", e, err)
	}
	if err := c.Flush(ctx, &conntrack.Filter{Family: unix.AF_INET6}); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, &conntrack.Entry{ID: new(uint32(1))}); err == nil {
		t.Error("Delete without a tuple: no error")
	}

	reqs := f.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 (none for the refused Delete)", len(reqs))
	}
	want := []struct {
		typ   uint8
		flags netlink.Flags
		check func(*conntrack.Entry) bool
	}{
		{conntrack.MsgGet, netlink.Request | netlink.Dump, func(e *conntrack.Entry) bool {
			return e.Family == unix.AF_INET6 && *e.Mark == 5 && *e.MarkMask == 0xff && *e.Zone == 3 && e.Orig == nil
		}},
		{conntrack.MsgGet, netlink.Request | netlink.Acknowledge, func(e *conntrack.Entry) bool {
			// The family comes from the tuple's addresses.
			return e.Family == unix.AF_INET6 && e.Orig.IP.Src() == netip.MustParseAddr("2001:db8::1")
		}},
		{conntrack.MsgDelete, netlink.Request | netlink.Acknowledge, func(e *conntrack.Entry) bool {
			// The kernel heeds a flush's family only with a nonzero version.
			return e.Family == unix.AF_INET6 && e.Version == 1 && e.Orig == nil && e.Reply == nil
		}},
	}
	for i, w := range want {
		var e conntrack.Entry
		if err := nltag.Unmarshal(reqs[i].Data, &e); err != nil {
			t.Fatal(err)
		}
		if reqs[i].Header.Type != conntrack.MsgType(w.typ) || reqs[i].Header.Flags != w.flags || !w.check(&e) {
			t.Errorf("request %d: %s flags %v\n%s", i, conntrack.Messages.TypeName(reqs[i].Header.Type), reqs[i].Header.Flags, nltag.Format(&e))
		}
	}
}
