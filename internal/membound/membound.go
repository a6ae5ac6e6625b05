// Package membound holds decoders to memory proportional to their input:
// whatever the length and count fields of a hostile message claim, decoding
// it may allocate no more than a small multiple of its size, plus a small
// constant for the decoders' scratch space.
package membound

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"testing"
)

// The bound: Factor bytes per input byte, plus Slack.
const (
	Factor = 16
	Slack  = 16 << 10
)

// Bytes returns the bytes allocated while f ran. It counts every
// goroutine's allocations, so f's own must dominate: call it from tests
// that run alone.
func Bytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Limit is the bound for an input of n bytes.
func Limit(n int) uint64 { return uint64(Factor*n + Slack) }

// Check runs f, the decoding of an input of n bytes, and fails t if it
// allocated more than Limit(n). Each run is cold: two collections first
// empty the sync.Pools that decoders keep their scratch space in, so that
// a first call, or one after the pools were dropped, is what is measured,
// not a call that finds scratch grown by an earlier one. A run over the
// limit is repeated, up to maxRuns runs in all, and the least measured:
// the plan nltag builds on a type's first use is a one-time cost, not the
// input's doing, and the count is process-wide, so other goroutines'
// allocations, and a collection that empties the pools mid-run, add to a
// run. f must therefore be repeatable; it allocates the same each time, so
// the least run is never below its own allocations. Under the race
// detector Check only runs f.
func Check(t testing.TB, what string, n int, f func()) {
	t.Helper()
	check(t, what, n, true, func() any { f(); return nil })
}

// CheckObjects is Check for a decoder that returns what it decoded, v:
// the limit is then Slack plus the larger of Factor×n and Objects(v, n),
// for the least run.
func CheckObjects(t testing.TB, what string, n int, f func() any) {
	t.Helper()
	check(t, what, n, true, f)
}

// RaceEnabled reports whether the race detector is on: measurements of
// memory and time under it say nothing.
const RaceEnabled = raceEnabled

// Cold returns the bytes f allocated, run after two collections, which
// empty the sync.Pools.
func Cold(f func()) uint64 {
	runtime.GC()
	runtime.GC()
	return Bytes(f)
}

// check is Check, cold or warm: a warm run finds the pools as the last
// call left them.
func check(t testing.TB, what string, n int, cold bool, f func() any) {
	t.Helper()
	if raceEnabled {
		f() // still decoded, for the test's other checks
		return
	}
	measure := Bytes
	if cold {
		measure = Cold
	}
	least, objects := ^uint64(0), uint64(0)
	for range maxRuns {
		var v any
		if b := measure(func() { v = f() }); b < least {
			least = b
			if least <= Limit(n) {
				return
			}
			objects = Objects(v, n) // only when needed: walking v takes longer than decoding
		}
		if least <= objects+Slack {
			return
		}
	}
	if objects+Slack <= Limit(n) {
		t.Errorf("%s: decoding %d bytes allocated %d (%s), more than %d×%d+%d", what, n, least, coldName[cold], Factor, n, Slack)
		return
	}
	t.Errorf("%s: decoding %d bytes allocated %d (%s), more than its value's objects, %d, +%d (and %d×%d+%d)", what, n, least, coldName[cold], objects, Slack, Factor, n, Slack)
}

var coldName = map[bool]string{true: "cold", false: "warm"}

// maxRuns is how often check measures a decoding over the limit before it
// fails: enough that a run free of other goroutines' allocations and of
// collections is among them on a loaded machine, where three runs once
// were not.
const maxRuns = 8

