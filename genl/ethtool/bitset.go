package ethtool

import (
	"encoding/binary"
	"maps"
	"slices"

	"github.com/nltag/go-netlink/nltag"
)

// Bitset is an ethtool bit set (ETHTOOL_A_BITSET_*), the form of link
// modes, features and flags. The kernel sends it in one of two forms: by
// default as a list of bits with their indices and names (Bits), or, when
// the request asks for FlagCompactBitsets, as bit maps of Size bits (Value
// and Mask, in 32-bit words of host byte order).
//
// Either form may have a mask: then the listed bits (or those set in Mask)
// are the ones that matter, such as the link modes a device supports, and
// Value says which of them are set, such as the modes it advertises. With
// NoMask, the list holds just the set bits and Mask is absent.
type Bitset struct {
	_      nltag.Set `nla:"ethtool-bitset"`
	NoMask bool      `nla:"ETHTOOL_A_BITSET_NOMASK"`
	Size   uint32    `nla:"ETHTOOL_A_BITSET_SIZE,omitempty"`
	Bits   *BitList  `nla:"ETHTOOL_A_BITSET_BITS"`
	Value  []byte    `nla:"ETHTOOL_A_BITSET_VALUE"`
	Mask   []byte    `nla:"ETHTOOL_A_BITSET_MASK"`
	Wire   nltag.Wire
}

// BitList is the list form of a Bitset.
type BitList struct {
	_    nltag.Set `nla:"ethtool-bitset-bits"`
	Bits []Bit     `nla:"ETHTOOL_A_BITSET_BITS_BIT,multi"`
	Wire nltag.Wire
}

// Bit is one bit of a listed Bitset. Value is its state when the set has a
// mask; without one, a listed bit is set.
//
// A request may name a bit by Index, by Name or by both, which must agree;
// Index 0 is left out of requests, so name bit 0 by its Name.
type Bit struct {
	_     nltag.Set `nla:"ethtool-bitset-bit"`
	Index uint32    `nla:"ETHTOOL_A_BITSET_BIT_INDEX,omitempty"`
	Name  string    `nla:"ETHTOOL_A_BITSET_BIT_NAME,omitempty"`
	Value bool      `nla:"ETHTOOL_A_BITSET_BIT_VALUE"`
	Wire  nltag.Wire
}

// NewBitset returns a bit set for a request that changes the named bits to
// the given values and leaves the others alone: a list with a mask.
func NewBitset(values map[string]bool) *Bitset {
	bs := &Bitset{Bits: &BitList{}}
	for _, name := range slices.Sorted(maps.Keys(values)) {
		bs.Bits.Bits = append(bs.Bits.Bits, Bit{Name: name, Value: values[name]})
	}
	return bs
}

// Test reports whether bit i is set, in either form.
func (b *Bitset) Test(i uint32) bool {
	if b == nil {
		return false
	}
	if b.Bits != nil {
		for _, bit := range b.Bits.Bits {
			if bit.Index == i {
				return b.NoMask || bit.Value
			}
		}
		return false
	}
	return testWord(b.Value, i)
}

// InMask reports whether bit i is in the mask, in either form: whether it
// is listed, or set in Mask. Without a mask every bit is.
func (b *Bitset) InMask(i uint32) bool {
	if b == nil {
		return false
	}
	if b.NoMask {
		return true
	}
	if b.Bits != nil {
		for _, bit := range b.Bits.Bits {
			if bit.Index == i {
				return true
			}
		}
		return false
	}
	return testWord(b.Mask, i)
}

// testWord tests bit i of a bit map of 32-bit words in host byte order.
func testWord(m []byte, i uint32) bool {
	w := int(i/32) * 4
	if w+4 > len(m) {
		return false
	}
	return binary.NativeEndian.Uint32(m[w:])&(1<<(i%32)) != 0
}

// Names returns the names of the set bits of a listed Bitset, in the
// kernel's order.
func (b *Bitset) Names() []string {
	var names []string
	if b != nil && b.Bits != nil {
		for _, bit := range b.Bits.Bits {
			if b.NoMask || bit.Value {
				names = append(names, bit.Name)
			}
		}
	}
	return names
}

// MaskNames returns the names of the bits in the mask of a listed Bitset:
// every listed bit.
func (b *Bitset) MaskNames() []string {
	var names []string
	if b != nil && b.Bits != nil {
		for _, bit := range b.Bits.Bits {
			names = append(names, bit.Name)
		}
	}
	return names
}
