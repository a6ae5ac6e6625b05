package netlink

import (
	"errors"
	"fmt"
	"iter"

	"github.com/nltag/go-netlink/nltag"
)

// Message is a message whose body is a Go value: a struct nltag encodes, a
// Marshaler, raw bytes ([]byte), or nil for no body. It is what a Table
// decodes into and what AppendMessage writes.
type Message struct {
	Header Header
	Body   any
}

// RawMessage is a message as received: its header and its undecoded body.
// Data aliases the buffer it was parsed from.
type RawMessage struct {
	Header Header
	Data   []byte
}

// Len returns the message's length as its header gave it (nlmsg_len): the
// header's bytes and Data's, without the padding after them.
func (m RawMessage) Len() int { return HeaderLen + len(m.Data) }

// ErrMalformed is the cause of every error about a message's framing.
var ErrMalformed = errors.New("malformed message")

// FramingError reports a message whose length field is inconsistent with
// the buffer that holds it.
type FramingError struct {
	Offset int    // where the message starts in the buffer
	Header Header // what could be read of its header
	Length uint32 // the length its header gives (nlmsg_len), if it could be read
	Msg    string // what is wrong
}

// Error gives the message's offset, type and length, and what is wrong.
func (e *FramingError) Error() string {
	return fmt.Sprintf("netlink: malformed message at offset %d (type %d, length %d): %s", e.Offset, e.Header.Type, e.Length, e.Msg)
}

// Unwrap returns ErrMalformed, so that errors.Is(err, ErrMalformed) holds for
// every framing error.
func (e *FramingError) Unwrap() error { return ErrMalformed }

// AppendMessage appends m to b: the header, with the length computed, then
// the body, padded to alignment.
func AppendMessage(b []byte, m Message) ([]byte, error) {
	start := len(b)
	b = AppendHeader(b, 0, m.Header) // the length is known at the end
	var err error
	switch body := m.Body.(type) {
	case nil:
	case []byte:
		b = append(b, body...)
	case nltag.Raw:
		b = append(b, body...)
	case BodyMarshaler:
		if b, err = body.MarshalMessage(m.Header, b); err != nil {
			return b[:start], err
		}
	default:
		if b, err = nltag.AppendMarshal(b, body); err != nil {
			return b[:start], err
		}
	}
	ne.PutUint32(b[start:], uint32(len(b)-start))
	for len(b)&3 != 0 {
		b = append(b, 0)
	}
	return b, nil
}

// Messages walks the messages packed in b (one datagram), validating each
// length. A malformed message ends the walk with a *FramingError. Data of
// each message aliases b.
func Messages(b []byte) iter.Seq2[RawMessage, error] {
	return func(yield func(RawMessage, error) bool) {
		off := 0
		for off < len(b) {
			rest := b[off:]
			h, l, err := ParseHeader(rest)
			if err != nil {
				h, l = partialHeader(rest)
				yield(RawMessage{}, &FramingError{Offset: off, Header: h, Length: l, Msg: fmt.Sprintf("%d bytes left, a header needs %d", len(rest), HeaderLen)})
				return
			}
			if l < HeaderLen || int(l) > len(rest) {
				yield(RawMessage{Header: h}, &FramingError{Offset: off, Header: h, Length: l, Msg: fmt.Sprintf("length %d with %d bytes left", l, len(rest))})
				return
			}
			if !yield(RawMessage{Header: h, Data: rest[HeaderLen:l:l]}, nil) {
				return
			}
			off += Align(int(l))
		}
	}
}

// partialHeader returns the fields that b, shorter than a header, holds
// whole, for a FramingError.
func partialHeader(b []byte) (h Header, length uint32) {
	if len(b) >= 4 {
		length = ne.Uint32(b)
	}
	if len(b) >= 6 {
		h.Type = MsgType(ne.Uint16(b[4:]))
	}
	if len(b) >= 8 {
		h.Flags = Flags(ne.Uint16(b[6:]))
	}
	if len(b) >= 12 {
		h.Seq = ne.Uint32(b[8:])
	}
	return h, length
}

// ParseMessages splits b into its messages, as Messages does.
func ParseMessages(b []byte) ([]RawMessage, error) {
	var ms []RawMessage
	for m, err := range Messages(b) {
		if err != nil {
			return ms, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}
