package netlink_test

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// TestHostileLengths decodes messages whose length fields claim far more
// than they hold: each must fail with an error that says which length is
// wrong, allocating within the membound limit.
func TestHostileLengths(t *testing.T) {
	hdr := func(l uint32, typ netlink.MsgType, flags netlink.Flags) []byte {
		return netlink.AppendHeader(nil, l, netlink.Header{Type: typ, Flags: flags})
	}
	body := func(errno int32, reqLen uint32, rest ...byte) []byte {
		b := binary.NativeEndian.AppendUint32(nil, uint32(errno))
		return append(netlink.AppendHeader(b, reqLen, netlink.Header{}), rest...)
	}
	for _, tc := range []struct {
		name  string
		flags netlink.Flags
		in    []byte // a datagram, or an NLMSG_ERROR body when flags is set
		want  string
	}{
		{name: "nlmsg_len of 4 GiB", in: hdr(0xffffffff, netlink.Noop, 0), want: "length 4294967295 with 16 bytes left"},
		{name: "second nlmsg_len past the end", in: append(hdr(16, netlink.Noop, 0), hdr(1<<20, netlink.Done, 0)...), want: "length 1048576 with 16 bytes left"},
		{name: "echoed request of 4 GiB", flags: netlink.AckTLVs, in: body(-1, 0xffffffff), want: "echoed request of length 4294967295"},
		{name: "ext-ack attribute of 0xffff bytes", flags: netlink.Capped | netlink.AckTLVs, in: body(-1, 0, 0xff, 0xff, 1, 0, 'x', 0, 0, 0), want: "bad length"},
	} {
		var err error
		membound.Check(t, tc.name, len(tc.in), func() {
			if tc.flags == 0 {
				_, err = netlink.ParseMessages(tc.in)
			} else {
				var e netlink.ErrorMessage
				err = e.UnmarshalMessage(netlink.Header{Type: netlink.Error, Flags: tc.flags}, tc.in)
			}
		})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// TestExtAckOffsetsOutside decodes an extended ACK whose offsets point far
// outside the request: they are numbers to report, never indices.
func TestExtAckOffsetsOutside(t *testing.T) {
	ext := nltag.AppendAttr(nil, unix.NLMSGERR_ATTR_OFFS, binary.NativeEndian.AppendUint32(nil, 0xffffffff))
	ext = nltag.AppendAttr(ext, 6, binary.NativeEndian.AppendUint32(nil, 0xfffffff0)) // NLMSGERR_ATTR_MISS_NEST
	ext = nltag.AppendAttr(ext, 5, binary.NativeEndian.AppendUint32(nil, 0xffff))     // NLMSGERR_ATTR_MISS_TYPE
	errno := -int32(unix.EINVAL)
	in := binary.NativeEndian.AppendUint32(nil, uint32(errno))
	in = append(netlink.AppendHeader(in, 16, netlink.Header{}), ext...)
	var e netlink.ErrorMessage
	if err := e.UnmarshalMessage(netlink.Header{Type: netlink.Error, Flags: netlink.Capped | netlink.AckTLVs}, in); err != nil {
		t.Fatal(err)
	}
	err := e.Err()
	if !errors.Is(err, unix.EINVAL) || !strings.Contains(err.Error(), "offset 4294967295") || e.Ext.MissNest != 0xfffffff0 {
		t.Fatalf("Err() = %v, ext %+v", err, e.Ext)
	}
}

// TestManyMessagesMemory splits and decodes a datagram of the smallest
// messages there are: memory follows their number, which the bytes bound.
func TestManyMessagesMemory(t *testing.T) {
	var in []byte
	for len(in) < 64<<10 {
		in = append(in, hdr16(netlink.Noop)...)
	}
	table := netlink.NewTable("test")
	membound.Check(t, "DecodeAll of 64 KiB of NLMSG_NOOPs", len(in), func() {
		if ms, err := table.DecodeAll(in); err != nil || len(ms) != len(in)/16 {
			t.Errorf("%d messages, %v", len(ms), err)
		}
	})
}

func hdr16(typ netlink.MsgType) []byte {
	return netlink.AppendHeader(nil, 16, netlink.Header{Type: typ})
}
