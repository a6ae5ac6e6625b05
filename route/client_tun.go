//go:build linux

package route

import (
	"context"
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/netns"
)

// tunAdd creates a persistent tun or tap device as `ip tuntap add` does,
// then applies o through netlink. The kernel creates the device in the
// namespace of whoever opens /dev/net/tun, so the open happens inside the
// Client's namespace.
func (c *Client) tunAdd(ctx context.Context, name string, t *Tun, o *LinkOptions) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if o != nil && !o.NetNS.IsZero() {
		return errors.New("tun: cannot be created in another namespace; move it with LinkSet")
	}
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return fmt.Errorf("tun: %w", err)
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
	err = netns.Do(c.ns, func() error {
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
	if err != nil {
		return fmt.Errorf("tun: %w", err)
	}
	if o == nil {
		return nil
	}
	if err := c.linkSet(ctx, name, o); err != nil {
		// Do not leave a half-configured device behind.
		c.LinkDel(context.WithoutCancel(ctx), name)
		return err
	}
	return nil
}
