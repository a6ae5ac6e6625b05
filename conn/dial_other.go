//go:build !linux

package conn

import (
	"errors"
	"fmt"
	"runtime"
)

// Dial fails: netlink sockets exist only on Linux. NewConn still works,
// over a Transport such as conntest's fake.
func Dial(protocol int, cfg *Config) (*Conn, error) {
	return nil, fmt.Errorf("netlink: needs Linux, not %s: %w", runtime.GOOS, errors.ErrUnsupported)
}
