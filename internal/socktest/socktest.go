//go:build linux

// Package socktest makes a known set of sockets in a test's network
// namespace, on loopback, for the tests of package sockdiag and of the ss
// example: TCP and UDP over IPv4 and IPv6 in several states, and unix
// sockets of each type, bound, abstract and unnamed.
package socktest

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/nltest"
)

// Fixed ports of the set's bound sockets. A fresh namespace has them free.
const (
	TCP4Port = 5001 // 127.0.0.1: listening, one connection accepted, one waiting
	TCP6Port = 5002 // [::1]: listening, one connection accepted
	UDP4Port = 5003 // 127.0.0.1: bound, with a connected peer that sent to it
	UDP6Port = 5004 // [::1]: bound
	DualPort = 5005 // [::] for IPv6 and IPv4 (IPV6_V6ONLY off): listening, one IPv4 connection accepted
	DevPort  = 5006 // 127.0.0.1, UDP, bound to the device lo (SO_BINDTODEVICE)
)

// Unread is how many bytes the accepted IPv4 TCP connection and the UDP
// sockets hold unread.
const Unread = 100

// AbstractName is the abstract name of the unix datagram socket, as ss
// prints it.
const AbstractName = "@nltest-dgram"

// Set is the sockets Make made; the test's cleanup closes them.
type Set struct {
	TCP4Listen, TCP6Listen *net.TCPListener
	TCP4Client, TCP4Server *net.TCPConn // Unread bytes wait at TCP4Server
	TCP4Waiting            *net.TCPConn // connected, not accepted
	TCP6Client, TCP6Server *net.TCPConn
	DualListen             *net.TCPListener
	DualClient, DualServer *net.TCPConn   // over IPv4; the server's addresses are IPv4-mapped IPv6
	UDP4, UDP4Peer, UDP6   *net.UDPConn   // UDP4 holds a datagram of Unread bytes from UDP4Peer
	UDPDev                 net.PacketConn // bound to lo
	UnixListen             *net.UnixListener
	UnixPath               string        // UnixListen's path
	UnixClient, UnixServer *net.UnixConn // a stream connection, accepted
	UnixWaiting            *net.UnixConn // connected, not accepted
	UnixDgram              *net.UnixConn // bound to AbstractName
	UnixPair               [2]int        // an unnamed seqpacket pair's descriptors
}

