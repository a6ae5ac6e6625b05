package nltag

import (
	"fmt"
	"maps"
	"reflect"
	"strconv"
	"sync"
)

// An AttrSet gives names to the attribute numbers of one context. The same
// number means different things in different sets (16 is IFLA_OPERSTATE among
// link attributes and TCA_STAB among traffic-control ones), so a struct whose
// tags use names says which set it belongs to with a field of type Set.
type AttrSet struct {
	// Name identifies the set in Set fields, e.g. "link".
	Name string
	// Attrs maps attribute names to numbers.
	Attrs map[string]uint16
	// NestedFlag makes nested attributes of this set carry NLA_F_NESTED when
	// encoded. Protocols validated strictly (most generic netlink families)
	// require it; rtnetlink's older sets are sent without it, as iproute2 does.
	// The field options "nestflag" and "noflag" override it.
	NestedFlag bool

	// What RegisterSet took from Attrs and NestedFlag: types planned
	// later read these, so that a caller changing the exported fields
	// afterwards neither skips RegisterSet's checks nor races.
	names  []string // number → name, for AttrName
	nums   map[string]uint16
	nested bool
}

// Set marks the attribute set of the struct that holds it, by its tag:
//
//	type LinkAttrs struct {
//		_      nltag.Set `nla:"link"`
//		IfName string    `nla:"IFLA_IFNAME"`
//	}
//
// It occupies no space and is never encoded.
type Set struct{}

var (
	sets   sync.Map   // name → *AttrSet
	setsMu sync.Mutex // serializes RegisterSet
)

// RegisterSet makes s available to Set fields under s.Name and returns s.
// It is meant for package initialization (var _ = nltag.RegisterSet(...)),
// like regexp.MustCompile: a bad set is a programming error, and it
// panics, with a message that says what is wrong, on a nil set, an empty
// name, a name another set holds, a number beyond 16383, or two names for
// one number. Register sets before the types that use them are first
// encoded or decoded. It keeps a copy of Attrs and NestedFlag: changing
// them afterwards changes nothing.
func RegisterSet(s *AttrSet) *AttrSet {
	if s == nil || s.Name == "" {
		panic("nltag: RegisterSet of a nil set or one without a name")
	}
	setsMu.Lock()
	defer setsMu.Unlock()
	if old, ok := sets.Load(s.Name); ok {
		if old != s {
			panic(fmt.Sprintf("nltag: attribute set %q registered twice", s.Name))
		}
		return s // registered already: its names may be in use
	}
	names := []string(nil)
	for name, n := range s.Attrs {
		if n > TypeMask {
			panic(fmt.Sprintf("nltag: attribute set %q: %s = %d exceeds %d", s.Name, name, n, TypeMask))
		}
		for int(n) >= len(names) {
			names = append(names, "")
		}
		if names[n] != "" {
			a, b := min(name, names[n]), max(name, names[n])
			panic(fmt.Sprintf("nltag: attribute set %q: %s and %s are both %d", s.Name, a, b, n))
		}
		names[n] = name
	}
	// Complete before it is published: a type being built or formatted
	// in another goroutine may look the set up at once.
	s.names, s.nums, s.nested = names, maps.Clone(s.Attrs), s.NestedFlag
	sets.Store(s.Name, s)
	return s
}

// LookupSet returns the registered set with the given name.
func LookupSet(name string) (*AttrSet, bool) {
	s, ok := sets.Load(name)
	if !ok {
		return nil, false
	}
	return s.(*AttrSet), true
}

// AttrName returns the name of attribute number n in the set, or its number in
// decimal if the set has no name for it.
func (s *AttrSet) AttrName(n uint16) string {
	n &= TypeMask
	if s != nil && int(n) < len(s.names) && s.names[n] != "" {
		return s.names[n]
	}
	return strconv.Itoa(int(n))
}

var setType = reflect.TypeFor[Set]()