// Objects returns the bytes of the objects v, a decoded value, holds: the
// elements of its slices, its pointees, and the values its interfaces box,
// at any depth, but not strings nor slices of bytes, which may share the
// input's memory; and no more than n/2 elements and pointees in all.
//
// The bound charges 16 bytes per input byte, so an empty 4-byte attribute
// may cost 64 bytes; but an empty attribute of a multi field still makes a
// whole element of the declared type (a 72-byte ethtool String, 48 bytes
// of it a Wire) and an entry in the enclosing Wire's Order, an empty nest
// a whole pointee. No decoder can allocate less without changing the
// types, so where the value so made is larger than 16 bytes per input
// byte, CheckObjects allows the value, and no more than the slack besides:
// copies, maps, slices grown per element, boxing and scratch must fit
// there. An attribute makes at most two objects (an element or pointee
// and an Order entry; the Wire a *Wire field of the element or pointee
// gets is a third, but nltag's budget pays for it, so it needs no excuse),
// and takes at least 4 bytes, hence n/2: a slice
// sized by a count the input claims, not by its attributes, is not
// excused.
func Objects(v any, n int) uint64 {
	left := n / 2
	var total uint64
	seen := map[uintptr]bool{}
	object := func(size uintptr) {
		if left > 0 {
			total += uint64(size)
			left--
		}
	}
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			object(v.Type().Elem().Size())
			walk(v.Elem())
		case reflect.Interface:
			if e := v.Elem(); e.IsValid() {
				if e.Kind() != reflect.Pointer {
					object(e.Type().Size()) // boxed
				}
				walk(e)
			}
		case reflect.Slice:
			size := v.Type().Elem().Size()
			if v.Len() == 0 || size == 1 || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			for i := range v.Len() {
				object(size)
				walk(v.Index(i))
			}
		case reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		}
	}
	if v != nil {
		walk(reflect.ValueOf(v))
	}
	return total
}

// Hostile returns inputs built from body, a valid message body, that
// claim much and hold little: body followed by many empty attributes of
// one type, for every type up to maxAttr; body followed by one attribute
// holding many empty children, for every outer type up to maxAttr and
// inner type up to 8; and body followed by an attribute whose length runs
// past the end, which must fail to decode (claimsPast). Deeper holds the
// variants below the body's own attributes.
func Hostile(body []byte, maxAttr uint16) (inputs []Input, claimsPast []byte) {
	const flat, children = 1024, 256
	body = body[:len(body):len(body)]
	for a := uint16(1); a <= maxAttr; a++ {
		in := body
		for range flat {
			in = appendAttr(in, a, 4)
		}
		inputs = append(inputs, Input{fmt.Sprintf("%d empty attributes %d", flat, a), in})
		for b := uint16(1); b <= 8; b++ {
			in := appendAttr(body, a, 4+4*children)
			for range children {
				in = appendAttr(in, b, 4)
			}
			inputs = append(inputs, Input{fmt.Sprintf("attribute %d holding %d empty attributes %d", a, children, b), in})
		}
	}
	return inputs, appendAttr(appendAttr(body, 1, 4), 1, 0xffff)
}

// Deeper returns, for nest, a nest of body (see Nests), body with Deep
// empty attributes of each type up to maxAttr appended inside the nest
// (fewer if the enclosing 16-bit lengths leave no room for so many).
func Deeper(body []byte, nest Nest, maxAttr uint16) []Input {
	var inputs []Input
	for a := uint16(1); a <= maxAttr; a++ {
		if in, k := Inside(body, nest, a, Deep); k > 0 {
			inputs = append(inputs, Input{fmt.Sprintf("nest %v (at %d) holding %d more empty attributes %d", nest.Path, nest.Offs[len(nest.Offs)-1], k, a), in})
		}
	}
	return inputs
}

// Deep is how many empty attributes Deeper appends inside a nest, when
// the enclosing attributes' 16-bit lengths leave room: 32 KiB of them,
// enough that an attribute costing 2 bytes more than the bound allows
// (64 bytes, or its objects: see CheckObjects) exceeds the 16 KiB slack.
const Deep = 8192

// A Nest is an attribute of a message body whose payload is itself a
// list of attributes, possibly after a fixed header.
type Nest struct {
	// Path holds the attribute types, without the NLA_F_NESTED and
	// byte-order flags, from the body's attribute down to the nest.
	Path []uint16
	// Offs holds the offsets in the body of the headers of the
	// attributes on Path: Offs[len(Offs)-1] is the nest's own.
	Offs []int
	// Children holds the types of the nest's attributes, sorted, each
	// once.
	Children []uint16
}

