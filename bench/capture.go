package bench

import (
	"encoding/binary"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// Dump is one dump reply as the kernel sent it: its datagrams, in order,
// with the NLMSG_DONE that ends it.
type Dump struct {
	// Name says what was dumped: "links", "routes", "addrs".
	Name string
	// Datagrams are the datagrams of the reply, copied.
	Datagrams [][]byte
	// Messages is the number of data messages (NLMSG_DONE excluded).
	Messages int
	// Bytes is the total length of the datagrams.
	Bytes int
	// Took is how long the capture took.
	Took time.Duration
}

// Request bodies of the three dumps. They are what iproute2 sends.
var (
	// LinkDumpBody is an AF_UNSPEC ifinfomsg with IFLA_EXT_MASK =
	// RTEXT_FILTER_VF, as `ip link show` and vishvananda's LinkList send.
	LinkDumpBody = linkDumpBody()
	// RouteDumpBody is an AF_INET rtmsg.
	RouteDumpBody = []byte{unix.AF_INET, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	// AddrDumpBody is an AF_INET6 ifaddrmsg.
	AddrDumpBody = []byte{unix.AF_INET6, 0, 0, 0, 0, 0, 0, 0}
)

func linkDumpBody() []byte {
	b := make([]byte, unix.SizeofIfInfomsg, unix.SizeofIfInfomsg+8)
	b[0] = unix.AF_UNSPEC
	a := make([]byte, 8)
	binary.NativeEndian.PutUint16(a[0:], 8)
	binary.NativeEndian.PutUint16(a[2:], unix.IFLA_EXT_MASK)
	binary.NativeEndian.PutUint32(a[4:], rtextFilterVF)
	return append(b, a...)
}

// CaptureDump runs one dump through s and keeps its datagrams.
func CaptureDump(s *RawSocket, name string, typ uint16, body []byte) (*Dump, error) {
	start := time.Now()
	dgs, n, err := s.Capture(typ, body)
	if err != nil {
		return nil, fmt.Errorf("capturing %s: %w", name, err)
	}
	d := &Dump{Name: name, Datagrams: dgs, Messages: n, Took: time.Since(start)}
	for _, g := range dgs {
		d.Bytes += len(g)
	}
	return d, nil
}

// Head returns a dump named name of d's first datagrams, as many as hold
// at least n data messages: a host-sized dump (a few hundred links and
// addresses, some thousands of routes) cut from the namespace's large one.
func (d *Dump) Head(name string, n int) *Dump {
	h := &Dump{Name: name}
	for _, g := range d.Datagrams {
		if h.Messages >= n {
			break
		}
		h.Datagrams = append(h.Datagrams, g)
		h.Bytes += len(g)
		for b := g; len(b) >= unix.NLMSG_HDRLEN; {
			l := (int(binary.NativeEndian.Uint32(b)) + 3) &^ 3
			if binary.NativeEndian.Uint16(b[4:]) != unix.NLMSG_DONE {
				h.Messages++
			}
			if l < unix.NLMSG_HDRLEN || l > len(b) {
				break
			}
			b = b[l:]
		}
	}
	return h
}

// Bodies returns the body of every data message of the dump, in order, each
// aliasing the datagrams.
func (d *Dump) Bodies() [][]byte {
	var out [][]byte
	for _, g := range d.Datagrams {
		for len(g) >= unix.NLMSG_HDRLEN {
			l := int(binary.NativeEndian.Uint32(g))
			t := binary.NativeEndian.Uint16(g[4:])
			if t != unix.NLMSG_DONE && t != unix.NLMSG_ERROR {
				out = append(out, g[unix.NLMSG_HDRLEN:l])
			}
			al := (l + 3) &^ 3
			if al > len(g) {
				break
			}
			g = g[al:]
		}
	}
	return out
}

// rtextFilterVF is RTEXT_FILTER_VF of linux/rtnetlink.h.
const rtextFilterVF = 1
