//go:build !linux

package netns

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

// errNotLinux is the error of every call that needs a namespace: only
// Linux has network namespaces.
var errNotLinux = fmt.Errorf("netns: network namespaces need Linux, not %s: %w", runtime.GOOS, errors.ErrUnsupported)

// NamedDir is where `ip netns add` bind-mounts named network namespaces.
const NamedDir = "/run/netns"

// Handle would refer to a network namespace; none can be opened here.
type Handle struct{}

// Open fails: there are no network namespaces.
func Open(path string) (*Handle, error) {
	return nil, &os.PathError{Op: "open", Path: path, Err: errNotLinux}
}

// OpenName fails: there are no network namespaces.
func OpenName(name string) (*Handle, error) { return nil, errNotLinux }

// OpenPID fails: there are no network namespaces.
func OpenPID(pid int) (*Handle, error) { return nil, errNotLinux }

// Current fails: there are no network namespaces.
func Current() (*Handle, error) { return nil, errNotLinux }

// FromFD fails: there are no network namespaces.
func FromFD(fd int) (*Handle, error) { return nil, errNotLinux }

// FD returns -1: no Handle is ever open.
func (h *Handle) FD() int { return -1 }

// Close returns os.ErrClosed: no Handle is ever open.
func (h *Handle) Close() error { return os.ErrClosed }

// Equal fails: there are no network namespaces.
func (h *Handle) Equal(other *Handle) (bool, error) { return false, errNotLinux }

// Do calls fn when h is nil, the current namespace, and fails otherwise.
func Do(h *Handle, fn func() error) error {
	if h == nil {
		return fn()
	}
	return errNotLinux
}
