//go:build !linux

package route

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// tunAdd fails: TUN and TAP devices are made through /dev/net/tun, which
// only Linux has.
func (c *Client) tunAdd(ctx context.Context, name string, t *Tun, o *LinkOptions) error {
	return fmt.Errorf("route: tun %s: needs Linux, not %s: %w", name, runtime.GOOS, errors.ErrUnsupported)
}
