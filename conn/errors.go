package conn

import (
	"errors"

	"github.com/nltag/go-netlink/internal/unix"
)

// ErrDumpInterrupted reports that the kernel flagged a dump with
// NLM_F_DUMP_INTR: the objects changed while it was being read, so the
// result may be inconsistent (objects missed or seen twice). It is returned
// together with everything the dump produced; ExecuteConsistent retries such
// dumps.
var ErrDumpInterrupted = errors.New("netlink: dump interrupted: the result may be inconsistent")

// ErrOverrun reports that the socket's receive buffer overflowed and the
// kernel dropped messages (ENOBUFS), typically multicast events arriving
// faster than they were read. errors.Is(err, unix.ENOBUFS) holds for it as
// well. The socket keeps working: later reads return the messages that
// arrived after the loss, and every message after an ErrOverrun is either
// returned or reported by another ErrOverrun (see the package
// documentation). A listener that mirrors kernel state should treat it as
// the cue to dump the state afresh.
var ErrOverrun error = overrunError{}

type overrunError struct{}

func (overrunError) Error() string {
	return "netlink: receive buffer overrun, messages were lost (ENOBUFS)"
}

func (overrunError) Is(target error) bool { return target == unix.ENOBUFS }

// errYield makes a Receive step aside for a request; it never leaves the
// package.
var errYield = errors.New("netlink: receive yields to a request")

// ErrInStream reports a call to Receive, ReceiveFrom, Execute or Stream
// from the loop body of a Stream on the same Conn. The Conn is busy until
// the loop ends, so such a call would wait forever; it fails at once.
var ErrInStream = errors.New("netlink: the Conn is busy with the Stream whose loop body made this call")
