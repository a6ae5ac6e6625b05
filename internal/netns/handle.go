package netns

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// NamedDir is where `ip netns add` bind-mounts named network namespaces.
const NamedDir = "/run/netns"

// Handle is an open file descriptor referring to a network namespace.
//
// Its methods may be called concurrently, except Close, which must not run
// concurrently with any other use of the Handle.
type Handle struct {
	fd int
}

// OpenContext is Open bounded by ctx: should the open itself hang (a file
// system that does not answer), it returns ctx's error when ctx ends, and
// the file is closed once the open returns.
func OpenContext(ctx context.Context, path string) (*Handle, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ctx.Done() == nil {
		return Open(path)
	}
	type result struct {
		h   *Handle
		err error
	}
	done := make(chan result, 1)
	var mu sync.Mutex
	abandoned := false
	go func() {
		h, err := Open(path)
		mu.Lock()
		defer mu.Unlock()
		if abandoned {
			if h != nil {
				h.Close()
			}
			return
		}
		done <- result{h, err}
	}()
	select {
	case r := <-done:
		return r.h, r.err
	case <-ctx.Done():
		mu.Lock()
		abandoned = true
		mu.Unlock()
		select {
		case r := <-done: // the open finished first after all
			return r.h, r.err
		default:
		}
		return nil, context.Cause(ctx)
	}
}

// OpenName opens the named network namespace NamedDir/name, as created by
// `ip netns add name`.
func OpenName(name string) (*Handle, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	return Open(filepath.Join(NamedDir, name))
}

// CheckName reports an error unless name can name a namespace under
// NamedDir: not empty, ".", ".." or containing '/'.
func CheckName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsRune(name, '/') {
		return errInvalidName
	}
	return nil
}

// errInvalidName is CheckName's error; the caller names the name.
var errInvalidName = errors.New(`invalid namespace name: empty, ".", ".." or with a '/'`)

// OpenPID opens the network namespace of the process with the given pid.
func OpenPID(pid int) (*Handle, error) {
	return Open("/proc/" + strconv.Itoa(pid) + "/ns/net")
}

// Current opens the network namespace of the calling OS thread. Unless the
// caller has locked its goroutine to a thread that it moved into another
// namespace, this is the namespace of the whole process.
func Current() (*Handle, error) {
	return Open("/proc/thread-self/ns/net")
}

// FD returns the underlying file descriptor, or -1 after Close. It stays
// owned by h and is valid only until h is closed.
func (h *Handle) FD() int {
	return h.fd
}

// Release returns the descriptor, which the caller now owns, and leaves h
// closed.
func (h *Handle) Release() int {
	fd := h.fd
	h.fd = -1
	return fd
}
