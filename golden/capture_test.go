package golden_test

import (
	"bytes"
	"testing"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
)

// TestExchange records a dump from a scripted socket: the request as sent,
// then both replies and the NLMSG_DONE, and not the event that arrived in
// between.
func TestExchange(t *testing.T) {
	var want []byte
	f := conntest.New(func(req netlink.RawMessage) []conntest.Datagram {
		a := conntest.Reply(req.Header, 30, netlink.Multi, []byte("aaaa"))
		b := conntest.Reply(req.Header, 30, netlink.Multi, []byte("bbbb"))
		event := conntest.Message(netlink.Message{Header: netlink.Header{Type: 31}, Body: []byte("cccc")})
		done := conntest.Done(req.Header, 0, 0, "")
		want = append(append(append(golden.Wire(nil, req), a...), b...), done...)
		return []conntest.Datagram{conntest.Pack(a), conntest.Pack(event), conntest.Pack(b, done)}
	})
	c, err := conn.NewConn(f)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := golden.Exchange(t, c, netlink.Message{Header: netlink.Header{Type: 30, Flags: netlink.Request | netlink.Dump}, Body: []byte("req!")})
	if !bytes.Equal(got, want) {
		t.Errorf("Exchange recorded\n%x\nwant\n%x", got, want)
	}
}
