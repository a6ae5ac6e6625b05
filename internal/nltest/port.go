//go:build linux

package nltest

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TakenPort returns a port id of protocol that a socket holds until the
// test ends: a socket bound to it (conn.Config.PID) fails with EADDRINUSE,
// a socket failure any test can cause without root.
func TakenPort(t testing.TB, protocol int) uint32 {
	t.Helper()
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, protocol)
	if err != nil {
		t.Skipf("no netlink socket of protocol %d: %v", protocol, err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		t.Fatal(err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return sa.(*unix.SockaddrNetlink).Pid
}
