package route

import (
	"fmt"
	"strconv"

	"github.com/nltag/go-netlink/internal/netns"
)

// NetNS names a network namespace: by the name `ip netns add` gave it, by
// the path of a namespace file, by an open file descriptor, or by a process
// living in it. The zero NetNS means the caller's own namespace.
//
// A Client works in one (Options.NetNS); LinkOptions.NetNS moves a link to
// one, and Veth.PeerNetNS puts a new veth's peer there.
type NetNS struct {
	kind nsKind
	path string
	n    int // fd or pid
}

type nsKind uint8

const (
	nsCurrent nsKind = iota
	nsPath
	nsFD
	nsPID
)

// NetNSName is the namespace that `ip netns add name` created, found under
// /run/netns.
func NetNSName(name string) NetNS { return NetNS{kind: nsPath, path: netns.NamedDir + "/" + name} }

// NetNSPath is the namespace of a namespace file, such as /proc/PID/ns/net
// or a bind mount of one.
func NetNSPath(path string) NetNS { return NetNS{kind: nsPath, path: path} }

// NetNSFD is the namespace of an open file descriptor. The caller keeps
// ownership of fd, which must stay open while it is in use.
func NetNSFD(fd int) NetNS { return NetNS{kind: nsFD, n: fd} }

// NetNSPID is the namespace of the process with the given pid.
func NetNSPID(pid int) NetNS { return NetNS{kind: nsPID, n: pid} }

// IsZero reports whether n is the zero NetNS, the caller's namespace.
func (n NetNS) IsZero() bool { return n.kind == nsCurrent }

// String describes the namespace: "current", a path, "fd 5" or "pid 42".
func (n NetNS) String() string {
	switch n.kind {
	case nsPath:
		return n.path
	case nsFD:
		return "fd " + strconv.Itoa(n.n)
	case nsPID:
		return "pid " + strconv.Itoa(n.n)
	}
	return "current"
}

// open returns a handle on the namespace; nil for the current one.
func (n NetNS) open() (*netns.Handle, error) {
	switch n.kind {
	case nsPath:
		return netns.Open(n.path)
	case nsFD:
		return netns.FromFD(n.n)
	case nsPID:
		return netns.OpenPID(n.n)
	}
	return nil, nil
}

// setLinkNS makes req move its link to n (or create it there): by pid when n
// names a process, else through a descriptor, which the returned function
// closes once the request is done.
func (n NetNS) setLinkNS(req *Link) (done func(), err error) {
	switch n.kind {
	case nsCurrent:
		return func() {}, nil
	case nsPID:
		req.NetNSPID = uint32(n.n)
		return func() {}, nil
	}
	h, err := n.open()
	if err != nil {
		return nil, fmt.Errorf("namespace %s: %w", n, err)
	}
	fd := uint32(h.FD())
	req.NetNSFD = &fd
	return func() { h.Close() }, nil
}
