package netlink

import (
	"encoding/binary"
	"fmt"
)

// HeaderLen is the size of a message header (struct nlmsghdr).
const HeaderLen = 16

// Header is a message header, struct nlmsghdr, but for its length
// (nlmsg_len), which belongs to the framing: AppendMessage writes it and
// Messages checks it (a RawMessage's is Len), as guile-netlink's message
// has none. Four fields also make a header, and a Message, values Go keeps
// in registers: passed by value they cost no copies through memory (with
// the length, a dump loop through Table.Decode lost about 10 ns a message
// to stalled copies).
type Header struct {
	// Type is the message type: a standard type or one of the protocol's.
	Type MsgType
	// Flags are the NLM_F_* flags.
	Flags Flags
	// Seq is the sequence number; replies carry the request's.
	Seq uint32
	// PID is the sender's port id: 0 for the kernel.
	PID uint32
}

// MsgType is a message type number. Below MinType they are the standard
// types of every protocol; above, a protocol's table names them.
type MsgType uint16

// The standard message types.
const (
	Noop    MsgType = 0x1 // NLMSG_NOOP: to be ignored
	Error   MsgType = 0x2 // NLMSG_ERROR: an error, or an ACK when the code is 0
	Done    MsgType = 0x3 // NLMSG_DONE: the end of a multipart message
	Overrun MsgType = 0x4 // NLMSG_OVERRUN: data was lost
	MinType MsgType = 0x10
)

var standardTypes = NewEnum(map[MsgType]string{
	Noop: "NLMSG_NOOP", Error: "NLMSG_ERROR", Done: "NLMSG_DONE", Overrun: "NLMSG_OVERRUN",
})

// String names the standard types; others print as numbers (a protocol's
// Table names its own).
func (t MsgType) String() string { return standardTypes.Format(t) }

// Flags are a message's NLM_F_* flags. The bits from 0x100 up mean different
// things for GET, NEW and DELETE requests and for ACKs, so several names share
// a value.
type Flags uint16

// Flags of every message.
const (
	Request      Flags = 0x1  // a request
	Multi        Flags = 0x2  // part of a multipart reply, ended by NLMSG_DONE
	Acknowledge  Flags = 0x4  // the sender asks for an ACK
	Echo         Flags = 0x8  // echo this request to the sender
	DumpIntr     Flags = 0x10 // the dump was inconsistent: the data changed while it ran
	DumpFiltered Flags = 0x20 // the dump was filtered as requested
)

// Flags of GET requests.
const (
	Root   Flags = 0x100 // return the complete table
	Match  Flags = 0x200 // return all matching entries
	Atomic Flags = 0x400 // return an atomic snapshot (obsolete)
	Dump   Flags = Root | Match
)

// Flags of NEW requests.
const (
	Replace Flags = 0x100 // replace an existing object
	Excl    Flags = 0x200 // fail if the object exists
	Create  Flags = 0x400 // create the object if it does not exist
	Append  Flags = 0x800 // add to the end of the object list
)

// Flags of DELETE requests.
const (
	NonRec Flags = 0x100 // do not delete recursively
	Bulk   Flags = 0x200 // delete several objects
)

// Flags of ACK messages.
const (
	Capped  Flags = 0x100 // the request's payload was left out of the error
	AckTLVs Flags = 0x200 // extended ACK attributes follow
)

var flagNames = NewFlags(map[Flags]string{
	Request: "REQUEST", Multi: "MULTI", Acknowledge: "ACK", Echo: "ECHO",
	DumpIntr: "DUMP_INTR", DumpFiltered: "DUMP_FILTERED",
	0x100: "0x100", 0x200: "0x200", 0x400: "0x400", 0x800: "0x800",
})

// String prints the flags as "REQUEST|ACK"; the context-dependent bits print
// in hex, except the common DUMP pair.
func (f Flags) String() string {
	if f&Dump == Dump && f&Request != 0 {
		s := flagNames.Format(f &^ Dump)
		if s == "0" {
			return "DUMP"
		}
		return s + "|DUMP"
	}
	return flagNames.Format(f)
}

// Align rounds n up to the 4-byte alignment of netlink messages.
func Align(n int) int { return (n + 3) &^ 3 }

var ne = binary.NativeEndian

// AppendHeader appends in host byte order the header h of a message of
// length bytes, header included (AppendMessage computes it).
func AppendHeader(b []byte, length uint32, h Header) []byte {
	b = ne.AppendUint32(b, length)
	b = ne.AppendUint16(b, uint16(h.Type))
	b = ne.AppendUint16(b, uint16(h.Flags))
	b = ne.AppendUint32(b, h.Seq)
	return ne.AppendUint32(b, h.PID)
}

// ParseHeader reads a message header from the start of b, and the length
// it gives the message (nlmsg_len), which the caller checks.
func ParseHeader(b []byte) (h Header, length uint32, err error) {
	if len(b) < HeaderLen {
		return Header{}, 0, fmt.Errorf("netlink: %d bytes hold no message header", len(b))
	}
	return Header{
		Type:  MsgType(ne.Uint16(b[4:])),
		Flags: Flags(ne.Uint16(b[6:])),
		Seq:   ne.Uint32(b[8:]),
		PID:   ne.Uint32(b[12:]),
	}, ne.Uint32(b), nil
}