// maxHeader is the longest fixed header Nests looks past for attributes,
// in the body (ifinfomsg is 16 bytes, tcmsg 20) and in nests.
const maxHeader = 64

// Nests returns the nests of body, depth first: attributes whose payload
// holds, after a header of up to 64 bytes, a well-formed non-empty list of
// attributes (each at least 4 bytes long, the next at the following 4-byte
// boundary, the last ending at the payload's end).
//
// Nests knows no types, so the lists are a guess, which decodes, if not
// nil, narrows: of the header lengths at which a list parses, it takes the
// first at which decodes accepts the body cut short there (the body's own
// header, or the nest's payload, and the enclosing lengths fixed up), and
// the first at which one parses if decodes accepts none. Without that, a
// message header could parse as an attribute (an ifinfomsg's index and
// flags as one of 73 bytes) and hide the real ones. A fixed-size payload
// (a u32 of 4, a stats struct) can still look like a nest, which only adds
// inputs, and an empty nest holds no list to recognize.
//
// Of the nests with the same Path, which the codec decodes with the same
// type, only the first is returned: a dump of 100 string nests yields one.
func Nests(body []byte, decodes func([]byte) bool) []Nest {
	body = body[:len(body):len(body)]
	cutAccepts := func(offs []int) func(int) bool {
		if decodes == nil {
			return nil
		}
		if offs == nil {
			return func(s int) bool { return decodes(body[:s]) }
		}
		payload := offs[len(offs)-1] + 4
		return func(s int) bool { return decodes(cut(body, offs, s-payload)) }
	}
	var nests []Nest
	seen := map[string]bool{}
	var walk func(start, end int, path []uint16, offs []int)
	walk = func(start, end int, path []uint16, offs []int) {
		for p := start; p+4 <= end; {
			l := int(binary.NativeEndian.Uint16(body[p:]))
			typ := binary.NativeEndian.Uint16(body[p+2:]) & 0x3fff
			n := Nest{Path: append(path[:len(path):len(path)], typ), Offs: append(offs[:len(offs):len(offs)], p)}
			if s := listStart(body, p+4, p+l, cutAccepts(n.Offs)); s >= 0 {
				if key := fmt.Sprint(n.Path); !seen[key] {
					seen[key] = true
					n.Children = childTypes(body[s : p+l])
					nests = append(nests, n)
				}
				walk(s, p+l, n.Path, n.Offs)
			}
			p = align(p + l)
		}
	}
	if s := listStart(body, 0, len(body), cutAccepts(nil)); s >= 0 {
		walk(s, len(body), nil, nil)
	}
	return nests
}

// listStart returns the offset from start, in 4-byte steps past a header
// of up to maxHeader bytes, at which b[:end] holds a well-formed list of
// attributes up to end: the first that accepts, if accepts is wanted,
// else the first; -1 if there is none.
func listStart(b []byte, start, end int, accepts func(int) bool) int {
	first := -1
	for s := start; s < end && s <= start+maxHeader; s += 4 {
		if wellFormed(b[s:end]) {
			if first < 0 {
				first = s
			}
			if accepts == nil || accepts(s) {
				return s
			}
		}
	}
	return first
}

// wellFormed reports whether b is a non-empty list of attributes, each at
// least 4 bytes, the next at the 4-byte boundary after the last, the last
// ending at len(b) (padded or not).
func wellFormed(b []byte) bool {
	p := 0
	for p < len(b) {
		if len(b)-p < 4 {
			return false
		}
		l := int(binary.NativeEndian.Uint16(b[p:]))
		if l < 4 || p+l > len(b) {
			return false
		}
		p = min(align(p+l), len(b))
	}
	return len(b) > 0
}

func childTypes(list []byte) []uint16 {
	var types []uint16
	for p := 0; p+4 <= len(list); p = align(p + int(binary.NativeEndian.Uint16(list[p:]))) {
		types = append(types, binary.NativeEndian.Uint16(list[p+2:])&0x3fff)
	}
	slices.Sort(types)
	return slices.Compact(types)
}

func align(n int) int { return (n + 3) &^ 3 }

