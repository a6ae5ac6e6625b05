package conn

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
)

// TestReceiveMemory hands Receive datagrams that claim much: memory follows
// the datagram, whatever its length fields say.
func TestReceiveMemory(t *testing.T) {
	c, fk := newFakeConn(t, nil)
	huge := netlink.AppendHeader(nil, 0xffffffff, netlink.Header{Type: typeData})
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

// streamer is a transport that plays one endless-looking dump, of n
// datagrams of 16 replies each, built on demand in a buffer of its own: it
// holds no memory that grows with n, so that Stream's can be measured.
type streamer struct {
	*fake // for what the test does not use; Recvmsg and Sendmsg are ours
	n     int
	seq   uint32
	next  int
	d     []byte
}

func (s *streamer) Sendmsg(p []byte, _ Addr) error {
	h, _, err := netlink.ParseHeader(p)
	s.seq, s.next = h.Seq, 0
	return err
}

func (s *streamer) Recvmsg(p, _ []byte, flags int) (int, int, int, Addr, error) {
	if s.next > s.n {
		return 0, 0, 0, Addr{}, os.ErrDeadlineExceeded
	}
	s.d = s.d[:0]
	if s.next == s.n {
		s.d = append(s.d, done(netlink.Header{Seq: s.seq}, 0, 0, "")...)
	} else {
		for range 16 {
			s.d = netlink.AppendHeader(s.d, netlink.HeaderLen+64, netlink.Header{Type: typeData, Flags: netlink.Multi, Seq: s.seq, PID: fakePID})
			s.d = append(s.d, make([]byte, 64)...)
		}
	}
	if flags&unix.MSG_PEEK == 0 {
		s.next++
	}
	n := copy(p, s.d)
	if flags&unix.MSG_TRUNC != 0 {
		n = len(s.d)
	}
	return n, 0, 0, Addr{}, nil
}

// TestStreamConstantMemory checks "a dump of any size is processed in
// constant memory": a dump ten times longer allocates about the same.
func TestStreamConstantMemory(t *testing.T) {
	s := &streamer{fake: newFake(nil), d: make([]byte, 0, 4096)}
	c, err := NewConn(s)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	stream := func(n int) func() {
		return func() {
			s.n = n
			k := 0
			for _, err := range c.Stream(context.Background(), dumpReq) {
				if err != nil {
					t.Fatal(err)
				}
				k++
			}
			if k != 16*n {
				t.Fatalf("%d replies, want %d", k, 16*n)
			}
		}
	}
	stream(100)() // pools and buffers warmed
	least := func(n int) uint64 {
		m := ^uint64(0)
		for range 3 {
			m = min(m, membound.Bytes(stream(n)))
		}
		return m
	}
	small, large := least(100), least(3000)
	t.Logf("100 datagrams: %d bytes; 3000: %d bytes", small, large)
	// A copy of each datagram would be 3.8 MB more. Allow a few bytes a
	// datagram for the race detector, and a refill of the read-ahead's
	// buffers, which a garbage collection may take from their pool.
	if large > small+64*2900+aheadBuffers*minReadBuffer {
		t.Errorf("a dump of 3000 datagrams allocated %d bytes, of 100 %d: memory grows with the dump", large, small)
	}
}
