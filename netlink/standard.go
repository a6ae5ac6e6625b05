package netlink

import (
	"fmt"
	"strings"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/nltag"
)

// ExtAck holds the extended-ACK attributes (NLMSGERR_ATTR_*) the kernel adds
// to errors and ACKs when the socket enabled NETLINK_EXT_ACK.
type ExtAck struct {
	_ nltag.Set `nla:"nlmsgerr"`
	// Msg is the kernel's text about the error.
	Msg string `nla:"NLMSGERR_ATTR_MSG"`
	// Offset is the byte offset, in the request, of the attribute at fault.
	Offset uint32 `nla:"NLMSGERR_ATTR_OFFS"`
	// Cookie is data some subsystems return to the requester.
	Cookie []byte `nla:"NLMSGERR_ATTR_COOKIE"`
	// Policy describes the policy the faulty attribute failed (a nested
	// netlink policy; see genl for its layout).
	Policy nltag.Raw `nla:"NLMSGERR_ATTR_POLICY"`
	// MissType is the type of a missing attribute; MissNest is the offset of
	// the nest it was missing from.
	MissType uint32 `nla:"NLMSGERR_ATTR_MISS_TYPE"`
	MissNest uint32 `nla:"NLMSGERR_ATTR_MISS_NEST"`
	// Wire keeps attributes of newer kernels and the arrival order.
	Wire nltag.Wire
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "nlmsgerr", Attrs: map[string]uint16{
	"NLMSGERR_ATTR_MSG":       1,
	"NLMSGERR_ATTR_OFFS":      2,
	"NLMSGERR_ATTR_COOKIE":    3,
	"NLMSGERR_ATTR_POLICY":    4,
	"NLMSGERR_ATTR_MISS_TYPE": 5,
	"NLMSGERR_ATTR_MISS_NEST": 6,
}})

// ErrorMessage is the body of NLMSG_ERROR: an error, or an ACK when Errno is 0.
type ErrorMessage struct {
	// Errno is the negated errno, as the kernel sends it; 0 for an ACK.
	Errno int32
	// Request is the header of the request this answers.
	Request Header
	// RequestLen is the request's length as its header gave it (nlmsg_len):
	// with Capped, the payload it counts is not here. MarshalMessage
	// computes it when the payload is echoed.
	RequestLen uint32
	// Payload is the request's body, echoed unless the ACK was capped.
	Payload []byte
	// Ext holds the extended-ACK attributes.
	Ext ExtAck
}

// DoneMessage is the body of NLMSG_DONE, which ends a dump. Errno is non-zero
// when the dump failed part way.
type DoneMessage struct {
	Errno int32
	Ext   ExtAck
}

// NoData is the body of messages that carry none, such as NLMSG_NOOP.
type NoData struct{}

// MarshalNetlink writes nothing.
func (NoData) MarshalNetlink(b []byte) ([]byte, error) { return b, nil }

// UnmarshalNetlink accepts any payload and keeps none of it.
func (*NoData) UnmarshalNetlink([]byte) error { return nil }

// OverrunMessage is the body of NLMSG_OVERRUN.
type OverrunMessage struct{ NoData }

// UnmarshalMessage decodes an NLMSG_ERROR body. The header's flags say
// whether the request payload was echoed and whether attributes follow.
// A *FramingError it returns gives the message's length as HeaderLen plus
// len(data), which is what it is when data is a RawMessage's Data.
func (e *ErrorMessage) UnmarshalMessage(h Header, data []byte) error {
	*e = ErrorMessage{}
	l := uint32(HeaderLen + len(data))
	if len(data) < 4+HeaderLen {
		return &FramingError{Header: h, Length: l, Msg: fmt.Sprintf("error message of %d bytes, want at least %d", len(data), 4+HeaderLen)}
	}
	e.Errno = int32(ne.Uint32(data))
	e.Request, e.RequestLen, _ = ParseHeader(data[4:])
	rest := data[4+HeaderLen:]
	if h.Flags&Capped == 0 {
		n := int(e.RequestLen) - HeaderLen
		if n < 0 || n > len(rest) {
			return &FramingError{Header: h, Length: l, Msg: fmt.Sprintf("echoed request of length %d in %d bytes", e.RequestLen, len(rest)+HeaderLen)}
		}
		e.Payload = append([]byte(nil), rest[:n]...)
		rest = rest[min(Align(n), len(rest)):]
	}
	if h.Flags&AckTLVs != 0 {
		if err := nltag.Unmarshal(rest, &e.Ext); err != nil {
			return fmt.Errorf("netlink: extended ACK: %w", err)
		}
	}
	return nil
}

