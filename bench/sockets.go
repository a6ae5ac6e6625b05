package bench

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"

	vnl "github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/sockdiag"
)

// SocketPairs is how many TCP connections Sockets makes on loopback: each
// is two sockets, so that with the listener a dump of IPv4 TCP sockets
// holds 2×SocketPairs+1.
const SocketPairs = 5000

// Sockets holds the connections of the socket lists and a client of each
// library, made on first use: 10,000 sockets cost a few hundred
// milliseconds and as many descriptors, which the other benchmarks need
// not pay. They live in a namespace of their own, which the process
// deletes at its end: in run.sh's namespace, shared by the rounds, the
// connections a round closes on exit would stay in TIME-WAIT for a
// minute, and the next round's lists would hold them too.
type Sockets struct {
	Ours *sockdiag.Client
	V    *vnl.Handle

	ns    *NS
	vNS   netns.NsHandle
	conns []net.Conn
	ln    net.Listener
}

var sockets struct {
	once sync.Once
	s    *Sockets
	err  error
}

// SocketsOnce returns the Sockets, making them the first time.
func SocketsOnce() (*Sockets, error) {
	sockets.once.Do(func() { sockets.err = makeSockets() })
	if sockets.err != nil {
		return nil, sockets.err
	}
	return sockets.s, nil
}

// CloseSockets closes the Sockets, if made, and deletes their namespace.
func CloseSockets() error {
	s := sockets.s
	if s == nil {
		return nil
	}
	if s.Ours != nil {
		s.Ours.Close()
	}
	if s.V != nil {
		s.V.Close()
	}
	if s.vNS >= 0 {
		s.vNS.Close()
	}
	for _, c := range s.conns {
		c.Close()
	}
	if s.ln != nil {
		s.ln.Close()
	}
	return s.ns.Close()
}

// makeSockets makes sockets.s, which CloseSockets closes whatever the
// error.
func makeSockets() error {
	ns, err := newNamedNS(fmt.Sprintf("bench-sockets-%d", os.Getpid()))
	if err != nil {
		return err
	}
	s := &Sockets{ns: ns, vNS: -1}
	sockets.s = s
	err = ns.Do(func() error {
		var err error
		if s.ln, err = net.Listen("tcp4", "127.0.0.1:0"); err != nil {
			return err
		}
		for range SocketPairs {
			c, err := net.Dial("tcp4", s.ln.Addr().String())
			if err != nil {
				return err
			}
			s.conns = append(s.conns, c)
			a, err := s.ln.Accept()
			if err != nil {
				return err
			}
			s.conns = append(s.conns, a)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("making %d connections: %w", SocketPairs, err)
	}
	if s.Ours, err = sockdiag.Dial(context.Background(), &sockdiag.Options{NetNS: conn.NetNSPath(ns.Path)}); err != nil {
		return err
	}
	if s.vNS, err = netns.GetFromPath(ns.Path); err != nil {
		return err
	}
	if s.V, err = vnl.NewHandleAt(s.vNS, unix.NETLINK_INET_DIAG); err != nil {
		return fmt.Errorf("netlink.NewHandleAt: %w", err)
	}
	return nil
}

// The lists: IPv4 TCP sockets, with tcp_info (Info: the request of
// vishvananda's SocketDiagTCPInfo, which asks for INET_DIAG_INFO and
// INET_DIAG_VEGASINFO) or without.

// ListSocketsOurs lists through sockdiag.Client.InetList.
func ListSocketsOurs(ctx context.Context, c *sockdiag.Client, info bool) (int, error) {
	f := &sockdiag.InetFilter{Family: sockdiag.FamilyIPv4}
	if info {
		f.Ext = sockdiag.ExtInfo | sockdiag.ExtVegasInfo
	}
	ss, err := c.InetList(ctx, f)
	return len(ss), err
}

// IterSocketsOurs lists through the iterator sockdiag.Client.InetSockets.
func IterSocketsOurs(ctx context.Context, c *sockdiag.Client) (int, error) {
	n := 0
	for _, err := range c.InetSockets(ctx, &sockdiag.InetFilter{Family: sockdiag.FamilyIPv4, Ext: sockdiag.ExtInfo | sockdiag.ExtVegasInfo}) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ListSocketsV lists through vishvananda's SocketDiagTCPInfo (info) or
// SocketDiagTCP. Both ask the kernel for tcp_info; SocketDiagTCP decodes
// only the struct inet_diag_msg of each.
func ListSocketsV(h *vnl.Handle, info bool) (int, error) {
	if info {
		ss, err := h.SocketDiagTCPInfo(unix.AF_INET)
		return len(ss), err
	}
	ss, err := h.SocketDiagTCP(unix.AF_INET)
	return len(ss), err
}
