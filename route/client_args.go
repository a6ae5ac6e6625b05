package route

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"strconv"

	"github.com/nltag/go-netlink/internal/operr"
	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// LinkRef names the link a Client call acts on: by index (ByIndex), which
// the kernel takes as it is, or by name (ByName). Calls the kernel
// addresses by name (LinkSet, LinkDel, LinkByName) send the name; the
// others (addresses, routes, neighbours, qdiscs, masters and parents) need
// an index, and look a name up first: one more request, and a race if the
// link is renamed in between. A daemon that learnt the index from a dump
// or an event should use it.
//
// The zero LinkRef names no link: optional fields (RouteOptions.Dev ...)
// leave it out, and calls that need a link refuse it.
type LinkRef struct {
	index  netlink.IfIndex
	name   string
	byName bool // ByName("") is not the zero LinkRef but an invalid name
}

// ByIndex names the link with interface index i.
func ByIndex(i netlink.IfIndex) LinkRef { return LinkRef{index: i} }

// ByName names the link called name.
func ByName(name string) LinkRef { return LinkRef{name: name, byName: true} }

// Ref returns a LinkRef to l by its index.
func (l *Link) Ref() LinkRef { return ByIndex(l.Index) }

// IsZero reports whether r names no link: the zero LinkRef, or ByIndex(0).
func (r LinkRef) IsZero() bool { return !r.byName && r.index == 0 }

// Index returns the index r names, and whether it names a link by index.
func (r LinkRef) Index() (netlink.IfIndex, bool) { return r.index, !r.byName && r.index != 0 }

// Name returns the name r names, and whether it names a link by name.
func (r LinkRef) Name() (string, bool) { return r.name, r.byName }

// String returns the name (quoted if it is empty or holds white space,
// quotes or bytes that do not print), "index N", or "none" for the zero
// LinkRef.
func (r LinkRef) String() string {
	switch {
	case r.byName && plainName(r.name):
		return r.name
	case r.byName:
		// Quoted: an error's text must not carry a caller's control
		// bytes (a NUL, a newline into a log) or hide white space.
		return strconv.Quote(r.name)
	case r.index == 0:
		return "none"
	}
	return fmt.Sprintf("index %d", r.index)
}

// plainName reports whether name prints as itself in an error: not empty,
// and only printable bytes other than white space and quotes.
func plainName(name string) bool {
	if name == "" {
		return false
	}
	for _, b := range []byte(name) {
		if b <= ' ' || b >= 0x7f || b == '"' {
			return false
		}
	}
	return true
}

// ArgError reports an argument the Client refused before sending anything.
type ArgError struct {
	// Arg names the argument or option field, such as "name" or
	// "LinkOptions.Master".
	Arg string
	// Rule says what is wrong with it.
	Rule string
}

// Error returns "Arg: Rule".
func (e *ArgError) Error() string { return e.Arg + ": " + e.Rule }

// argErr builds an *ArgError.
func argErr(arg, format string, a ...any) error {
	return &ArgError{Arg: arg, Rule: fmt.Sprintf(format, a...)}
}

// maxNameLen is IFNAMSIZ less the NUL: the longest name IFLA_IFNAME takes.
const maxNameLen = unix.IFNAMSIZ - 1

// checkName applies the kernel's rules for interface names (dev_valid_name),
// which it would otherwise report late and obscurely, or not at all: a
// name with a NUL acts on the link named by its part before the NUL. A '%'
// makes a name a pattern the kernel fills in ("v%d" gives v0), so that no
// link has it: the link a call creates or renames would not have the name
// it was given.
func checkName(arg, name string) error {
	switch {
	case name == "":
		return argErr(arg, "empty link name")
	case len(name) > maxNameLen:
		return argErr(arg, "link name %q is %d bytes, longer than the kernel's %d", name, len(name), maxNameLen)
	case name == "." || name == "..":
		return argErr(arg, "link name %q is not allowed", name)
	}
	for i := 0; i < len(name); i++ {
		if b := name[i]; b == 0 || b == '/' || b == ':' || b == '%' || kernelSpace(b) {
			return argErr(arg, "link name %q contains byte %#02x at %d, which link names cannot hold (NUL, '/', ':', '%%', white space)", name, b, i)
		}
	}
	return nil
}

// kernelSpace is the kernel's isspace, which dev_valid_name applies to each
// byte of a name: its ctype table is Latin-1, so the byte 0xA0 (part of the
// UTF-8 of "à") is white space, and the bytes of other Unicode spaces are
// not.
func kernelSpace(b byte) bool { return b == ' ' || b >= '\t' && b <= '\r' || b == 0xa0 }

