//go:build linux

package route

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// createTun creates the persistent device with TUNSETIFF on /dev/net/tun,
// opened in the Client's namespace.
func (c *Client) createTun(ctx context.Context, name string, t *Tun) error {
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return err
	}
	flags := uint16(unix.IFF_TUN_EXCL) // fail rather than attach to an existing device
	if t.Tap {
		flags |= unix.IFF_TAP
	} else {
		flags |= unix.IFF_TUN
	}
	if !t.PI {
		flags |= unix.IFF_NO_PI
	}
	if t.MultiQueue {
		flags |= unix.IFF_MULTI_QUEUE
	}
	if t.VnetHdr {
		flags |= unix.IFF_VNET_HDR
	}
	ifr.SetUint16(flags)
	return c.d.Do(ctx, func() error {
		fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC, 0)
		if err != nil {
			return &os.PathError{Op: "open", Path: "/dev/net/tun", Err: err}
		}
		defer unix.Close(fd)
		if err := unix.IoctlIfreq(fd, unix.TUNSETIFF, ifr); err != nil {
			if err == unix.EBUSY {
				// IFF_TUN_EXCL reports an existing name as busy.
				return fmt.Errorf("TUNSETIFF: device %s exists: %w", name, unix.EEXIST)
			}
			return os.NewSyscallError("ioctl TUNSETIFF", err)
		}
		if t.Owner != nil {
			if err := unix.IoctlSetInt(fd, unix.TUNSETOWNER, int(*t.Owner)); err != nil {
				return os.NewSyscallError("ioctl TUNSETOWNER", err)
			}
		}
		if t.Group != nil {
			if err := unix.IoctlSetInt(fd, unix.TUNSETGROUP, int(*t.Group)); err != nil {
				return os.NewSyscallError("ioctl TUNSETGROUP", err)
			}
		}
		return os.NewSyscallError("ioctl TUNSETPERSIST", unix.IoctlSetInt(fd, unix.TUNSETPERSIST, 1))
	})
}