// cut returns a copy of body in which the attribute at offs[len(offs)-1]
// keeps only the first s bytes of its payload, the lengths of those at
// offs, which enclose it, shortened to match.
func cut(body []byte, offs []int, s int) []byte {
	last := offs[len(offs)-1]
	from := last + 4 + s
	to := min(align(last+int(binary.NativeEndian.Uint16(body[last:]))), len(body))
	out := slices.Concat(body[:from], body[to:]) // a copy, even if body[to:] is empty
	for _, off := range offs {
		l := max(int(binary.NativeEndian.Uint16(body[off:])), to-off) - (to - from)
		binary.NativeEndian.PutUint16(out[off:], uint16(l))
	}
	return out
}

// Inside returns a copy of body with up to n empty attributes of type typ
// appended to the payload of nest, after its padding, and the lengths of
// nest and of every attribute enclosing it grown to match; and how many it
// appended, as many as the 16-bit lengths leave room for (0 if none).
func Inside(body []byte, nest Nest, typ uint16, n int) ([]byte, int) {
	last := nest.Offs[len(nest.Offs)-1]
	at := align(last + int(binary.NativeEndian.Uint16(body[last:])))
	newLen := func(off int) int { return max(int(binary.NativeEndian.Uint16(body[off:])), at-off) }
	for _, off := range nest.Offs {
		n = min(n, (0xffff-newLen(off))/4)
	}
	if n <= 0 {
		return nil, 0
	}
	out := make([]byte, 0, max(len(body), at)+4*n)
	out = append(out, body[:min(at, len(body))]...)
	out = append(out, make([]byte, at-len(out))...) // the padding of a body ending unpadded
	for range n {
		out = appendAttr(out, typ, 4)
	}
	if at < len(body) {
		out = append(out, body[at:]...)
	}
	for _, off := range nest.Offs {
		binary.NativeEndian.PutUint16(out[off:], uint16(newLen(off)+4*n))
	}
	return out, n
}

// Input is a hostile input and what it holds.
type Input struct {
	Name string
	B    []byte
}

// appendAttr appends an attribute header of type typ claiming length l.
func appendAttr(b []byte, typ uint16, l int) []byte {
	b = binary.NativeEndian.AppendUint16(b, uint16(l))
	return binary.NativeEndian.AppendUint16(b, typ)
}

// Sweep decodes hostile inputs built from bodies, valid message bodies of
// one type, with decode, which returns the value it decoded, and fails t
// where decoding allocated more than the limit and the allowance for the
// value's objects (see CheckObjects), or where an attribute claiming to
// run past the end decoded. The inputs are the Hostile ones of the first
// body, whose top level is every body's, and the Deeper ones of every nest
// of every body, but of nests with the same path and the same child types
// as one swept before, only the first: a link kind's data, which a link
// message's attribute 18 holds, is swept once per kind, an ethtool string
// once, not once per string. Every 16th input (from the first) is
// measured cold, as Check does, the others warm: two collections per input
// would take minutes for a package's captures. Under the race detector,
// which Check does not measure, Sweep decodes every 16th input only; runs
// without it decode them all, so a panic still shows there.
func Sweep(t *testing.T, bodies [][]byte, maxAttr uint16, decode func([]byte) (any, error)) {
	t.Helper()
	decodes := func(b []byte) bool { _, err := decode(b); return err == nil }
	seen := map[string]bool{}
	for i, body := range bodies {
		inputs, past := Hostile(body, maxAttr)
		if i > 0 {
			inputs = nil
		}
		for _, n := range Nests(body, decodes) {
			if key := fmt.Sprint(n.Path, n.Children); !seen[key] {
				seen[key] = true
				inputs = append(inputs, Deeper(body, n, maxAttr)...)
			}
		}
		for i, in := range inputs {
			if raceEnabled && i%16 != 0 {
				continue // nothing is measured: a sample still looks for races
			}
			check(t, in.Name, len(in.B), i%16 == 0, func() any { v, _ := decode(in.B); return v })
		}
		if _, err := decode(past); err == nil {
			t.Errorf("an attribute running past the end decoded: %x", past)
		}
	}
}