// check validates r as the argument arg.
func (r LinkRef) check(arg string) error {
	switch {
	case r.byName:
		return checkName(arg, r.name)
	case r.index == 0:
		return argErr(arg, "no link given")
	case r.index > math.MaxInt32:
		return argErr(arg, "index %d beyond the kernel's largest, %d", r.index, math.MaxInt32)
	}
	return nil
}

// link fills the header or IFLA_IFNAME of req so that the kernel finds the
// link r names, without a lookup.
func (r LinkRef) link(arg string, req *Link) error {
	if err := r.check(arg); err != nil {
		return err
	}
	req.Index, req.Name = r.index, r.name
	return nil
}

// index returns the index of the link r names, asking the kernel for a
// name's.
func (c *Client) index(ctx context.Context, arg string, r LinkRef) (netlink.IfIndex, error) {
	if err := r.check(arg); err != nil {
		return 0, err
	}
	if !r.byName {
		return r.index, nil
	}
	if err := c.batch.refuseRenamed(arg, r, 0); err != nil {
		return 0, err
	}
	i, ok := c.batch.index(r.name)
	if !ok {
		// Only the index is wanted: the kernel leaves out the counters,
		// and only the header is decoded.
		l, err := get[linkHeader](ctx, c, unix.RTM_GETLINK, &Link{Name: r.name, ExtMask: ExtFilterSkipStats})
		if err != nil {
			return 0, noLink(arg, r, err)
		}
		i = l.Index
		c.batch.learn(r.name, i)
	}
	if err := c.batch.refuseRenamed(arg, r, i); err != nil {
		return 0, err
	}
	return i, nil
}

// NoLinkError reports that the kernel has no link of the name or index a
// call gave: the argument, the link, and the kernel's error (matching
// unix.ENODEV), which it unwraps to.
type NoLinkError struct {
	// Arg names the argument, such as "dev" or "LinkOptions.Master".
	Arg string
	// Link is the link it named.
	Link LinkRef
	// Err is the kernel's error.
	Err error

	named bool // the failed operation's text names the link: Error says only Err
}

// Error returns "Arg: link NAME: Err", or only Err's text where the error
// of the call it is part of names the link already ("route: link del eth9:
// no such device").
func (e *NoLinkError) Error() string {
	cause := operr.Cause(e.Err)
	if e.named {
		return cause
	}
	if name, ok := e.Link.Name(); ok {
		return fmt.Sprintf("%s: link %q: %s", e.Arg, name, cause)
	}
	return fmt.Sprintf("%s: link %s: %s", e.Arg, e.Link, cause)
}

// Unwrap returns the kernel's error.
func (e *NoLinkError) Unwrap() error { return e.Err }

// noLink wraps err, from a request that named link r, in a NoLinkError
// when it says there is no such link.
func noLink(arg string, r LinkRef, err error) error {
	if !errors.Is(err, unix.ENODEV) {
		if r.byName {
			return operr.Wrap(fmt.Sprintf("%s: link %q", arg, r.name), err)
		}
		return err
	}
	return &NoLinkError{Arg: arg, Link: r, Err: err}
}

// linkHeader is the struct ifinfomsg of a link message, which a lookup of
// an index decodes alone.
type linkHeader struct {
	Family uint8
	_      uint8
	Type   HardwareType
	Index  netlink.IfIndex
	Flags  InterfaceFlags
	Change InterfaceFlags
}

// optIndex is index for optional links: the zero LinkRef gives 0.
func (c *Client) optIndex(ctx context.Context, arg string, r LinkRef) (netlink.IfIndex, error) {
	if r.IsZero() {
		return 0, nil
	}
	return c.index(ctx, arg, r)
}

// checkHardwareAddr checks a link-layer address against the length the
// link's type takes: want bytes when known (6 for Ethernet kinds), else
// anything from 1 to MAX_ADDR_LEN.
func checkHardwareAddr(arg string, a net.HardwareAddr, want int) error {
	const maxAddrLen = 32 // MAX_ADDR_LEN
	switch {
	case a == nil:
		return nil
	case want > 0 && len(a) != want:
		return argErr(arg, "hardware address %v is %d bytes; this link type takes %d", a, len(a), want)
	case len(a) == 0 || len(a) > maxAddrLen:
		return argErr(arg, "hardware address of %d bytes; the kernel takes 1 to %d", len(a), maxAddrLen)
	}
	return nil
}
