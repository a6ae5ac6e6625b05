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

// Package nltag sets these when it is initialized: carver returns how
// decodeNew gets new values of the struct type t, or nil if they are
// better allocated one by one; decodeNew decodes data into a new value of
// that type and returns its address.
var (
	carver    func(t reflect.Type) any
	decodeNew func(c any, data []byte) (unsafe.Pointer, error)
)

// SetCarver is how package nltag provides Carved's functions.
func SetCarver(c func(t reflect.Type) any, d func(c any, data []byte) (unsafe.Pointer, error)) {
	carver, decodeNew = c, d
}

// Carved decodes bodies of type T into new values that nltag carves from
// chunks of a few (as it carves the values that pointer fields point to),
// which spares an allocation per body: a table's messages.
type Carved[T any] struct{ c any }

// NewCarved returns the Carved of T, or nil when T's values are better
// allocated one by one: large ones, and those that decode themselves.
func NewCarved[T any]() *Carved[T] {
	c := carver(reflect.TypeFor[T]())
	if c == nil {
		return nil
	}
	return &Carved[T]{c}
}

// Decode returns a new T holding data's decoding; on failure, an error and
// a value to drop.
func (c *Carved[T]) Decode(data []byte) (*T, error) {
	p, err := decodeNew(c.c, data)
	return (*T)(p), err
}
