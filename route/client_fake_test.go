package route_test

// Tests of the Client over conntest's fake socket: no root, no kernel, and
// every byte the Client sends in view.

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// fakeClient returns a Client over a fake socket that answers with h, and
// the fake. Further sockets (streams, monitors) are fakes that answer
// nothing.
func fakeClient(t *testing.T, h conntest.Handler) (*route.Client, *conntest.Fake) {
	t.Helper()
	f := conntest.New(h)
	nc, err := conn.NewConn(f)
	if err != nil {
		t.Fatal(err)
	}
	c := route.NewClient(nc, &route.Options{Dial: func(uint32) (*conn.Conn, error) { return conn.NewConn(conntest.New(nil)) }})
	t.Cleanup(func() { c.Close() })
	return c, f
}

// unhex reads hex with spaces, newlines and // comments.
func unhex(t *testing.T, s string) []byte {
	t.Helper()
	var sb strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		line, _, _ = strings.Cut(line, "//")
		sb.WriteString(strings.Join(strings.Fields(line), ""))
	}
	b, err := hex.DecodeString(sb.String())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestClientLinkAddBytes checks, byte for byte, the request LinkAdd sends
// for a bridge, with settings whose zero must go out (STP off, txqlen 0)
// and a master named by index, which costs no lookup: one request in all.
func TestClientLinkAddBytes(t *testing.T) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("the expected bytes are little-endian")
	}
	c, f := fakeClient(t, conntest.AckAll)
	err := c.LinkAdd(context.Background(), "br0", &route.Bridge{STP: new(false)}, &route.LinkOptions{
		Up: new(true), MTU: 1400, TxQueueLen: new(uint32(0)), Master: route.ByIndex(7),
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	h := reqs[0].Header
	if h.Type != unix.RTM_NEWLINK || h.Flags != netlink.Request|netlink.Acknowledge|netlink.Create|netlink.Excl {
		t.Errorf("header %+v", h)
	}
	want := unhex(t, `
		00 00 0000 00000000  // ifinfomsg: AF_UNSPEC, type 0, index 0 (a new link)
		01000000 01000000    // flags IFF_UP, change IFF_UP
		0800 0300 62723000   // IFLA_IFNAME "br0"
		0800 0400 78050000   // IFLA_MTU 1400
		0800 0a00 07000000   // IFLA_MASTER 7
		0800 0d00 00000000   // IFLA_TXQLEN 0
		1c00 1200            // IFLA_LINKINFO
		  0b00 0100 62726964676500 00 // IFLA_INFO_KIND "bridge"
		  0c00 0200          // IFLA_INFO_DATA
		    0800 0500 00000000 // IFLA_BR_STP_STATE 0
	`)
	if got := reqs[0].Data; string(got) != string(want) {
		t.Errorf("LinkAdd sent\n%x\nwant\n%x", got, want)
	}
}

// TestClientIndexNoLookup: a link named by index goes into the request as
// it is, with no lookup; by name, the Client asks for the index first.
func TestClientIndexNoLookup(t *testing.T) {
	c, f := fakeClient(t, conntest.AckAll)
	ctx := context.Background()
	if err := c.AddrAdd(ctx, route.ByIndex(3), netip.MustParsePrefix("192.0.2.1/24"), nil); err != nil {
		t.Fatal(err)
	}
	if err := c.RouteAdd(ctx, netip.MustParsePrefix("198.51.100.0/24"), &route.RouteOptions{Dev: route.ByIndex(3)}); err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	if len(reqs) != 2 || reqs[0].Header.Type != unix.RTM_NEWADDR || reqs[1].Header.Type != unix.RTM_NEWROUTE {
		t.Fatalf("requests by index: %v, want one RTM_NEWADDR and one RTM_NEWROUTE", reqs)
	}
	var a route.Address
	if err := nltag.Unmarshal(reqs[0].Data, &a); err != nil || a.Index != 3 {
		t.Errorf("address request for index %d, %v; want 3", a.Index, err)
	}
	// By name: an RTM_GETLINK first, whose answer the fake plays.
	f.SetHandler(func(req netlink.RawMessage) []conntest.Datagram {
		if req.Header.Type == unix.RTM_GETLINK {
			return []conntest.Datagram{conntest.Pack(conntest.Reply(req.Header, unix.RTM_NEWLINK, 0, &route.Link{Index: 5, Name: "eth0"}))}
		}
		return conntest.AckAll(req)
	})
	if err := c.RouteAdd(ctx, netip.MustParsePrefix("198.51.100.0/24"), &route.RouteOptions{Dev: route.ByName("eth0")}); err != nil {
		t.Fatal(err)
	}
	reqs = f.Requests()[2:]
	var r route.Route
	if len(reqs) != 2 || reqs[0].Header.Type != unix.RTM_GETLINK || nltag.Unmarshal(reqs[1].Data, &r) != nil || r.OIF != 5 {
		t.Errorf("by name: %d requests, route through %d; want a lookup, then index 5", len(reqs), r.OIF)
	}
}
