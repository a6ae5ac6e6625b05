package conn

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/nltag/go-netlink/internal/netns"
)

// NetNS names a network namespace: by the name `ip netns add` gave it, by
// the path of a namespace file, by an open file descriptor, or by a process
// living in it. The zero NetNS means the caller's own namespace. One type
// serves every package: Config.NetNS here, route.Options.NetNS and the
// namespaces route moves links to.
type NetNS struct {
	kind nsKind
	path string
	n    int // fd or pid
}

type nsKind uint8

const (
	nsCurrent nsKind = iota
	nsName
	nsPath
	nsFD
	nsPID
)

// NetNSName is the namespace that `ip netns add name` created, found under
// /run/netns.
func NetNSName(name string) NetNS { return NetNS{kind: nsName, path: name} }

// NetNSPath is the namespace of a namespace file, such as /proc/PID/ns/net
// or a bind mount of one. A path that is no namespace file (a FIFO, a
// device, a regular file) is refused without blocking.
func NetNSPath(path string) NetNS { return NetNS{kind: nsPath, path: path} }

// NetNSFD is the namespace of an open file descriptor. The caller keeps
// ownership of fd, which must stay open while the NetNS is in use.
func NetNSFD(fd int) NetNS { return NetNS{kind: nsFD, n: fd} }

// NetNSPID is the namespace of the process with the given pid.
func NetNSPID(pid int) NetNS { return NetNS{kind: nsPID, n: pid} }

// IsZero reports whether n is the zero NetNS, the caller's namespace.
func (n NetNS) IsZero() bool { return n.kind == nsCurrent }

// PID returns the pid of a NetNS made by NetNSPID.
func (n NetNS) PID() (pid int, ok bool) { return n.n, n.kind == nsPID }

// String describes the namespace: "current", "blue" (a name), a path,
// "fd 5" or "pid 42".
func (n NetNS) String() string {
	switch n.kind {
	case nsName, nsPath:
		return n.path
	case nsFD:
		return "fd " + strconv.Itoa(n.n)
	case nsPID:
		return "pid " + strconv.Itoa(n.n)
	}
	return "current"
}

// Open opens the namespace's file, which the caller closes; it returns nil
// for the zero NetNS. It returns when ctx ends even if the open hangs.
func (n NetNS) Open(ctx context.Context) (*os.File, error) {
	h, err := n.open(ctx)
	if h == nil || err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(h.Release()), "netns:"+n.String()), nil
}

// open returns a handle on the namespace, nil for the caller's. Nothing it
// does blocks past ctx.
func (n NetNS) open(ctx context.Context) (*netns.Handle, error) {
	if ctx == nil {
		return nil, errNilContext
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var (
		h   *netns.Handle
		err error
	)
	switch n.kind {
	case nsCurrent:
		return nil, nil
	case nsName:
		if err = netns.CheckName(n.path); err == nil {
			h, err = netns.OpenContext(ctx, netns.NamedDir+"/"+n.path)
		}
	case nsPath:
		h, err = netns.OpenContext(ctx, n.path)
	case nsFD:
		h, err = netns.FromFD(n.n)
	case nsPID:
		h, err = netns.OpenContext(ctx, "/proc/"+strconv.Itoa(n.n)+"/ns/net")
	}
	if err != nil {
		return nil, fmt.Errorf("namespace %s: %w", n, err)
	}
	return h, nil
}