// MarshalMessage is UnmarshalMessage's inverse, for tests and fakes: it
// echoes the payload unless h has Capped, and writes Ext when h has AckTLVs.
func (e *ErrorMessage) MarshalMessage(h Header, b []byte) ([]byte, error) {
	b = ne.AppendUint32(b, uint32(e.Errno))
	l := e.RequestLen
	if h.Flags&Capped == 0 {
		l = uint32(HeaderLen + len(e.Payload))
	}
	b = AppendHeader(b, l, e.Request)
	if h.Flags&Capped == 0 {
		b = append(b, e.Payload...)
		for len(b)&3 != 0 {
			b = append(b, 0)
		}
	}
	if h.Flags&AckTLVs != 0 {
		return nltag.AppendMarshal(b, &e.Ext)
	}
	return b, nil
}

// UnmarshalMessage decodes an NLMSG_DONE body.
func (d *DoneMessage) UnmarshalMessage(h Header, data []byte) error {
	*d = DoneMessage{}
	if len(data) < 4 {
		// Some protocols end dumps with an empty DONE.
		return nil
	}
	d.Errno = int32(ne.Uint32(data))
	if h.Flags&AckTLVs != 0 {
		if err := nltag.Unmarshal(data[4:], &d.Ext); err != nil {
			return fmt.Errorf("netlink: extended ACK: %w", err)
		}
	}
	return nil
}

// MarshalMessage writes a DONE body; Ext goes out when h has AckTLVs.
func (d *DoneMessage) MarshalMessage(h Header, b []byte) ([]byte, error) {
	b = ne.AppendUint32(b, uint32(d.Errno))
	if h.Flags&AckTLVs != 0 {
		return nltag.AppendMarshal(b, &d.Ext)
	}
	return b, nil
}

// Err returns the error the message reports, or nil for an ACK.
func (e *ErrorMessage) Err() error {
	if e.Errno == 0 {
		return nil
	}
	return newError(e.Errno, e.Request, &e.Ext)
}

// Err returns the error that ended the dump, or nil.
func (d *DoneMessage) Err() error {
	if d.Errno == 0 {
		return nil
	}
	return newError(d.Errno, Header{}, &d.Ext)
}

// OpError is an error the kernel returned for a request. errors.Is(err,
// unix.EEXIST) and the like hold for it, and its text includes the kernel's
// extended-ACK message.
type OpError struct {
	// Errno is the error number, as Linux numbers errors (the type is
	// x/sys/unix's Errno on Linux).
	Errno unix.Errno
	// Request is the header of the failed request (zero for a failed dump's DONE).
	Request Header
	// Msg is the kernel's extended-ACK text, if it gave one.
	Msg string
	// Offset is the offset in the request of the attribute at fault, when
	// the kernel points at one; MissType names a missing attribute.
	Offset, MissType uint32
	// Field is the Go field path, in the request's body, of the attribute
	// at Offset, with its name: "LinkInfo.Data(vxlan).ID (IFLA_VXLAN_ID)".
	// Missing is the name of the missing attribute, with the field path of
	// the nest it is missing from. A Conn fills them in from the request it
	// sent, when its body is a struct that package nltag encodes.
	Field, Missing string
	// Ext is everything the extended ACK held.
	Ext ExtAck
}

func newError(errno int32, req Header, ext *ExtAck) *OpError {
	return &OpError{Errno: unix.Errno(-errno), Request: req, Msg: ext.Msg, Offset: ext.Offset, MissType: ext.MissType, Ext: *ext}
}

// Error returns the errno's text, then the field at fault, the kernel's
// message, and the attribute missing when it named one.
func (e *OpError) Error() string {
	var sb strings.Builder
	sb.WriteString("netlink: ")
	sb.WriteString(e.Errno.Error())
	if e.Field != "" {
		sb.WriteString(": ")
		sb.WriteString(e.Field)
	}
	if e.Msg != "" {
		sb.WriteString(": ")
		sb.WriteString(e.Msg)
	}
	if e.Offset != 0 && e.Field == "" {
		fmt.Fprintf(&sb, " (attribute at offset %d)", e.Offset)
	}
	switch {
	case e.Missing != "":
		fmt.Fprintf(&sb, " (missing attribute %s)", e.Missing)
	case e.MissType != 0:
		fmt.Fprintf(&sb, " (missing attribute %d)", e.MissType)
	}
	return sb.String()
}

// Unwrap returns the errno, so that errors.Is(err, unix.ENOENT) works.
func (e *OpError) Unwrap() error { return e.Errno }
