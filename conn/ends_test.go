package conn

import (
	"encoding/binary"
	"testing"

	"github.com/nltag/go-netlink/netlink"
)

// endsByMessages is what ends decides, by netlink.Messages: the reference
// for its walk of the headers.
func endsByMessages(c *Conn, x *exchange, d datagram) bool {
	if d.multicast() || d.from.PID != 0 {
		return false
	}
	for m, err := range netlink.Messages(d.b) {
		if err != nil {
			return true
		}
		switch m.Header.Type {
		case netlink.Done, netlink.Error, netlink.Overrun:
			if c.isReply(x, m) {
				return true
			}
		}
	}
	return false
}

// TestEndsAgrees checks ends against endsByMessages on datagrams of
// replies, of another request's DONE, of this one's DONE, ERROR and
// OVERRUN, and cut or with a bad length at every byte.
func TestEndsAgrees(t *testing.T) {
	c := &Conn{pid: 42}
	x := &exchange{seq: 7}
	msg := func(typ netlink.MsgType, seq, pid uint32, body int) []byte {
		b, err := netlink.AppendMessage(nil, netlink.Message{Header: netlink.Header{Type: typ, Flags: netlink.Multi, Seq: seq, PID: pid}, Body: make([]byte, body)})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	join := func(ms ...[]byte) []byte {
		var b []byte
		for _, m := range ms {
			b = append(b, m...)
		}
		return b
	}
	reply := msg(24, 7, 42, 61)
	cases := map[string][]byte{
		"replies":       join(reply, reply, reply),
		"other done":    join(reply, msg(netlink.Done, 8, 42, 4)),
		"other port":    join(reply, msg(netlink.Done, 7, 43, 4)),
		"done":          join(reply, msg(netlink.Done, 7, 42, 4)),
		"kernel done":   join(reply, msg(netlink.Done, 7, 0, 4)),
		"error":         join(msg(netlink.Error, 7, 42, 20)),
		"overrun":       join(reply, msg(netlink.Overrun, 7, 42, 0)),
		"empty":         nil,
		"done, then on": join(msg(netlink.Done, 7, 42, 4), reply),
	}
	for name, d := range cases {
		for _, dg := range []datagram{{b: d}, {b: d, from: Addr{PID: 9}}, {b: d, group: 1}} {
			if got, want := c.ends(x, dg), endsByMessages(c, x, dg); got != want {
				t.Errorf("%s from %+v: ends = %v, want %v", name, dg.from, got, want)
			}
		}
	}
	d := join(reply, reply, msg(netlink.Done, 7, 42, 4))
	for n := range len(d) {
		if got, want := c.ends(x, datagram{b: d[:n]}), endsByMessages(c, x, datagram{b: d[:n]}); got != want {
			t.Errorf("cut to %d bytes: ends = %v, want %v", n, got, want)
		}
	}
	for off := 0; off < len(d); off += netlink.Align(int(binary.NativeEndian.Uint32(d[off:]))) {
		for _, l := range []uint32{0, 15, 16, uint32(len(d) - off), uint32(len(d)-off) + 1, 1 << 31} {
			bad := append([]byte(nil), d...)
			binary.NativeEndian.PutUint32(bad[off:], l)
			if got, want := c.ends(x, datagram{b: bad}), endsByMessages(c, x, datagram{b: bad}); got != want {
				t.Errorf("length %d at %d: ends = %v, want %v", l, off, got, want)
			}
		}
	}
}

// BenchmarkEnds compares ends with its reference on a datagram of 200
// replies, as a dump of routes fills 32 KiB.
func BenchmarkEnds(b *testing.B) {
	c := &Conn{}
	x := &exchange{seq: 7}
	var d []byte
	for i := range 200 {
		var err error
		d, err = netlink.AppendMessage(d, netlink.Message{Header: netlink.Header{Type: 24, Flags: netlink.Multi, Seq: 7}, Body: make([]byte, 60+i%3)})
		if err != nil {
			b.Fatal(err)
		}
	}
	for name, ends := range map[string]func(*Conn, *exchange, datagram) bool{"way=ends": (*Conn).ends, "way=messages": endsByMessages} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if ends(c, x, datagram{b: d}) {
					b.Fatal("ends")
				}
			}
		})
	}
}
