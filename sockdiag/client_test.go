package sockdiag

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/internal/socktest"
	"github.com/nltag/go-netlink/nltag"
)

// dialNS returns a fresh namespace holding socktest's sockets, and a
// Client in it.
func dialNS(t *testing.T) (*nltest.NS, *socktest.Set, *Client) {
	t.Helper()
	ns := nltest.NewNS(t)
	set := socktest.Make(t, ns)
	c, err := Dial(context.Background(), &Options{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return ns, set, c
}

// key describes an IP socket by what a test can know of it.
func key(s *InetSocket) string {
	return fmt.Sprintf("%v %v %v", s.State, s.Local(), s.Remote())
}

func addrPort(a net.Addr) netip.AddrPort {
	switch a := a.(type) {
	case *net.TCPAddr:
		return a.AddrPort()
	case *net.UDPAddr:
		return a.AddrPort()
	}
	panic(a)
}

func sockKey(state State, local, remote net.Addr) string {
	r := netip.AddrPortFrom(netip.IPv4Unspecified(), 0)
	if remote != nil {
		r = addrPort(remote)
	} else if addrPort(local).Addr().Is6() {
		r = netip.AddrPortFrom(netip.IPv6Unspecified(), 0)
	}
	return fmt.Sprintf("%v %v %v", state, addrPort(local), r)
}

func keys(ss []*InetSocket) []string {
	var out []string
	for _, s := range ss {
		out = append(out, key(s))
	}
	slices.Sort(out)
	return out
}

// TestKernelInetList lists the TCP and UDP sockets socktest made, with
// each filter of the request, and checks them against what the Go side
// of each socket says of itself.
func TestKernelInetList(t *testing.T) {
	_, s, c := dialNS(t)
	ctx := context.Background()
	listen4 := sockKey(StateListen, s.TCP4Listen.Addr(), nil)
	listen6 := sockKey(StateListen, s.TCP6Listen.Addr(), nil)
	tcp4 := []string{
		listen4,
		sockKey(StateEstablished, s.TCP4Client.LocalAddr(), s.TCP4Client.RemoteAddr()),
		sockKey(StateEstablished, s.TCP4Server.LocalAddr(), s.TCP4Server.RemoteAddr()),
		sockKey(StateEstablished, s.TCP4Waiting.LocalAddr(), s.TCP4Waiting.RemoteAddr()),
		// The waiting connection's other end, in the listener's queue.
		sockKey(StateEstablished, s.TCP4Waiting.RemoteAddr(), s.TCP4Waiting.LocalAddr()),
	}
	listenDual := sockKey(StateListen, s.DualListen.Addr(), nil)
	tcp4 = append(tcp4, sockKey(StateEstablished, s.DualClient.LocalAddr(), s.DualClient.RemoteAddr()))
	tcp6 := []string{
		listen6,
		sockKey(StateEstablished, s.TCP6Client.LocalAddr(), s.TCP6Client.RemoteAddr()),
		sockKey(StateEstablished, s.TCP6Server.LocalAddr(), s.TCP6Server.RemoteAddr()),
		listenDual,
		// IPv4-mapped addresses, as the kernel has them.
		sockKey(StateEstablished, s.DualServer.LocalAddr(), s.DualServer.RemoteAddr()),
	}
	udp4 := []string{
		sockKey(StateClose, s.UDP4.LocalAddr(), nil),
		sockKey(StateClose, s.UDPDev.LocalAddr(), nil),
		sockKey(StateEstablished, s.UDP4Peer.LocalAddr(), s.UDP4Peer.RemoteAddr()),
	}
	udp6 := []string{sockKey(StateClose, s.UDP6.LocalAddr(), nil)}
	sorted := func(ss ...[]string) []string { out := slices.Concat(ss...); slices.Sort(out); return out }
	for _, tc := range []struct {
		name string
		f    *InetFilter
		want []string
	}{
		{"nil", nil, sorted(tcp4, tcp6)},
		{"tcp4", &InetFilter{Family: FamilyIPv4}, sorted(tcp4)},
		{"tcp6", &InetFilter{Family: FamilyIPv6, Protocol: ProtocolTCP}, sorted(tcp6)},
		{"udp", &InetFilter{Protocol: ProtocolUDP}, sorted(udp4, udp6)},
		{"udp4", &InetFilter{Family: FamilyIPv4, Protocol: ProtocolUDP}, sorted(udp4)},
		{"listening", &InetFilter{States: StatesOf(StateListen)}, sorted([]string{listen4, listen6, listenDual})},
		{"unconnected udp", &InetFilter{Protocol: ProtocolUDP, States: StatesOf(StateClose)}, sorted(udp4[:2], udp6)},
		{"time-wait", &InetFilter{States: StatesOf(StateTimeWait)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss, err := c.InetList(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := keys(ss); !slices.Equal(got, tc.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
			var it []*InetSocket
			for v, err := range c.InetSockets(ctx, tc.f) {
				if err != nil {
					t.Fatal(err)
				}
				it = append(it, v)
			}
			if got := keys(it); !slices.Equal(got, tc.want) {
				t.Errorf("iterator: got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// TestKernelInetDetails checks the queues and the extensions the kernel
// sends when asked: tcp_info, memory, congestion control, shutdown.
func TestKernelInetDetails(t *testing.T) {
	_, s, c := dialNS(t)
	ctx := context.Background()
	ss, err := c.InetList(ctx, &InetFilter{Family: FamilyIPv4, Ext: ExtInfo | ExtSkMemInfo | ExtCong | ExtShutdown})
	if err != nil {
		t.Fatal(err)
	}
	server := addrPort(s.TCP4Server.RemoteAddr())
	found := 0
	for _, x := range ss {
		if x.Info == nil || x.SkMemInfo == nil || x.Cong == "" || x.Shutdown == nil {
			t.Errorf("%s: an extension is missing: %+v", key(x), x)
			continue
		}
		if x.Info.State != x.State {
			t.Errorf("%s: tcp_info says state %v", key(x), x.Info.State)
		}
		switch {
		case x.State == StateListen:
			found++
			if x.RQueue != 1 { // the waiting connection
				t.Errorf("listener's accept queue is %d, want 1", x.RQueue)
			}
		case x.Remote() == server:
			found++
			if x.RQueue != socktest.Unread || x.Info.SndMSS == 0 || x.Info.RcvMSS == 0 {
				t.Errorf("server: %d bytes unread (want %d), tcp_info %+v", x.RQueue, socktest.Unread, x.Info)
			}
			if x.SkMemInfo.RMemAlloc == 0 || x.SkMemInfo.RcvBuf == 0 {
				t.Errorf("server: memory %+v, want bytes in the receive queue", x.SkMemInfo)
			}
		}
	}
	if found != 2 {
		t.Errorf("found %d of the listener and the server connection", found)
	}

	// What the kernel says of the server connection to its owner:
	// SO_COOKIE, and TCP_INFO through the same TCPInfo type.
	time.Sleep(100 * time.Millisecond) // the delayed ACK of the data, which changes the counts
	ss, err = c.InetList(ctx, &InetFilter{Family: FamilyIPv4, Ext: ExtInfo, Filter: DstPort(OpEq, server.Port())})
	if err != nil || len(ss) != 1 {
		t.Fatalf("server: %d sockets, %v", len(ss), err)
	}
	cookie, own := sockopts(t, s.TCP4Server)
	if got := ss[0].ID.CookieValue(); got != cookie {
		t.Errorf("cookie %#x, SO_COOKIE says %#x", got, cookie)
	}
	d := ss[0].Info
	for _, f := range []struct {
		name      string
		diag, own uint64
	}{
		{"state", uint64(d.State), uint64(own.State)},
		{"options", uint64(d.Options), uint64(own.Options)},
		{"snd_wscale", uint64(d.SndWScale()), uint64(own.SndWScale())},
		{"rcv_wscale", uint64(d.RcvWScale()), uint64(own.RcvWScale())},
		{"snd_mss", uint64(d.SndMSS), uint64(own.SndMSS)},
		{"rcv_mss", uint64(d.RcvMSS), uint64(own.RcvMSS)},
		{"pmtu", uint64(d.PMTU), uint64(own.PMTU)},
		{"advmss", uint64(d.AdvMSS), uint64(own.AdvMSS)},
		{"snd_cwnd", uint64(d.SndCwnd), uint64(own.SndCwnd)},
		{"rcv_space", uint64(d.RcvSpace), uint64(own.RcvSpace)},
		{"bytes_received", d.BytesReceived, own.BytesReceived},
		{"data_segs_in", uint64(d.DataSegsIn), uint64(own.DataSegsIn)},
		{"snd_wnd", uint64(d.SndWnd), uint64(own.SndWnd)},
		{"rcv_wnd", uint64(d.RcvWnd), uint64(own.RcvWnd)},
	} {
		if f.diag != f.own {
			t.Errorf("tcp_info %s: %d by sock_diag, %d by getsockopt", f.name, f.diag, f.own)
		}
	}
	if d.BytesReceived != socktest.Unread || d.SndWScale() == 0 {
		t.Errorf("tcp_info: %d bytes received (want %d), window scale %d", d.BytesReceived, socktest.Unread, d.SndWScale())
	}

	// A shut down direction shows.
	if err := s.TCP4Client.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	client := addrPort(s.TCP4Client.LocalAddr())
	ss, err = c.InetList(ctx, &InetFilter{Family: FamilyIPv4, Ext: ExtShutdown, Filter: SrcPort(OpEq, client.Port())})
	if err != nil || len(ss) != 1 {
		t.Fatalf("client: %d sockets, %v", len(ss), err)
	}
	if sh := ss[0].Shutdown; sh == nil || *sh != ShutdownWrite || ss[0].State != StateFinWait2 && ss[0].State != StateFinWait1 {
		t.Errorf("client after CloseWrite: state %v, shutdown %v; want FIN_WAIT, SEND_SHUTDOWN", ss[0].State, sh)
	}
}

// TestKernelFilter runs bytecode filters in the kernel and checks that it
// keeps exactly the sockets a Go predicate of the same meaning keeps.
func TestKernelFilter(t *testing.T) {
	_, _, c := dialNS(t)
	ctx := context.Background()
	all := &InetFilter{Protocol: ProtocolTCP}
	everything, err := c.InetList(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	sport := func(s *InetSocket) uint16 { return s.ID.SrcPort }
	dport := func(s *InetSocket) uint16 { return s.ID.DstPort }
	lo4, lo6 := netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")
	for _, tc := range []struct {
		name string
		cond Cond
		keep func(*InetSocket) bool
	}{
		{"sport = 5001", SrcPort(OpEq, socktest.TCP4Port), func(s *InetSocket) bool { return sport(s) == socktest.TCP4Port }},
		{"sport != 5001", Not(SrcPort(OpEq, socktest.TCP4Port)), func(s *InetSocket) bool { return sport(s) != socktest.TCP4Port }},
		{"sport >= 5002", SrcPort(OpGE, socktest.TCP6Port), func(s *InetSocket) bool { return sport(s) >= socktest.TCP6Port }},
		{"sport <= 5001", SrcPort(OpLE, socktest.TCP4Port), func(s *InetSocket) bool { return sport(s) <= socktest.TCP4Port }},
		{"dport = 5001 or dport = 5002", Or(DstPort(OpEq, socktest.TCP4Port), DstPort(OpEq, socktest.TCP6Port)),
			func(s *InetSocket) bool { return dport(s) == socktest.TCP4Port || dport(s) == socktest.TCP6Port }},
		{"5001 <= sport <= 5002", And(SrcPort(OpGE, socktest.TCP4Port), SrcPort(OpLE, socktest.TCP6Port)),
			func(s *InetSocket) bool { return sport(s) >= socktest.TCP4Port && sport(s) <= socktest.TCP6Port }},
		{"not (sport = 5001 or dport = 5001)", Not(Or(SrcPort(OpEq, socktest.TCP4Port), DstPort(OpEq, socktest.TCP4Port))),
			func(s *InetSocket) bool { return sport(s) != socktest.TCP4Port && dport(s) != socktest.TCP4Port }},
		// The kernel matches IPv4 prefixes against IPv4-mapped addresses too.
		{"src 127/8", SrcPrefix(lo4), func(s *InetSocket) bool { return lo4.Contains(s.Src().Unmap()) }},
		{"dst ::1", DstPrefix(lo6), func(s *InetSocket) bool { return s.Dst() == lo6.Addr() }},
		{"src ::1 and dport = 5002", And(SrcPrefix(lo6), DstPort(OpEq, socktest.TCP6Port)),
			func(s *InetSocket) bool { return s.Src() == lo6.Addr() && dport(s) == socktest.TCP6Port }},
		{"dev 0", Dev(0), func(*InetSocket) bool { return true }},
		{"mark 0", Mark(0, 0xffffffff), func(*InetSocket) bool { return true }},
		{"mark 1", Mark(1, 1), func(*InetSocket) bool { return false }},
		{"and()", And(), func(*InetSocket) bool { return true }},
		{"or()", Or(), func(*InetSocket) bool { return false }},
		{"not(not(sport = 5002))", Not(Not(SrcPort(OpEq, socktest.TCP6Port))), func(s *InetSocket) bool { return sport(s) == socktest.TCP6Port }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := *all
			f.Filter = tc.cond
			got, err := c.InetList(ctx, &f)
			if err != nil {
				t.Fatal(err)
			}
			var want []*InetSocket
			for _, s := range everything {
				if tc.keep(s) {
					want = append(want, s)
				}
			}
			if g, w := keys(got), keys(want); !slices.Equal(g, w) {
				t.Errorf("kernel kept\n\t%s\nwant\n\t%s", strings.Join(g, "\n\t"), strings.Join(w, "\n\t"))
			}
		})
	}
	// A socket bound to lo (ifindex 1) has it in its id, and Dev matches it.
	udp, err := c.InetList(ctx, &InetFilter{Protocol: ProtocolUDP, Filter: Dev(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(udp) != 1 || udp[0].ID.SrcPort != socktest.DevPort || udp[0].ID.Interface != 1 {
		t.Errorf("dev lo kept %v, want the socket of port %d, interface 1", keys(udp), socktest.DevPort)
	}
	if _, err := c.InetList(ctx, &InetFilter{Filter: SrcPrefix(netip.Prefix{})}); err == nil || !strings.Contains(err.Error(), "invalid prefix") {
		t.Errorf("an invalid prefix gave %v", err)
	}
}

// TestKernelUnixList checks the unix sockets socktest made and their
// attributes.
func TestKernelUnixList(t *testing.T) {
	_, s, c := dialNS(t)
	ctx := context.Background()
	us, err := c.UnixList(ctx, &UnixFilter{Show: DefaultShow | ShowMemInfo | ShowUID})
	if err != nil {
		t.Fatal(err)
	}
	byInode := map[uint32]*UnixSocket{}
	for _, u := range us {
		byInode[u.Inode] = u
	}
	inode := func(c syscallConner) uint32 {
		raw, err := c.SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		var st unix.Stat_t
		raw.Control(func(fd uintptr) { err = unix.Fstat(int(fd), &st) })
		if err != nil {
			t.Fatal(err)
		}
		return uint32(st.Ino)
	}
	get := func(what string, ino uint32) *UnixSocket {
		u := byInode[ino]
		if u == nil {
			t.Fatalf("%s (inode %d) not listed", what, ino)
		}
		if u.Shutdown == nil || u.MemInfo == nil || u.UID == nil || u.RQLen == nil {
			t.Errorf("%s: an attribute is missing: %+v", what, u)
		}
		return u
	}
	l := get("listener", inode(s.UnixListen))
	if l.Path.String() != s.UnixPath || l.State != StateListen || l.Type != SockStream || l.VFS == nil || len(l.Icons) != 1 || l.RQLen.RQueue != 1 {
		t.Errorf("listener: %s %v %v vfs %v icons %v queue %+v", l.Path, l.State, l.Type, l.VFS, l.Icons, l.RQLen)
	}
	client, server := get("client", inode(s.UnixClient)), get("server", inode(s.UnixServer))
	if client.Peer == nil || server.Peer == nil || *client.Peer != server.Inode || *server.Peer != client.Inode {
		t.Errorf("client and server are not each other's peers: %v %v", client.Peer, server.Peer)
	}
	if server.Path.String() != s.UnixPath || client.Path != nil {
		t.Errorf("server bound to %q, client to %q", server.Path, client.Path)
	}
	d := get("datagram socket", inode(s.UnixDgram))
	if d.Path.String() != socktest.AbstractName || d.Type != SockDgram || d.State != StateClose || d.VFS != nil {
		t.Errorf("datagram socket: %q %v %v vfs %v", d.Path, d.Type, d.State, d.VFS)
	}
	var st [2]unix.Stat_t
	for i, fd := range s.UnixPair {
		if err := unix.Fstat(fd, &st[i]); err != nil {
			t.Fatal(err)
		}
	}
	a, b := get("pair[0]", uint32(st[0].Ino)), get("pair[1]", uint32(st[1].Ino))
	if a.Type != SockSeqPacket || *a.Peer != b.Inode || *b.Peer != a.Inode || a.Path != nil {
		t.Errorf("pair: %v, peers %d %d of %d %d, name %q", a.Type, *a.Peer, *b.Peer, a.Inode, b.Inode, a.Path)
	}

	listening, err := c.UnixList(ctx, &UnixFilter{States: StatesOf(StateListen)})
	if err != nil || len(listening) != 1 || listening[0].Inode != l.Inode {
		t.Errorf("listening sockets: %d, %v; want the listener", len(listening), err)
	}
	n := 0
	for u, err := range c.UnixSockets(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if byInode[u.Inode] == nil {
			t.Errorf("iterator: socket %d not in the list", u.Inode)
		}
		n++
	}
	if n != len(us) {
		t.Errorf("iterator: %d sockets, list %d", n, len(us))
	}
}

type syscallConner interface {
	SyscallConn() (syscall.RawConn, error)
}

// TestKernelErrors checks the errors of the Client: the kernel's errno, a
// cancelled context, a closed Client; and that an iterator left early or
// cancelled gives back its socket and goroutines.
func TestKernelErrors(t *testing.T) {
	_, _, c := dialNS(t)
	ctx := context.Background()
	if _, err := c.InetList(ctx, &InetFilter{Protocol: 200}); !errors.Is(err, unix.ENOENT) {
		t.Errorf("a protocol without diag handler: %v, want ENOENT", err)
	}
	if _, err := c.InetList(ctx, &InetFilter{Family: FamilyUnix}); err == nil {
		t.Error("InetList of the unix family did not fail")
	}

	before := nltest.Now(t)
	for range c.InetSockets(ctx, nil) {
		break
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	var last error
	for _, err := range c.UnixSockets(cctx, nil) {
		last = err
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("iterator with a cancelled context ended with %v", last)
	}
	if _, err := c.UnixList(cctx, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("list with a cancelled context: %v", err)
	}
	before.WaitReleased(t, 5*time.Second, "after iterators left early")

	c.Close()
	if _, err := c.InetList(ctx, nil); !errors.Is(err, net.ErrClosed) {
		t.Errorf("list after Close: %v, want net.ErrClosed", err)
	}
	for _, err := range c.UnixSockets(ctx, nil) {
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("iterator after Close: %v, want net.ErrClosed", err)
		}
	}
}

// TestKernelDestroy closes a connection through the kernel, as ss -K:
// its owner's read then fails, and the socket is gone from the list.
func TestKernelDestroy(t *testing.T) {
	_, s, c := dialNS(t)
	ctx := context.Background()
	server := addrPort(s.TCP4Server.RemoteAddr())
	find := func() []*InetSocket {
		ss, err := c.InetList(ctx, &InetFilter{Family: FamilyIPv4, Filter: And(SrcPort(OpEq, socktest.TCP4Port), DstPort(OpEq, server.Port()))})
		if err != nil {
			t.Fatal(err)
		}
		return ss
	}
	ss := find()
	if len(ss) != 1 {
		t.Fatalf("%d server sockets", len(ss))
	}
	if err := c.Destroy(ctx, ProtocolTCP, ss[0]); err != nil {
		t.Fatal(err)
	}
	s.TCP4Server.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 2*socktest.Unread)
	for {
		if _, err := s.TCP4Server.Read(buf); err != nil {
			if !errors.Is(err, unix.ECONNABORTED) {
				t.Errorf("read after Destroy: %v, want ECONNABORTED", err)
			}
			break
		}
	}
	if left := find(); len(left) != 0 {
		t.Errorf("%d sockets left after Destroy: %v", len(left), key(left[0]))
	}
	if err := c.Destroy(ctx, ProtocolTCP, ss[0]); !errors.Is(err, unix.ENOENT) {
		t.Errorf("Destroy of a socket that is gone: %v, want ENOENT", err)
	}

	// UDP: the connected peer, found by the addresses of its reply.
	peer, err := c.InetGet(ctx, ProtocolUDP, addrPort(s.UDP4Peer.LocalAddr()), addrPort(s.UDP4Peer.RemoteAddr()), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Destroy(ctx, ProtocolUDP, peer); err != nil {
		t.Fatal(err)
	}
	s.UDP4Peer.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := s.UDP4Peer.Read(buf); !errors.Is(err, unix.ECONNABORTED) {
		t.Errorf("read after Destroy: %v, want ECONNABORTED", err)
	}
}

// sockopts returns SO_COOKIE and TCP_INFO of c, the latter decoded into
// TCPInfo by nltag.
func sockopts(t *testing.T, c *net.TCPConn) (uint64, *TCPInfo) {
	t.Helper()
	raw, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var cookie uint64
	buf := make([]byte, 512)
	n := uint32(len(buf))
	raw.Control(func(fd uintptr) {
		if cookie, err = unix.GetsockoptUint64(int(fd), unix.SOL_SOCKET, unix.SO_COOKIE); err != nil {
			return
		}
		_, _, errno := unix.Syscall6(unix.SYS_GETSOCKOPT, fd, unix.IPPROTO_TCP, unix.TCP_INFO, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)), 0)
		if errno != 0 {
			err = errno
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	var ti TCPInfo
	if err := nltag.Unmarshal(buf[:n], &ti); err != nil {
		t.Fatal(err)
	}
	return cookie, &ti
}

// TestKernelInetGet looks sockets up one by one, without a dump.
func TestKernelInetGet(t *testing.T) {
	_, s, c := dialNS(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name          string
		proto         Protocol
		local, remote net.Addr
		state         State
	}{
		{"tcp4 server", ProtocolTCP, s.TCP4Server.LocalAddr(), s.TCP4Server.RemoteAddr(), StateEstablished},
		{"tcp4 listener", ProtocolTCP, s.TCP4Listen.Addr(), nil, StateListen},
		{"tcp6 client", ProtocolTCP, s.TCP6Client.LocalAddr(), s.TCP6Client.RemoteAddr(), StateEstablished},
		{"udp4 peer", ProtocolUDP, s.UDP4Peer.LocalAddr(), s.UDP4Peer.RemoteAddr(), StateEstablished},
		{"udp6", ProtocolUDP, s.UDP6.LocalAddr(), nil, StateClose},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var remote netip.AddrPort
			if tc.remote != nil {
				remote = addrPort(tc.remote)
			}
			got, err := c.InetGet(ctx, tc.proto, addrPort(tc.local), remote, ExtInfo)
			if err != nil {
				t.Fatal(err)
			}
			if want := sockKey(tc.state, tc.local, tc.remote); key(got) != want {
				t.Errorf("got %s, want %s", key(got), want)
			}
			if (got.Info != nil) != (tc.proto == ProtocolTCP) {
				t.Errorf("tcp_info: %v", got.Info)
			}
		})
	}
	if _, err := c.InetGet(ctx, ProtocolTCP, netip.MustParseAddrPort("127.0.0.1:9"), netip.AddrPort{}, 0); !errors.Is(err, unix.ENOENT) {
		t.Errorf("no such socket: %v, want ENOENT", err)
	}
	if _, err := c.InetGet(ctx, ProtocolTCP, netip.MustParseAddrPort("127.0.0.1:9"), netip.MustParseAddrPort("[::1]:9"), 0); err == nil {
		t.Error("addresses of two families: no error")
	}
}

// TestKernelConcurrent checks the Client's "safe for concurrent use":
// goroutines listing through the shared socket and through iterators at
// once all see the same sockets, and Close while they run ends them with
// net.ErrClosed or a whole answer, never a mixed one.
func TestKernelConcurrent(t *testing.T) {
	_, _, c := dialNS(t)
	ctx := context.Background()
	want, err := c.InetList(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantUnix, err := c.UnixList(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			errs <- func() error {
				for range 20 {
					var got, gotUnix int
					switch g % 3 {
					case 0:
						ss, err := c.InetList(ctx, nil)
						if err != nil {
							return err
						}
						got, gotUnix = len(ss), len(wantUnix)
					case 1:
						us, err := c.UnixList(ctx, nil)
						if err != nil {
							return err
						}
						got, gotUnix = len(want), len(us)
					case 2:
						for _, err := range c.InetSockets(ctx, nil) {
							if err != nil {
								return err
							}
							got++
						}
						gotUnix = len(wantUnix)
					}
					if got != len(want) || gotUnix != len(wantUnix) {
						return fmt.Errorf("goroutine %d: %d and %d sockets, want %d and %d", g, got, gotUnix, len(want), len(wantUnix))
					}
				}
				return nil
			}()
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}

	// Close while goroutines list: each list is whole or fails with
	// net.ErrClosed.
	started := make(chan struct{}, 4)
	for g := range 4 {
		go func() {
			errs <- func() error {
				for i := 0; ; i++ {
					if i == 1 {
						started <- struct{}{}
					}
					n := 0
					var err error
					if g%2 == 0 {
						var ss []*InetSocket
						ss, err = c.InetList(ctx, nil)
						n = len(ss)
					} else {
						for _, e := range c.InetSockets(ctx, nil) {
							if err = e; err != nil {
								break
							}
							n++
						}
					}
					switch {
					case errors.Is(err, net.ErrClosed):
						return nil
					case err != nil:
						return fmt.Errorf("goroutine %d: %w, want net.ErrClosed", g, err)
					case n != len(want):
						return fmt.Errorf("goroutine %d: %d sockets, want %d", g, n, len(want))
					}
				}
			}()
		}()
	}
	for range 4 {
		<-started
	}
	c.Close()
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
