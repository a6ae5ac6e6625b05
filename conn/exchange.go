package conn

import (
	"encoding/binary"
	"errors"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// exchange follows the replies to one request.
type exchange struct {
	seq   uint32 // the request's; 0 for none
	ack   bool   // the request asked for an ACK
	dump  bool   // the request is a dump, answered until NLMSG_DONE
	multi bool   // a multipart reply, ended by NLMSG_DONE, has begun
	intr  bool   // a reply carried NLM_F_DUMP_INTR
	done  bool   // the reply is complete
	err   error  // the error the reply ended with
	rest  []byte // the datagram's messages after the one being handled
}

// step takes the next reply and reports whether it is data for the caller.
func (x *exchange) step(m netlink.RawMessage) bool {
	if m.Header.Flags&netlink.DumpIntr != 0 {
		x.intr = true
	}
	switch m.Header.Type {
	case netlink.Noop:
		return false
	case netlink.Error:
		x.done = true
		// An ACK needs no decoding.
		if len(m.Data) < 4 || binary.NativeEndian.Uint32(m.Data) != 0 {
			x.err = errorReply(m)
		}
		return false
	case netlink.Done:
		x.done = true
		var d netlink.DoneMessage
		if err := d.UnmarshalMessage(m.Header, m.Data); err != nil {
			x.err = err
		} else {
			x.err = d.Err()
		}
		return false
	case netlink.Overrun:
		x.done = true
		x.err = ErrOverrun
		return false
	}
	if m.Header.Flags&netlink.Multi != 0 {
		x.multi = true
	} else if !x.ack && !x.dump {
		x.done = true
	}
	return true
}

// errorReply turns an NLMSG_ERROR message into the error it reports.
func errorReply(m netlink.RawMessage) error {
	var e netlink.ErrorMessage
	err := e.UnmarshalMessage(m.Header, m.Data)
	if err == nil {
		return e.Err()
	}
	if len(m.Data) < 4 {
		return err
	}
	// The errno is readable even if what follows is not: keep both.
	errno := int32(binary.NativeEndian.Uint32(m.Data))
	return errors.Join(&netlink.OpError{Errno: unix.Errno(-errno), Request: e.Request}, err)
}

// result is the error that ends a complete exchange.
func (x *exchange) result() error {
	if !x.intr {
		return x.err
	}
	if x.err != nil {
		return errors.Join(x.err, ErrDumpInterrupted)
	}
	return ErrDumpInterrupted
}
