package netlink_test

import (
	"fmt"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
)

// FuzzErrorMessage feeds arbitrary bodies, under arbitrary header flags, to
// the NLMSG_ERROR and NLMSG_DONE decoders, extended ACK included. They must
// not panic nor allocate beyond the membound limit, and what decodes must
// encode to a body that decodes to the same error.
func FuzzErrorMessage(f *testing.F) {
	for _, m := range golden.SeedMessages(f, "../testdata/netlink/*.hex") {
		f.Add(uint16(m.Header.Flags), m.Data)
	}
	f.Add(uint16(netlink.AckTLVs), []byte{})
	f.Fuzz(func(t *testing.T, flags uint16, body []byte) {
		h := netlink.Header{Type: netlink.Error, Flags: netlink.Flags(flags)}
		var e netlink.ErrorMessage
		var eerr error
		if len(body) > 0 { // an empty body measures the Slack only
			membound.Check(t, "ErrorMessage", len(body), func() { eerr = e.UnmarshalMessage(h, body) })
		} else {
			eerr = e.UnmarshalMessage(h, body)
		}
		if eerr == nil {
			out, err := e.MarshalMessage(h, nil)
			if err != nil {
				t.Fatalf("decoded error does not encode: %v", err)
			}
			var again netlink.ErrorMessage
			if err := again.UnmarshalMessage(h, out); err != nil {
				t.Fatalf("own encoding %x does not decode: %v", out, err)
			}
			if e.Errno != again.Errno || e.Request != again.Request || e.RequestLen != again.RequestLen || string(e.Payload) != string(again.Payload) ||
				extText(&e.Ext) != extText(&again.Ext) || errText(e.Err()) != errText(again.Err()) {
				t.Fatalf("error changed through re-encoding:\n%+v\n%+v", e, again)
			}
		}

		h.Type = netlink.Done
		var d netlink.DoneMessage
		if err := d.UnmarshalMessage(h, body); err != nil {
			return
		}
		out, err := d.MarshalMessage(h, nil)
		if err != nil {
			t.Fatalf("decoded DONE does not encode: %v", err)
		}
		var again netlink.DoneMessage
		if err := again.UnmarshalMessage(h, out); err != nil {
			t.Fatalf("own encoding %x does not decode: %v", out, err)
		}
		if d.Errno != again.Errno || extText(&d.Ext) != extText(&again.Ext) || errText(d.Err()) != errText(again.Err()) {
			t.Fatalf("DONE changed through re-encoding:\n%+v\n%+v", d, again)
		}
	})
}

// extText prints what an extended ACK says, leaving out the arrival order:
// a zero ExtAck encodes its attributes without omitempty, so an absent one
// comes back present and zero, which says the same.
func extText(x *netlink.ExtAck) string {
	return fmt.Sprintf("%q %d %x %x %d %d %v", x.Msg, x.Offset, x.Cookie, x.Policy, x.MissType, x.MissNest, x.Wire.Unknown)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
