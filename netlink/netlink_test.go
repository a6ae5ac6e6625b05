package netlink_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"golang.org/x/sys/unix"
)

func TestErrorRoundTrip(t *testing.T) {
	h := netlink.Header{Type: netlink.Error, Flags: netlink.Capped | netlink.AckTLVs, Seq: 7}
	body := &netlink.ErrorMessage{
		Errno:      -int32(unix.EEXIST),
		RequestLen: 32,
		Request:    netlink.Header{Type: 16, Flags: netlink.Request | netlink.Acknowledge, Seq: 7, PID: 99},
		Ext:        netlink.ExtAck{Msg: "Link already exists", Offset: 24},
	}
	b, err := netlink.AppendMessage(nil, netlink.Message{Header: h, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := netlink.NewTable("test").DecodeAll(b)
	if err != nil || len(ms) != 1 {
		t.Fatalf("DecodeAll: %v %v", ms, err)
	}
	got := ms[0].Body.(*netlink.ErrorMessage)
	if d := cmp.Diff(body.Ext.Msg, got.Ext.Msg); d != "" || got.Request != body.Request {
		t.Fatalf("decoded %+v", got)
	}
	err = got.Err()
	if !errors.Is(err, unix.EEXIST) || !strings.Contains(err.Error(), "Link already exists") {
		t.Fatalf("Err() = %v", err)
	}
	var op *netlink.OpError
	if !errors.As(err, &op) || op.Offset != 24 {
		t.Fatalf("OpError %+v", op)
	}
}

func TestMessagesRejectsBadLengths(t *testing.T) {
	good, _ := netlink.AppendMessage(nil, netlink.Message{Header: netlink.Header{Type: netlink.Noop}})
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"short", good[:10]},
		{"len below header", append(append([]byte{}, good...), 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)},
		{"len past end", append([]byte{200, 0, 0, 0}, good[4:]...)},
	} {
		_, err := netlink.ParseMessages(tc.b)
		var fe *netlink.FramingError
		if !errors.As(err, &fe) || !errors.Is(err, netlink.ErrMalformed) {
			t.Errorf("%s: err = %v", tc.name, err)
		}
	}
}

func TestFlagsAndEnums(t *testing.T) {
	if s := (netlink.Request | netlink.Dump).String(); s != "REQUEST|DUMP" {
		t.Errorf("got %q", s)
	}
	if s := (netlink.Multi | 0x4000).String(); s != "MULTI|0x4000" {
		t.Errorf("got %q", s)
	}
	type color uint8
	e := netlink.NewEnum(map[color]string{1: "RED", 2: "GREEN"})
	if e.Format(2) != "GREEN" || e.Format(9) != "9" {
		t.Error(e.Format(2), e.Format(9))
	}
	if v, err := e.Parse("RED"); err != nil || v != 1 {
		t.Error(v, err)
	}
	f := netlink.NewFlags(map[uint32]string{1: "UP", 2: "BROADCAST", 0x10000: "LOWER_UP"})
	if s := f.Format(0x10003); s != "UP|BROADCAST|LOWER_UP" {
		t.Error(s)
	}
	if v, err := f.Parse("UP|LOWER_UP|0x8"); err != nil || v != 0x10009 {
		t.Error(v, err)
	}
	_ = nltag.Raw(nil)
}

// TestFramingErrorNamesLength checks that every framing error names the
// type and length the message's header gives, as far as they could be
// read: an NLMSG_ERROR too short for its body and a header cut short
// included (they said length 0, the header type 0 too).
func TestFramingErrorNamesLength(t *testing.T) {
	hdr := func(l uint32, typ netlink.MsgType) []byte {
		return netlink.AppendHeader(nil, l, netlink.Header{Type: typ})
	}
	for _, tc := range []struct {
		name string
		in   []byte
		typ  netlink.MsgType
		len  uint32
		want string
	}{
		{"header of 10 bytes", hdr(40, netlink.Error)[:10], netlink.Error, 40, "at offset 0 (type 2, length 40): 10 bytes left, a header needs 16"},
		{"header of 5 bytes", append(hdr(16, netlink.Noop), hdr(40, netlink.Error)[:5]...), 0, 40, "at offset 16 (type 0, length 40): 5 bytes left"},
		{"header of 3 bytes", hdr(40, netlink.Error)[:3], 0, 0, "at offset 0 (type 0, length 0): 3 bytes left"},
		{"length below the header's", hdr(4, netlink.Error), netlink.Error, 4, "(type 2, length 4): length 4 with 16 bytes left"},
		{"length past the end", hdr(40, netlink.Error), netlink.Error, 40, "(type 2, length 40): length 40 with 16 bytes left"},
		{"error of 4 bytes", append(hdr(20, netlink.Error), 0, 0, 0, 0), netlink.Error, 20, "(type 2, length 20): error message of 4 bytes, want at least 20"},
		{"echoed request past the end", append(append(hdr(36, netlink.Error), 0, 0, 0, 0), hdr(40, 16)...), netlink.Error, 36, "(type 2, length 36): echoed request of length 40 in 16 bytes"},
	} {
		_, err := netlink.NewTable("test").DecodeAll(tc.in)
		var fe *netlink.FramingError
		if !errors.As(err, &fe) || fe.Header.Type != tc.typ || fe.Length != tc.len || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v (%+v), want type %d, length %d and %q", tc.name, err, fe, tc.typ, tc.len, tc.want)
		}
	}
}

// TestErrorBytesRoundTrip decodes NLMSG_ERRORs, payload echoed or capped,
// with and without an extended ACK, and encodes them again: the bytes must
// not change, a capped request's length beyond the bytes present included.
func TestErrorBytesRoundTrip(t *testing.T) {
	req := netlink.Header{Type: 20, Flags: netlink.Request | netlink.Acknowledge, Seq: 3}
	ext := netlink.ExtAck{Msg: "bad", Offset: 20}
	for _, tc := range []struct {
		flags netlink.Flags
		e     netlink.ErrorMessage
	}{
		{0, netlink.ErrorMessage{Errno: -22, RequestLen: 21, Request: req, Payload: []byte("abcde")}},
		{netlink.AckTLVs, netlink.ErrorMessage{Errno: -22, RequestLen: 21, Request: req, Payload: []byte("abcde"), Ext: ext}},
		{netlink.Capped, netlink.ErrorMessage{Errno: -22, RequestLen: 300, Request: req}},
		{netlink.Capped | netlink.AckTLVs, netlink.ErrorMessage{Errno: -22, RequestLen: 300, Request: req, Ext: ext}},
		{netlink.Capped, netlink.ErrorMessage{RequestLen: 16, Request: req}},
	} {
		in, err := netlink.AppendMessage(nil, netlink.Message{Header: netlink.Header{Type: netlink.Error, Flags: tc.flags, Seq: 3}, Body: &tc.e})
		if err != nil {
			t.Fatal(err)
		}
		ms, err := netlink.NewTable("test").DecodeAll(in)
		if err != nil || len(ms) != 1 {
			t.Fatalf("flags %v: %v", tc.flags, err)
		}
		if got := ms[0].Body.(*netlink.ErrorMessage); got.RequestLen != tc.e.RequestLen || got.Request != req {
			t.Errorf("flags %v: decoded %+v", tc.flags, got)
		}
		if out, err := netlink.AppendMessage(nil, ms[0]); err != nil || string(out) != string(in) {
			t.Errorf("flags %v: %x, %v; want %x", tc.flags, out, err, in)
		}
	}
}
