package conn

import (
	"errors"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
)

// TestReceiveMemory hands Receive datagrams that claim much: memory follows
// the datagram, whatever its length fields say.
func TestReceiveMemory(t *testing.T) {
	c, fk := newFakeConn(t, nil)
	huge := netlink.AppendHeader(nil, netlink.Header{Len: 0xffffffff, Type: typeData})
	var many []byte
	for len(many) < 64<<10+16 {
		many = append(many, msg(netlink.Noop, 0, 1, 0, nil)...)
	}
	for _, tc := range []struct {
		name, want string
		b          []byte
	}{
		{"nlmsg_len of 4 GiB", "length 4294967295 with 16 bytes left", huge},
		{"64 KiB of empty messages", "", many},
	} {
		var msgs []netlink.RawMessage
		var err error
		membound.Check(t, tc.name, len(tc.b), func() {
			fk.Push(fakeDatagram{Data: tc.b})
			msgs, err = c.Receive()
		})
		if tc.want != "" && (!errors.Is(err, netlink.ErrMalformed) || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: err = %v, want one saying %q", tc.name, err, tc.want)
		}
		if tc.want == "" && (err != nil || len(msgs) != len(tc.b)/16) {
			t.Errorf("%s: %d messages, %v", tc.name, len(msgs), err)
		}
	}
}
