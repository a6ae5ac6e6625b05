package golden_test

import (
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// TestDecodeExchangeCase: a case golden.Exchange records holds the request,
// the replies, and the kernel's NLMSG_DONE or ACK. Decode checks the
// request and replies against want; the control messages are not the
// application's type, and are only checked to re-encode to their bytes.
func TestDecodeExchangeCase(t *testing.T) {
	msg := func(h netlink.Header, body any) netlink.RawMessage {
		b, err := nltag.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		return netlink.RawMessage{Header: h, Data: b}
	}
	req := Metrics{Cmd: 1, Version: 1}
	reply := Metrics{Cmd: 1, Version: 1, Addr: netip.MustParseAddr("192.0.2.1"), Age: 5000}
	h := netlink.Header{Type: 30, Flags: netlink.Request | netlink.Dump, Seq: 7, PID: 4242}
	b := golden.Wire(nil,
		msg(h, &req),
		msg(netlink.Header{Type: 30, Flags: netlink.Multi, Seq: 7, PID: 4242}, &reply),
		netlink.RawMessage{Header: netlink.Header{Type: netlink.Done, Flags: netlink.Multi, Seq: 7, PID: 4242}, Data: []byte{0, 0, 0, 0}},
	)
	path := filepath.Join(t.TempDir(), "exchange.hex")
	if err := golden.WriteHex(path, "a dump and its answer", b); err != nil {
		t.Fatal(err)
	}
	golden.Decode(t, path, []Metrics{req, reply})
}
