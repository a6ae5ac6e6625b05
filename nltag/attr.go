package nltag

import "encoding/binary"

// Bits of an attribute's type field that are not part of the type number.
const (
	FlagNested    = 0x8000 // NLA_F_NESTED: the payload is itself a list of attributes
	FlagByteOrder = 0x4000 // NLA_F_NET_BYTEORDER: the payload is in network byte order
	TypeMask      = 0x3fff // NLA_TYPE_MASK
)

// HeaderLen is the size of an attribute header (struct nlattr).
const HeaderLen = 4

// Align rounds n up to the 4-byte alignment of netlink attributes and messages.
func Align(n int) int { return (n + 3) &^ 3 }

// Attr is one attribute as it appears on the wire. It is how a struct keeps
// attributes that none of its fields declares, and how Raw sub-messages and
// attribute walks present their contents.
type Attr struct {
	// Type is the attribute type including the FlagNested and FlagByteOrder bits.
	Type uint16
	// Data is the payload, without header or padding.
	Data []byte
}

// Num is the attribute type number without flag bits.
func (a Attr) Num() uint16 { return a.Type & TypeMask }

// Nested reports whether the sender marked the payload as nested attributes.
func (a Attr) Nested() bool { return a.Type&FlagNested != 0 }

// Wire keeps what a struct's fields cannot express: attributes that no field
// declares, and the order and type flags in which attributes arrived. A struct
// that has a field of type Wire re-encodes a decoded message to the bytes it
// was decoded from. Reset it (to Wire{}) to encode by the field rules alone,
// for instance when turning a decoded message into a new request.
//
// The field may be a *Wire instead, which keeps the record out of the
// struct: the struct holds one pointer in place of three slices, so values
// built in Go, copied, or allocated per message before decoding fills them
// stay smaller, and the pointer is nil until decoding sets it. Decoding
// sets it in every struct it decodes into (Order set, as for a Wire
// field). A nil *Wire encodes by the field rules, as a zero Wire does;
// ClearWire sets it to nil.
//
// Decoded values share records: in a dump nearly every message of a kind
// arrives in one order, and a struct whose attributes arrived in the order
// a struct of its type decoded recently (in any goroutine) recorded gets
// that struct's Order slice, and for a *Wire field, when nothing was
// unknown and no attribute had a tail, that very Wire. A decoded Wire's
// contents are therefore read-only: to change how a value encodes, replace
// or clear its Wire (assign a new Wire, or use ClearWire), never modify
// the slices of a Wire that decoding produced in place.
type Wire struct {
	// Unknown holds the attributes no field declares, in arrival order.
	// Encoding refuses an entry whose number a field declares, with
	// ErrValue: set the field instead.
	Unknown []Attr
	// Order lists the type of every attribute of the struct (flags included)
	// in arrival order. Decoding always sets it (to an empty, non-nil slice
	// when there were no attributes); nil means "not decoded": encode by the
	// field rules.
	Order []uint16
	// Tails holds, in arrival order, the bytes of declared attributes past
	// what their fields read: a newer kernel's longer C struct, an integer
	// wider than its field's kind, bytes after a string's NUL. Each is
	// written back after its field's value when Order is replayed. Data is
	// the extra bytes alone; Type is the attribute's. Encoding refuses,
	// with ErrValue, a tail for a field that never has one (a nest of
	// attributes, a multi field) or for a number no field declares.
	Tails []Attr
}

// Raw is the value of a selected sub-message whose selector names no
// registered type. It holds the payload unchanged and encodes back to it.
type Raw []byte

// AppendAttr appends one attribute with the given type and payload, padded to
// alignment. It is the building block for hand-written Marshalers. A
// payload of more than 65,531 bytes does not fit an attribute's 16-bit
// length, and AppendAttr, which returns no error, writes a wrong one:
// check first. (Inside a Marshaler's payload the attribute that holds it
// is longer still, and Marshal fails with ErrValue.)
func AppendAttr(b []byte, typ uint16, payload []byte) []byte {
	b = binary.NativeEndian.AppendUint16(b, uint16(HeaderLen+len(payload)))
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = append(b, payload...)
	return pad(b)
}

func pad(b []byte) []byte {
	for len(b)&3 != 0 {
		b = append(b, 0)
	}
	return b
}

// Attrs walks an attribute list, validating every header. It yields each
// attribute and, after the last, stops; a malformed header ends the walk with
// an error that gives its offset. Payloads alias b.
func Attrs(b []byte) func(yield func(Attr, error) bool) {
	return func(yield func(Attr, error) bool) {
		off := 0
		for len(b)-off >= HeaderLen {
			n := int(binary.NativeEndian.Uint16(b[off:]))
			t := binary.NativeEndian.Uint16(b[off+2:])
			if n < HeaderLen || n > len(b)-off {
				yield(Attr{}, &Error{Offset: off, Attr: t & TypeMask, Err: ErrLength})
				return
			}
			if !yield(Attr{Type: t, Data: b[off+HeaderLen : off+n : off+n]}, nil) {
				return
			}
			off += Align(n)
		}
	}
}
