// Package zeroed lets the module's packages decode with nltag into values
// they know hold their zero value, such as the slots of blocks they have
// just allocated: nltag then neither reads nor clears them first. On
// memory the kernel has not backed yet, reading costs a page fault of its
// own before the write that follows, which a dump of 100,000 routes into
// fresh blocks measurably pays. The promise is easy to break (a value
// decoded into before keeps the fields the next message does not set), so
// it is not offered outside the module.
package zeroed

// Unmarshal decodes data into the struct v points to, as nltag.Unmarshal
// does, for a v that already holds its zero value. Package nltag sets it
// when it is initialized.
var Unmarshal func(data []byte, v any) error

// NewDecoder returns a decoder of one message after another into zero
// values, as an nltag.Decoder kept across a dump decodes. Package nltag
// sets it when it is initialized.
var NewDecoder func() func(data []byte, v any) error
