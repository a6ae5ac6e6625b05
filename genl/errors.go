package genl

import (
	"github.com/nltag/go-netlink/internal/operr"
	"github.com/nltag/go-netlink/nltag"
)

// RequestError is a request to a family that failed: it names the family
// and the command, which the kernel's error alone does not ("operation not
// supported" for a command the family lacks). It unwraps to the cause, so
// errors.Is(err, unix.EOPNOTSUPP) and errors.As(err, &opErr) still hold.
type RequestError struct {
	// Family is the family's name, such as "ethtool".
	Family string
	// Command is the request's command number.
	Command uint8
	// Err is the cause, a *netlink.OpError for the kernel's refusals.
	Err error
}

// Error returns "genl: FAMILY COMMAND: cause", the command by its name when
// the family's Table names it.
func (e *RequestError) Error() string {
	return "genl: " + e.Family + " " + commandName(e.Family, e.Command) + ": " + operr.Cause(e.Err)
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// requestError wraps err, the failure of the request req to family, in a
// *RequestError; the command is the first byte of req's encoding, its
// generic header.
func requestError(family string, req any, err error) error {
	if err == nil {
		return nil
	}
	var cmd uint8
	if b, merr := nltag.Marshal(req); merr == nil && len(b) > 0 {
		cmd = b[0]
	}
	return &RequestError{Family: family, Command: cmd, Err: err}
}
