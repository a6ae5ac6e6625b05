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

// Open fails: there are no network namespaces.
func Open(path string) (*Handle, error) {
	return nil, &os.PathError{Op: "open", Path: path, Err: errNotLinux}
}

// FromFD fails: there are no network namespaces.
func FromFD(fd int) (*Handle, error) { return nil, errNotLinux }

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