// Make makes the set in ns. Sockets belong to the namespace they are
// created in, so each is created on a thread in ns; connections complete
// on loopback before Make returns.
func Make(t testing.TB, ns *nltest.NS) *Set {
	t.Helper()
	// Not t.TempDir: a long test name would pass the 108 bytes of
	// sun_path.
	dir, err := os.MkdirTemp("", "socktest")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &Set{UnixPath: filepath.Join(dir, "stream.sock")}
	cl := &closers{t: t}
	t.Cleanup(cl.close)
	lo4, lo6 := net.IPv4(127, 0, 0, 1), net.IPv6loopback
	tcp4 := &net.TCPAddr{IP: lo4, Port: TCP4Port}
	unixAddr := &net.UnixAddr{Name: s.UnixPath, Net: "unix"}
	ns.Do(t, func() {
		s.TCP4Listen, err = net.ListenTCP("tcp4", tcp4)
		cl.keep(s.TCP4Listen, err)
		s.TCP6Listen, err = net.ListenTCP("tcp6", &net.TCPAddr{IP: lo6, Port: TCP6Port})
		cl.keep(s.TCP6Listen, err)
		s.TCP4Client, err = net.DialTCP("tcp4", nil, tcp4)
		cl.keep(s.TCP4Client, err)
		s.TCP6Client, err = net.DialTCP("tcp6", nil, &net.TCPAddr{IP: lo6, Port: TCP6Port})
		cl.keep(s.TCP6Client, err)
		s.DualListen, err = net.ListenTCP("tcp", &net.TCPAddr{Port: DualPort})
		cl.keep(s.DualListen, err)
		s.DualClient, err = net.DialTCP("tcp4", nil, &net.TCPAddr{IP: lo4, Port: DualPort})
		cl.keep(s.DualClient, err)
		s.UDP4, err = net.ListenUDP("udp4", &net.UDPAddr{IP: lo4, Port: UDP4Port})
		cl.keep(s.UDP4, err)
		s.UDP4Peer, err = net.DialUDP("udp4", nil, &net.UDPAddr{IP: lo4, Port: UDP4Port})
		cl.keep(s.UDP4Peer, err)
		s.UDP6, err = net.ListenUDP("udp6", &net.UDPAddr{IP: lo6, Port: UDP6Port})
		cl.keep(s.UDP6, err)
		s.UDPDev, err = bindToLo.ListenPacket(context.Background(), "udp4", net.JoinHostPort(lo4.String(), strconv.Itoa(DevPort)))
		cl.keep(s.UDPDev, err)
		s.UnixListen, err = net.ListenUnix("unix", unixAddr)
		cl.keep(s.UnixListen, err)
		s.UnixClient, err = net.DialUnix("unix", nil, unixAddr)
		cl.keep(s.UnixClient, err)
		s.UnixDgram, err = net.ListenUnixgram("unixgram", &net.UnixAddr{Name: AbstractName, Net: "unixgram"})
		cl.keep(s.UnixDgram, err)
		s.UnixPair, err = unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range s.UnixPair {
			cl.keep(os.NewFile(uintptr(fd), "socketpair"), nil)
		}
	})
	s.TCP4Server, err = s.TCP4Listen.AcceptTCP()
	cl.keep(s.TCP4Server, err)
	s.TCP6Server, err = s.TCP6Listen.AcceptTCP()
	cl.keep(s.TCP6Server, err)
	s.DualServer, err = s.DualListen.AcceptTCP()
	cl.keep(s.DualServer, err)
	s.UnixServer, err = s.UnixListen.AcceptUnix()
	cl.keep(s.UnixServer, err)
	// Connections left in the listeners' queues, made after the accepts.
	ns.Do(t, func() {
		s.TCP4Waiting, err = net.DialTCP("tcp4", nil, tcp4)
		cl.keep(s.TCP4Waiting, err)
		s.UnixWaiting, err = net.DialUnix("unix", nil, unixAddr)
		cl.keep(s.UnixWaiting, err)
	})

	data := make([]byte, Unread)
	if _, err := s.TCP4Client.Write(data); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UDP4Peer.Write(data); err != nil {
		t.Fatal(err)
	}
	WaitUnread(t, s.TCP4Server)
	return s
}

// bindToLo binds its sockets to the device lo.
var bindToLo = net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
	var err error
	if cerr := c.Control(func(fd uintptr) { err = unix.SetsockoptString(int(fd), unix.SOL_SOCKET, unix.SO_BINDTODEVICE, "lo") }); cerr != nil {
		return cerr
	}
	return err
}}

// closers closes what Make opened, at the end of the test.
type closers struct {
	t  testing.TB
	cs []io.Closer
}

func (c *closers) close() {
	for _, x := range c.cs {
		x.Close()
	}
}

// keep fails the test on err, else remembers v for closing.
func (c *closers) keep(v io.Closer, err error) {
	c.t.Helper()
	if err != nil {
		c.t.Fatal(err)
	}
	c.cs = append(c.cs, v)
}

// WaitUnread waits until c's receive queue holds Unread bytes: a write
// on loopback arrives soon, but not at once.
func WaitUnread(t testing.TB, c *net.TCPConn) {
	t.Helper()
	raw, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		var n int
		raw.Control(func(fd uintptr) { n, err = unix.IoctlGetInt(int(fd), unix.SIOCINQ) })
		if err != nil {
			t.Fatal(os.NewSyscallError("ioctl SIOCINQ", err))
		}
		if n >= Unread {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d bytes arrived of %d", n, Unread)
		}
		time.Sleep(time.Millisecond)
	}
}
