//go:build linux

package nltest

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// Spoofer is a second NETLINK_ROUTE socket in a test's namespace, which to
// the socket under test is another process: what it sends is forged.
type Spoofer struct {
	fd int
}

// NewSpoofer opens a Spoofer inside ns, closed when the test ends. Its
// sends time out after 5 s, so that a reader that stopped reading fails
// the test instead of hanging it.
func NewSpoofer(t testing.TB, ns *NS) *Spoofer {
	t.Helper()
	s := &Spoofer{fd: -1}
	ns.Do(t, func() {
		fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
		if err != nil {
			t.Fatal(err)
		}
		s.fd = fd
	})
	t.Cleanup(func() { unix.Close(s.fd) })
	if err := unix.Bind(s.fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		t.Fatal(err)
	}
	tv := unix.Timeval{Sec: 5}
	if err := unix.SetsockoptTimeval(s.fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv); err != nil {
		t.Fatal(err)
	}
	return s
}

// Send sends b as one datagram to the port pid, or to the multicast groups
// of the mask groups when pid is 0. It returns the error rather than
// failing the test, for goroutines.
func (s *Spoofer) Send(pid, groups uint32, b []byte) error {
	err := unix.Sendto(s.fd, b, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: pid, Groups: groups})
	if err != nil {
		return fmt.Errorf("spoofer: sendto port %d groups %#x: %w", pid, groups, err)
	}
	return nil
}

// SpoofCount returns how many messages a spoofing test is to forge:
// NLTEST_SPOOF_N, 100 by default.
func SpoofCount(t testing.TB) int {
	t.Helper()
	return EnvInt(t, "NLTEST_SPOOF_N", 100)
}

// EnvInt returns the positive integer in the environment variable name,
// def when it is unset; anything else fails the test.
func EnvInt(t testing.TB, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive integer", name, s)
	}
	return n
}
