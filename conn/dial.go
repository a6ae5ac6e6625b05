//go:build linux

package conn

import (
	"context"
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/netns"
)

// Dial opens a netlink socket for protocol, such as unix.NETLINK_ROUTE or
// unix.NETLINK_GENERIC, configured by cfg (nil for the defaults), and binds
// it: guile-netlink's connect, connect-route and connect-generic.
func Dial(protocol int, cfg *Config) (*Conn, error) {
	return DialContext(context.Background(), protocol, cfg)
}

// DialContext is Dial bounded by ctx, which only the opening of the
// namespace (Config.NetNS) can wait on.
func DialContext(ctx context.Context, protocol int, cfg *Config) (*Conn, error) {
	if ctx == nil {
		return nil, errNilContext
	}
	if cfg == nil {
		cfg = &Config{}
	}
	fd, err := openSocket(ctx, protocol, cfg)
	if err != nil {
		return nil, fmt.Errorf("netlink: %w", err)
	}
	if err := setup(fd, cfg); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("netlink: %w", err)
	}
	s, err := newSocket(fd) // closes fd if it fails
	if err != nil {
		return nil, fmt.Errorf("netlink: %w", err)
	}
	c, err := newConn(s, cfg.Groups != 0)
	if err != nil {
		s.close()
		return nil, fmt.Errorf("netlink: %w", err)
	}
	return c, nil
}

// openSocket creates the socket, inside the configured namespace if any. A
// socket belongs to the namespace it was created in, so only the socket call
// itself needs to run there.
func openSocket(ctx context.Context, protocol int, cfg *Config) (int, error) {
	h, err := cfg.NetNS.open(ctx)
	if err != nil {
		return -1, err
	}
	if h != nil {
		defer h.Close()
	}
	fd := -1
	err = netns.Do(h, func() error {
		s, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, protocol)
		if err != nil {
			return os.NewSyscallError("socket", err)
		}
		fd = s
		return nil
	})
	if err != nil && fd >= 0 {
		// The socket was made but the thread could not be restored: the
		// socket is still good, and netns.Do has disposed of the thread.
		return fd, nil
	}
	return fd, err
}

// setup applies cfg's socket options and binds fd.
func setup(fd int, cfg *Config) error {
	opt := func(level, name, value int) error {
		return os.NewSyscallError("setsockopt", unix.SetsockoptInt(fd, level, name, value))
	}
	if !cfg.DisableExtAck {
		// Extended ACKs need Linux 4.12; older kernels just give plain errors.
		if err := opt(unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1); err != nil && !errors.Is(err, unix.ENOPROTOOPT) {
			return err
		}
	}
	if cfg.Strict {
		if err := opt(unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, 1); err != nil {
			return err
		}
	}
	if cfg.CappedAcks {
		if err := opt(unix.SOL_NETLINK, unix.NETLINK_CAP_ACK, 1); err != nil {
			return err
		}
	}
	if n := cfg.ReadBufferSize; n > 0 {
		// FORCE needs CAP_NET_ADMIN; fall back to the capped option.
		if err := opt(unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, n); err != nil {
			if !errors.Is(err, unix.EPERM) {
				return err
			}
			if err := opt(unix.SOL_SOCKET, unix.SO_RCVBUF, n); err != nil {
				return err
			}
		}
	}
	if cfg.Groups != 0 {
		if err := opt(unix.SOL_NETLINK, unix.NETLINK_PKTINFO, 1); err != nil {
			return err
		}
	}
	sa := &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: cfg.PID, Groups: cfg.Groups}
	return os.NewSyscallError("bind", unix.Bind(fd, sa))
}
