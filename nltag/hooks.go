package nltag

// Marshaler is implemented by types that write their own attribute payload,
// the counterpart of guile-netlink's nl-data with its size and serialize
// procedures. MarshalNetlink appends the payload (without the attribute
// header, which the caller writes) to b and returns the extended slice.
type Marshaler interface {
	MarshalNetlink(b []byte) ([]byte, error)
}

// Unmarshaler is implemented by types that read their own attribute payload.
// data is the payload without header or padding; it is the caller's to keep.
//
// A hook that decodes parts of its payload with this package implements
// UnmarshalerFrom instead: nltag.Unmarshal called from inside
// UnmarshalNetlink starts afresh, so neither MaxDepth nor the memory bound
// of the message being decoded reaches it, and a type that holds itself
// through such a hook can be nested as deep as the input allows.
type Unmarshaler interface {
	UnmarshalNetlink(data []byte) error
}

// UnmarshalerFrom is implemented by types that read their own attribute
// payload and decode parts of it with this package, as RTA_MULTIPATH's
// sequence of structs does: d decodes them inside the call that reached
// the hook, at its depth, with its options and under its memory bound.
// d is valid only during the call: kept, it refuses to decode afterwards
// (after a panic too), and a copy of it starts afresh, as any Decoder's does.
// data is the payload without header or padding; it aliases the message,
// so a hook copies what it keeps (values decoded through d never alias
// it). A type with both methods is decoded through this one.
type UnmarshalerFrom interface {
	UnmarshalNetlinkFrom(d *Decoder, data []byte) error
}
