package sockdiag_test

// Tests of the Client over conn/conntest's fake socket: no root, no
// kernel; the script plays the kernel's side.

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/sockdiag"
)

// fakeClient returns a Client whose sockets, its own and its iterators',
// are fakes answering with handler.
func fakeClient(t *testing.T, handler conntest.Handler) (*sockdiag.Client, *conntest.Fake) {
	t.Helper()
	f := conntest.New(handler)
	nc, err := conn.NewConn(f)
	if err != nil {
		t.Fatal(err)
	}
	c := sockdiag.NewClient(nc, &sockdiag.Options{Dial: func() (*conn.Conn, error) { return conn.NewConn(conntest.New(handler)) }})
	t.Cleanup(func() { c.Close() })
	return c, f
}

// answer replies to a dump request with one socket of the request's
// family, its local port the request's protocol number, then NLMSG_DONE.
func answer(req netlink.RawMessage) []conntest.Datagram {
	var r sockdiag.InetRequest
	if err := nltag.Unmarshal(req.Data, &r); err != nil {
		panic(err)
	}
	s := &sockdiag.InetSocket{Family: r.Family, State: sockdiag.StateListen}
	s.ID.SrcPort = uint16(r.Protocol)
	s.Cong = "cubic"
	return []conntest.Datagram{conntest.Pack(
		conntest.Reply(req.Header, sockdiag.TypeByFamily, netlink.Multi, s),
		conntest.Done(req.Header, 0, 0, ""))}
}

// TestFakeRequests checks the requests a filter makes, one per family,
// and that the replies come back decoded, from the list and the iterator.
func TestFakeRequests(t *testing.T) {
	c, f := fakeClient(t, answer)
	cond := sockdiag.Or(sockdiag.SrcPort(sockdiag.OpEq, 53), sockdiag.DstPrefix(netip.MustParsePrefix("10.0.0.0/8")))
	filter := &sockdiag.InetFilter{Protocol: sockdiag.ProtocolUDP, States: sockdiag.StatesOf(sockdiag.StateClose), Ext: sockdiag.ExtSkMemInfo, Filter: cond}
	ss, err := c.InetList(context.Background(), filter)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 || ss[0].Family != sockdiag.FamilyIPv4 || ss[1].Family != sockdiag.FamilyIPv6 ||
		ss[0].ID.SrcPort != unix.IPPROTO_UDP || ss[1].Cong != "cubic" {
		t.Fatalf("sockets %+v", ss)
	}
	bc, err := sockdiag.Compile(cond)
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want one per family", len(reqs))
	}
	for i, fam := range []sockdiag.Family{sockdiag.FamilyIPv4, sockdiag.FamilyIPv6} {
		m, err := sockdiag.Decode(reqs[i])
		if err != nil {
			t.Fatal(err)
		}
		r, ok := m.Body.(*sockdiag.InetRequest)
		if !ok || m.Header.Type != sockdiag.TypeByFamily || m.Header.Flags != netlink.Request|netlink.Dump ||
			r.Family != fam || r.Protocol != sockdiag.ProtocolUDP || r.States != filter.States || r.Ext != filter.Ext || !slices.Equal(r.Bytecode, bc) {
			t.Errorf("request %d: %+v\n%s", i, m.Header, nltag.Format(m.Body))
		}
	}
	n := 0
	for s, err := range c.InetSockets(context.Background(), filter) {
		if err != nil {
			t.Fatal(err)
		}
		if s.ID.SrcPort != unix.IPPROTO_UDP {
			t.Errorf("iterator: %+v", s)
		}
		n++
	}
	if n != 2 {
		t.Errorf("iterator: %d sockets, want 2", n)
	}
}

// TestFakeMalformed checks that a reply the codec refuses ends the list
// with an error naming the message type and, through *nltag.Error, the
// attribute and its offset.
func TestFakeMalformed(t *testing.T) {
	c, _ := fakeClient(t, func(req netlink.RawMessage) []conntest.Datagram {
		body := make([]byte, 72) // struct inet_diag_msg
		body[0] = unix.AF_INET
		body = append(body, 0xff, 0x00, 4, 0) // INET_DIAG_CONG claiming 255 bytes
		return []conntest.Datagram{conntest.Pack(
			conntest.Reply(req.Header, sockdiag.TypeByFamily, netlink.Multi, nltag.Raw(body)),
			conntest.Done(req.Header, 0, 0, ""))}
	})
	_, err := c.InetList(context.Background(), &sockdiag.InetFilter{Family: sockdiag.FamilyIPv4})
	var ne *nltag.Error
	if !errors.As(err, &ne) || !errors.Is(err, nltag.ErrLength) || ne.Offset != 72 || ne.Attr != 4 ||
		!strings.Contains(err.Error(), "SOCK_DIAG_BY_FAMILY") || !strings.HasPrefix(err.Error(), "sockdiag: inet list: ") {
		t.Errorf("error %v (%#v)", err, ne)
	}
}

// TestFakeErrno checks that the errno of a dump's NLMSG_DONE, and its
// extended ACK, reach the caller.
func TestFakeErrno(t *testing.T) {
	c, _ := fakeClient(t, func(req netlink.RawMessage) []conntest.Datagram {
		return []conntest.Datagram{conntest.Pack(conntest.Done(req.Header, 0, unix.ENOENT, "no handler"))}
	})
	_, err := c.UnixList(context.Background(), nil)
	if !errors.Is(err, unix.ENOENT) || !strings.Contains(err.Error(), "no handler") {
		t.Errorf("error %v, want ENOENT with the kernel's message", err)
	}
	for _, err := range c.InetSockets(context.Background(), nil) {
		if !errors.Is(err, unix.ENOENT) {
			t.Errorf("iterator: error %v, want ENOENT", err)
		}
	}
}
