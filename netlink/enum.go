package netlink

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// Integer is the set of types an Enum or FlagSet can name.
type Integer interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~int | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uint
}

// Enum names the values of an integer type both ways: guile-netlink's
// define-enum. A type gets its String method from one:
//
//	var operStates = netlink.NewEnum(map[OperState]string{...})
//	func (s OperState) String() string { return operStates.Format(s) }
type Enum[T Integer] struct {
	names  map[T]string
	values map[string]T
}

// NewEnum builds an Enum from value→name pairs.
func NewEnum[T Integer](names map[T]string) *Enum[T] {
	e := &Enum[T]{names: names, values: make(map[string]T, len(names))}
	for v, n := range names {
		e.values[n] = v
	}
	return e
}

// Format returns v's name, or v in decimal when it has none; Parse reads
// either back. FlagSet's methods have the same names.
func (e *Enum[T]) Format(v T) string {
	if n, ok := e.names[v]; ok {
		return n
	}
	return strconv.FormatInt(int64(v), 10)
}

// Lookup returns v's name and whether it has one.
func (e *Enum[T]) Lookup(v T) (string, bool) {
	n, ok := e.names[v]
	return n, ok
}

// Parse accepts a name or a number.
func (e *Enum[T]) Parse(s string) (T, error) {
	if v, ok := e.values[s]; ok {
		return v, nil
	}
	if n, err := strconv.ParseInt(s, 0, 64); err == nil && T(n) >= 0 == (n >= 0) {
		return T(n), nil
	}
	return 0, fmt.Errorf("netlink: unknown name %q", s)
}

// Values returns the named values in increasing order.
func (e *Enum[T]) Values() []T {
	vs := make([]T, 0, len(e.names))
	for v := range e.names {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// FlagSet names the bits of a flag word, printing a value as "UP|BROADCAST".
type FlagSet[T Integer] struct {
	bits   []flagBit[T] // by increasing value
	values map[string]T
}

type flagBit[T Integer] struct {
	v    T
	name string
}

// NewFlags builds a FlagSet from bit→name pairs; every key must be one bit.
func NewFlags[T Integer](names map[T]string) *FlagSet[T] {
	f := &FlagSet[T]{values: make(map[string]T, len(names))}
	for v, n := range names {
		if bits.OnesCount64(uint64(v)) != 1 {
			panic(fmt.Sprintf("netlink: flag %s = %#x is not a single bit", n, uint64(v)))
		}
		f.bits = append(f.bits, flagBit[T]{v, n})
		f.values[n] = v
	}
	slices.SortFunc(f.bits, func(a, b flagBit[T]) int {
		return int(bits.TrailingZeros64(uint64(a.v))) - int(bits.TrailingZeros64(uint64(b.v)))
	})
	return f
}

// Format returns the names of the bits set in v joined by "|", lowest bit
// first; bits without a name appear as one hexadecimal number at the end.
// Zero is "0".
func (f *FlagSet[T]) Format(v T) string {
	if v == 0 {
		return "0"
	}
	var sb strings.Builder
	for _, b := range f.bits {
		if v&b.v != 0 {
			if sb.Len() > 0 {
				sb.WriteByte('|')
			}
			sb.WriteString(b.name)
			v &^= b.v
		}
	}
	if v != 0 {
		if sb.Len() > 0 {
			sb.WriteByte('|')
		}
		sb.WriteString("0x" + strconv.FormatUint(uint64(v)&mask[T](), 16))
	}
	return sb.String()
}

func mask[T Integer]() uint64 {
	var z T
	switch any(z).(type) {
	case int8, uint8:
		return 0xff
	case int16, uint16:
		return 0xffff
	case int32, uint32:
		return 0xffffffff
	}
	return ^uint64(0)
}

// Parse reads names (and numbers) joined by "|", as Format writes them.
func (f *FlagSet[T]) Parse(s string) (T, error) {
	var v T
	if s == "0" || s == "" {
		return 0, nil
	}
	for part := range strings.SplitSeq(s, "|") {
		if b, ok := f.values[part]; ok {
			v |= b
			continue
		}
		n, err := strconv.ParseUint(part, 0, 64)
		if err != nil {
			return 0, fmt.Errorf("netlink: unknown flag %q", part)
		}
		v |= T(n)
	}
	return v, nil
}
