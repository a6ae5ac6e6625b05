// Package operr builds the errors of the clients (route, sockdiag,
// conntrack): "PKG: OP: cause", with one package prefix however deep the
// wrapping goes.
package operr

import "strings"

// Error is the failure of an operation of package Pkg.
type Error struct {
	Pkg string // "route"
	Op  string // "link add eth0"
	Err error
}

// New wraps err, unless it is nil, as the failure of op.
func New(pkg, op string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Pkg: pkg, Op: op, Err: err}
}

// Error returns "PKG: OP: cause". An Error of the same package inside
// gives its operation without the prefix again, and the "netlink: " that
// conn and the kernel's errors start with is left out: the package prefix
// already says where the error arose.
func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString(e.Pkg)
	for err := error(e); ; {
		inner, ok := err.(*Error)
		if !ok || inner.Pkg != e.Pkg {
			sb.WriteString(": ")
			sb.WriteString(Cause(err))
			return sb.String()
		}
		sb.WriteString(": ")
		sb.WriteString(inner.Op)
		err = inner.Err
	}
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Cause returns err's text without the "netlink: " of conn's and the
// kernel's errors, for wrapping it in an error that has a prefix of its
// own.
func Cause(err error) string { return strings.TrimPrefix(err.Error(), "netlink: ") }

// Wrap returns an error that says "what: cause" (the cause as Cause gives
// it) and unwraps to err.
func Wrap(what string, err error) error { return &wrapped{what, err} }

type wrapped struct {
	what string
	err  error
}

func (w *wrapped) Error() string { return w.what + ": " + Cause(w.err) }
func (w *wrapped) Unwrap() error { return w.err }
