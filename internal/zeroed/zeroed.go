// Package zeroed lets the module's packages decode with nltag into values
// they know hold their zero value, such as the slots of blocks they have
// just allocated: nltag then neither reads nor clears them first. On
// memory the kernel has not backed yet, reading costs a page fault of its
// own before the write that follows, which a dump of 100,000 routes into
// fresh blocks measurably pays. The promise is easy to break (a value
// decoded into before keeps the fields the next message does not set), so
// it is not offered outside the module.
package zeroed

import (
	"reflect"
	"unsafe"
)

// Unmarshal decodes data into the struct v points to, as nltag.Unmarshal
// does, for a v that already holds its zero value. Package nltag sets it
// when it is initialized.
var Unmarshal func(data []byte, v any) error

// NewDecoder returns a decoder of one message after another into zero
// values, as an nltag.Decoder kept across a dump decodes. Package nltag
// sets it when it is initialized.
var NewDecoder func() func(data []byte, v any) error

// carver, which package nltag sets when it is initialized, returns a
// decoder of data into new values of the struct type t, which returns the
// new value's address, or nil if t's values are better allocated one by
// one.
var carver func(t reflect.Type) func(data []byte) (unsafe.Pointer, error)

// SetCarver is how package nltag provides Carved's decoder.
func SetCarver(c func(t reflect.Type) func(data []byte) (unsafe.Pointer, error)) {
	carver = c
}

// Carved decodes bodies of type T into new values that nltag carves from
// chunks of a few (as it carves the values that pointer fields point to),
// which spares an allocation per body: a table's messages. It holds
// nltag's decoder of T itself, not a handle for nltag to look it up by.
type Carved[T any] struct {
	decode func(data []byte) (unsafe.Pointer, error)
}

// NewCarved returns the Carved of T, and false when T's values are better
// allocated one by one: large ones, and those that decode themselves.
func NewCarved[T any]() (Carved[T], bool) {
	d := carver(reflect.TypeFor[T]())
	return Carved[T]{d}, d != nil
}

// Decode returns a new T holding data's decoding; on failure, an error and
// a value to drop.
func (c Carved[T]) Decode(data []byte) (*T, error) {
	p, err := c.decode(data)
	return (*T)(p), err
}
