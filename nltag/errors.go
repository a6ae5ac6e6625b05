package nltag

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Causes carried by *Error; test them with errors.Is.
var (
	// ErrLength: an attribute's or message's length field is below its header
	// size or runs past the end of the data that holds it.
	ErrLength = errors.New("bad length")
	// ErrShort: a payload is too short for the value it must hold.
	ErrShort = errors.New("payload too short")
	// ErrSize: a payload is longer than its value (strict decoding), or,
	// in any mode, of a length its kind does not have (a variable-width
	// integer of 3 bytes, an address of 5) or holding an integer its Go
	// type cannot (a uint of 2^32+1 into a uint32).
	ErrSize = errors.New("payload longer than its value")
	// ErrUnknown: an attribute no field declares (strict decoding only).
	ErrUnknown = errors.New("undeclared attribute")
	// ErrDepth: attributes are nested deeper than MaxDepth.
	ErrDepth = errors.New("nesting too deep")
	// ErrTrailing: bytes after the last attribute (strict decoding only).
	ErrTrailing = errors.New("trailing bytes")
	// ErrMemory: the value would take more memory than decoding allows
	// for an input of its size (12 bytes per input byte and 8 KiB), as
	// when thousands of empty attributes each ask for a large element.
	ErrMemory = errors.New("value too large for its input")
	// ErrValue: a value cannot be represented on the wire (encoding).
	ErrValue = errors.New("value not encodable")
)

// MaxDepth bounds attribute nesting when decoding; deeper input is rejected
// with ErrDepth so that hostile messages cannot exhaust the stack.
const MaxDepth = 32

// Error reports a failure to encode or decode a value: where it happened and why.
type Error struct {
	// Type is the Go type of the top-level value.
	Type reflect.Type
	// Path names the field that failed, from the top-level struct inward,
	// such as "LinkInfo.Data(veth).Peer". Empty for the fixed header.
	Path string
	// Offset is the byte offset in the input (decoding) or output (encoding)
	// where the faulty attribute or field starts; 0 for a sub-message
	// that its selector does not select, refused before encoding starts.
	Offset int
	// Attr is the attribute type number involved, when there is one.
	Attr uint16
	// Err is the cause.
	Err error
}

// Error names the value's type, the path of the field at fault, the
// offset, the attribute number if there is one, and the cause.
func (e *Error) Error() string {
	var s strings.Builder
	s.WriteString("nltag:")
	if e.Type != nil || e.Path != "" {
		s.WriteByte(' ')
	}
	if e.Type != nil {
		s.WriteString(e.Type.String())
		if e.Path != "" {
			s.WriteByte('.')
		}
	}
	s.WriteString(e.Path)
	fmt.Fprintf(&s, " at offset %d", e.Offset)
	if e.Attr != 0 {
		fmt.Fprintf(&s, " (attribute %d)", e.Attr)
	}
	s.WriteString(": ")
	s.WriteString(e.Err.Error())
	return s.String()
}

// Unwrap returns the cause, so that errors.Is(err, ErrShort) and the like
// hold.
func (e *Error) Unwrap() error { return e.Err }

// pathError accumulates the field path while an error unwinds; segments are
// added innermost first and reversed once, so the success path costs nothing.
type pathError struct {
	segs []string
	off  int
	attr uint16
	err  error
}

func (e *pathError) Error() string { return e.err.Error() }

func newErr(off int, attr uint16, err error) error {
	return &pathError{off: off, attr: attr, err: err}
}

// wrap adds a path segment to err, converting a foreign error (from a hook).
//
//go:noinline
func wrap(err error, seg string, off int, attr uint16) error {
	pe, ok := err.(*pathError)
	if !ok {
		pe = &pathError{off: off, attr: attr, err: err}
	}
	if pe.attr == 0 {
		pe.attr = attr
	}
	if seg != "" {
		pe.segs = append(pe.segs, seg)
	}
	return pe
}

func finish(err error, t reflect.Type) error {
	pe, ok := err.(*pathError)
	if !ok {
		return err
	}
	var path strings.Builder
	for i := len(pe.segs) - 1; i >= 0; i-- {
		s := pe.segs[i]
		if path.Len() > 0 && s[0] != '(' && s[0] != '[' {
			path.WriteByte('.')
		}
		path.WriteString(s)
	}
	return &Error{Type: t, Path: path.String(), Offset: pe.off, Attr: pe.attr, Err: pe.err}
}

// TypeError reports a Go type that cannot be encoded or decoded as declared:
// a bad tag, an attribute name no set defines, a kind that does not fit the
// field's type. It is returned at first use of the type and by Check.
type TypeError struct {
	Type  reflect.Type // the struct holding the field
	Field string       // the field's name
	Msg   string
}

// Error names the type, and the field when there is one, and what is
// wrong.
func (e *TypeError) Error() string {
	if e.Field == "" {
		return "nltag: " + e.Type.String() + ": " + e.Msg
	}
	return "nltag: " + e.Type.String() + "." + e.Field + ": " + e.Msg
}
