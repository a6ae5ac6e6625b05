//go:build !linux

package route

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// createTun fails: tun and tap devices are made through /dev/net/tun, which
// only Linux has.
func (c *Client) createTun(ctx context.Context, name string, t *Tun) error {
	return fmt.Errorf("device %s: /dev/net/tun needs Linux, not %s: %w", name, runtime.GOOS, errors.ErrUnsupported)
}
