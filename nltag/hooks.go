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
type Unmarshaler interface {
	UnmarshalNetlink(data []byte) error
}
