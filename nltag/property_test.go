package nltag_test

// A randomized property test: struct types made at run time with
// reflect.StructOf, of every kind and container the tag grammar has,
// random values of them, and random and mutated bytes. What must hold:
//
//   - Check, Marshal and Unmarshal agree about refusing a type;
//   - Marshal is deterministic, Size is its length, AppendMarshal appends it;
//   - Unmarshal(Marshal(v)) equals v but for the normalizations the
//     package documents (empty slices that write nothing, absent inline
//     pointers, Wire records), and encodes to the same bytes;
//   - on any input, decoding never panics, fails only with *Error values,
//     and what decodes re-encodes to bytes that decode and re-encode to
//     themselves; a type that records the wire at every level re-encodes
//     mutated inputs that keep its documented exceptions out exactly.
//
// The seed is fixed; -prop.seed and -prop.n explore further.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

var (
	propSeed  = flag.Int64("prop.seed", 1, "seed of TestProperty")
	propN     = flag.Int("prop.n", 0, "types TestProperty makes (0: a default that runs in well under a second)")
	propFails = flag.Int("prop.fails", 1, "failing types TestProperty reports before it stops")
)

// Containers of a generated field.
const (
	pcHeader = iota
	pcDirect
	pcPointer
	pcMulti
	pcIndexed
	pcInline
	pcInlinePtr
	pcWire
	pcWirePtr
	pcUnknown
	pcSet // a `_ nltag.Set` marker (property_submsg_test.go)
)

// pfield describes one field of a generated struct.
type pfield struct {
	cont  int
	kind  string // the tag's kind, or "" for the type's default
	omit  bool
	elem  reflect.Type // the value's type (the pointee, the element)
	sub   *pstruct     // a nest's, an inline struct's, a header struct's
	num   int
	blank bool // a header's _ padding
	be    bool // a header integer in network byte order
	// What property_submsg_test.go adds: a Go name other than F<i>, an
	// attribute name from the set for the number, a nest flag option, the
	// sub-message an interface field holds, and the selector a field is.
	name, attr, flagOpt string
	msg                 *pmsg
	selID               int
}

// pstruct describes a generated struct type.
type pstruct struct {
	typ    reflect.Type
	fields []pfield
	// lossless: this struct and every one it reaches records the wire,
	// and no field reads a payload in a way that cannot be written back
	// (a bool from a byte, an element of a repeated attribute with a
	// tail): mutated inputs within the promise must re-encode exactly.
	lossless bool
	attrs    bool // declares attributes (or a Wire)
	set      *nltag.AttrSet
}

type pgen struct {
	r     *rand.Rand
	nums  []int  // attribute numbers taken in the struct being made
	valid bool   // make only types nltag accepts
	x     *prich // sets, flags and sub-messages too (property_submsg_test.go)
}

var (
	intTypes = []reflect.Type{
		reflect.TypeFor[uint8](), reflect.TypeFor[uint16](), reflect.TypeFor[uint32](), reflect.TypeFor[uint64](),
		reflect.TypeFor[int8](), reflect.TypeFor[int16](), reflect.TypeFor[int32](), reflect.TypeFor[int64](),
		reflect.TypeFor[uint](), reflect.TypeFor[int](),
	}
	intKinds = []string{"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "be16", "be32", "be64", "uint", "sint"}
)

func kindWidth(k string) int {
	switch k {
	case "u8", "s8":
		return 1
	case "u16", "s16", "be16":
		return 2
	case "u32", "s32", "be32":
		return 4
	case "u64", "s64", "be64":
		return 8
	}
	return 0
}

func (g *pgen) num() int {
	for {
		n := 1 + g.r.Intn(40)
		if !containsInt(g.nums, n) {
			g.nums = append(g.nums, n)
			return n
		}
	}
}

func containsInt(s []int, n int) bool {
	for _, x := range s {
		if x == n {
			return true
		}
	}
	return false
}

// scalar chooses the type and kind of an attribute's value that is not a
// struct: an integer of any width under a kind of its width or narrower,
// a bool, a string, bytes, addresses, packed integers.
func (g *pgen) scalar() (reflect.Type, string) {
	r := g.r
	switch r.Intn(12) {
	case 0, 1, 2:
		t := intTypes[r.Intn(len(intTypes))]
		if r.Intn(3) == 0 && t.Kind() != reflect.Int && t.Kind() != reflect.Uint {
			return t, ""
		}
		for {
			k := intKinds[r.Intn(len(intKinds))]
			if !g.valid && r.Intn(8) == 0 || kindWidth(k) <= int(t.Size()) {
				return t, k
			}
		}
	case 3:
		if r.Intn(2) == 0 {
			return reflect.TypeFor[bool](), ""
		}
		return reflect.TypeFor[bool](), "u8"
	case 4, 5:
		return reflect.TypeFor[string](), ""
	case 6:
		if r.Intn(2) == 0 {
			return reflect.TypeFor[[]byte](), ""
		}
		return reflect.TypeFor[[]byte](), []string{"bytes", "binary", "ether"}[r.Intn(3)]
	case 7:
		n := 1 + r.Intn(9)
		if !g.valid && r.Intn(6) == 0 {
			n = 0
		}
		return reflect.ArrayOf(n, reflect.TypeFor[byte]()), []string{"", "bytes", "ether"}[r.Intn(3)]
	case 8:
		return reflect.TypeFor[net.HardwareAddr](), []string{"", "ether", "bytes"}[r.Intn(3)]
	case 9, 10:
		return reflect.TypeFor[netip.Addr](), []string{"", "ip", "ipv4", "ipv6"}[r.Intn(4)]
	default:
		return reflect.SliceOf(intTypes[r.Intn(8)]), "packed"
	}
}

// header returns a header field: integers (some big-endian), arrays,
// C structs of them, padding.
func (g *pgen) header(depth int) pfield {
	r := g.r
	f := pfield{cont: pcHeader}
	switch r.Intn(7) {
	case 0, 1, 2:
		f.elem = intTypes[r.Intn(8)]
		if f.elem.Size() > 1 && r.Intn(3) == 0 {
			f.be = true
		}
	case 3:
		f.elem = reflect.TypeFor[bool]()
	case 4:
		f.elem = reflect.ArrayOf(1+r.Intn(5), intTypes[r.Intn(8)])
	case 5:
		if depth < 2 {
			n := 1 + r.Intn(3)
			s := &pstruct{lossless: true}
			var sf []reflect.StructField
			for i := 0; i < n; i++ {
				h := g.header(depth + 1)
				s.fields = append(s.fields, h)
				sf = append(sf, structField(i, h))
			}
			s.typ = reflect.StructOf(sf)
			f.elem, f.sub = s.typ, s
			break
		}
		fallthrough
	default:
		f.blank = true
		f.elem = []reflect.Type{reflect.TypeFor[uint8](), reflect.TypeFor[uint16](), reflect.TypeFor[[3]byte](), reflect.TypeFor[uint32]()}[r.Intn(4)]
	}
	return f
}

func structField(i int, f pfield) reflect.StructField {
	name := fmt.Sprintf("F%d", i)
	if f.name != "" {
		name = f.name
	}
	if f.blank {
		name = "_"
	}
	t := f.elem
	switch f.cont {
	case pcPointer, pcInlinePtr:
		t = reflect.PointerTo(t)
	case pcMulti, pcIndexed:
		t = reflect.SliceOf(t)
	case pcWire:
		name, t = "Wire", reflect.TypeFor[nltag.Wire]()
	case pcWirePtr:
		name, t = "Wire", reflect.TypeFor[*nltag.Wire]()
	case pcUnknown:
		name, t = "Unknown", reflect.TypeFor[[]nltag.Attr]()
	case pcSet:
		return reflect.StructField{Name: "_", Type: reflect.TypeFor[nltag.Set](), PkgPath: "github.com/nltag/go-netlink/nltag_test",
			Tag: reflect.StructTag(fmt.Sprintf("nla:%q", f.attr))}
	}
	var tag []string
	switch f.cont {
	case pcHeader:
		if f.be {
			tag = append(tag, "", fmt.Sprintf("be%d", 8*f.elem.Size()))
		}
	case pcInline, pcInlinePtr:
		tag = append(tag, "", "inline")
	case pcUnknown:
		tag = append(tag, "", "unknown")
	case pcWire, pcWirePtr:
	default:
		if f.attr != "" {
			tag = append(tag, f.attr)
		} else {
			tag = append(tag, fmt.Sprint(f.num))
		}
		if f.kind != "" {
			tag = append(tag, f.kind)
		}
		if f.omit {
			tag = append(tag, "omitempty")
		}
		switch f.cont {
		case pcMulti:
			tag = append(tag, "multi")
		case pcIndexed:
			tag = append(tag, []string{"indexed", "indexed0"}[f.num%2])
		}
		if f.flagOpt != "" {
			tag = append(tag, f.flagOpt)
		}
		if f.msg != nil {
			tag = append(tag, "submsg="+f.msg.table, "selector="+f.msg.selName)
		}
	}
	sf := reflect.StructField{Name: name, Type: t}
	if f.blank {
		sf.PkgPath = "github.com/nltag/go-netlink/nltag_test"
	}
	if len(tag) > 0 {
		sf.Tag = reflect.StructTag(fmt.Sprintf("nla:%q", strings.Join(tag, ",")))
	}
	return sf
}

// message makes a struct type: header fields, attributes, inline structs
// and a record of the wire, each as the dice say. inline makes the
// attribute-only struct of an inline field, whose numbers are those of
// the struct around it.
func (g *pgen) message(depth int, inline bool, viaPtr bool) *pstruct {
	r := g.r
	s := &pstruct{lossless: true}
	saved := g.nums
	if !inline {
		g.nums = nil
	}
	if g.x != nil {
		defer g.x.enter(g, s, inline)()
	}
	if !inline && r.Intn(3) == 0 {
		for n := r.Intn(4); n > 0; n-- {
			h := g.header(0)
			s.fields = append(s.fields, h)
			if h.elem.Kind() == reflect.Bool || h.sub != nil && hasBool(h.sub) {
				s.lossless = false // a header bool is written 0 or 1
			}
		}
	}
	wire := pcHeader
	if !inline {
		switch r.Intn(5) {
		case 0, 1:
			wire = pcWire
		case 2:
			wire = pcWirePtr
		case 3:
			wire = pcUnknown
		}
	}
	if wire == pcHeader || wire == pcUnknown {
		s.lossless = false
	}
	nattr := r.Intn(6)
	if depth > 2 {
		nattr = r.Intn(3)
	}
	for i := 0; i < nattr && len(g.nums) < 30; i++ {
		f := g.attr(depth, inline, viaPtr)
		if f.sub != nil && !f.sub.lossless {
			s.lossless = false
		}
		if (f.cont == pcMulti || f.cont == pcIndexed) && hasTail(f) {
			s.lossless = false // an element's tail is not kept
		}
		if f.kind == "u8" && f.elem.Kind() == reflect.Bool {
			s.lossless = false
		}
		if f.cont == pcIndexed {
			s.lossless = false // elements are numbered anew
		}
		s.fields = append(s.fields, f)
	}
	if wire != pcHeader {
		at := r.Intn(len(s.fields) + 1)
		s.fields = append(s.fields[:at], append([]pfield{{cont: wire}}, s.fields[at:]...)...)
	}
	if g.x != nil {
		g.x.leave(g, s, inline)
	}
	var sf []reflect.StructField
	for i, f := range s.fields {
		if f.cont != pcHeader && f.cont != pcSet {
			s.attrs = true
		}
		sf = append(sf, structField(i, f))
	}
	s.typ = reflect.StructOf(sf)
	if !inline {
		g.nums = saved
	}
	return s
}

func hasBool(s *pstruct) bool {
	for _, f := range s.fields {
		if f.elem != nil && f.elem.Kind() == reflect.Bool || f.sub != nil && hasBool(f.sub) {
			return true
		}
		if f.elem != nil && f.elem.Kind() == reflect.Array && f.elem.Elem().Kind() == reflect.Bool {
			return true
		}
	}
	return false
}

// hasTail reports a value of fixed size, which a longer payload leaves a
// tail of, or a string.
func hasTail(f pfield) bool {
	switch {
	case f.msg != nil:
		// What a C struct or a number selected holds may end before
		// its payload; a struct with attributes reads it all.
		for _, e := range f.msg.entries {
			if e.scal != nil || e.s != nil && !e.s.attrs {
				return true
			}
		}
		return false
	case f.sub != nil:
		return !f.sub.attrs
	case f.elem.Kind() == reflect.Slice && f.kind != "ether" && f.kind != "bytes" && f.kind != "binary" && f.elem.Elem().Kind() == reflect.Uint8:
		return false
	case f.elem.Kind() == reflect.Slice:
		return false
	case f.kind == "uint" || f.kind == "sint":
		return false
	case f.elem == reflect.TypeFor[netip.Addr]() && (f.kind == "" || f.kind == "ip"):
		return false
	}
	return true
}

func (g *pgen) attr(depth int, inline, viaPtr bool) pfield {
	r := g.r
	if g.x != nil && depth < 4 && r.Intn(5) == 0 {
		return g.x.subField(g, depth)
	}
	f := pfield{omit: r.Intn(4) == 0}
	switch x := r.Intn(20); {
	case x < 2 && depth < 4:
		// An inline struct; one pointer at most on the way.
		f.cont = pcInline
		if !viaPtr && r.Intn(2) == 0 {
			f.cont = pcInlinePtr
		}
		f.omit = false
		f.sub = g.message(depth+1, true, viaPtr || f.cont == pcInlinePtr)
		f.elem = f.sub.typ
		return f
	case x < 6 && depth < 4:
		f.num = g.num()
		if r.Intn(3) == 0 {
			// A C struct in an attribute.
			s := &pstruct{lossless: true}
			var sf []reflect.StructField
			for i := r.Intn(4); i >= 0; i-- {
				h := g.header(1)
				s.fields = append(s.fields, h)
				sf = append(sf, structField(len(sf), h))
			}
			s.typ = reflect.StructOf(sf)
			if hasBool(s) {
				s.lossless = false
			}
			f.sub = s
		} else {
			f.sub = g.message(depth+1, false, false)
		}
		f.elem = f.sub.typ
		if r.Intn(4) == 0 {
			f.kind = []string{"nested", "struct"}[r.Intn(2)]
		}
	default:
		f.num = g.num()
		f.elem, f.kind = g.scalar()
	}
	switch x := r.Intn(10); {
	case x < 5:
		f.cont = pcDirect
	case x < 7:
		f.cont = pcPointer
	case x < 9:
		f.cont = pcMulti
	default:
		f.cont = pcIndexed
	}
	if f.elem.Kind() == reflect.Bool && (f.kind == "" || f.kind == "flag") && f.cont != pcDirect && g.valid {
		f.cont = pcDirect
	}
	if f.kind == "packed" && f.cont == pcMulti && g.valid {
		f.cont = pcDirect
	}
	if g.x != nil {
		g.x.decorate(g, &f)
	}
	return f
}

// Values.

func (g *pgen) value(s *pstruct, v reflect.Value) {
	if g.x != nil {
		defer g.x.scope(g, s, v)()
	}
	for i, f := range s.fields {
		fv := v.Field(i)
		if f.cont == pcWire || f.cont == pcWirePtr || f.cont == pcUnknown || f.cont == pcSet {
			continue
		}
		if f.blank || f.selID != 0 {
			continue // padding is zero in values built in Go; selectors follow their sub-messages
		}
		if f.msg != nil {
			g.x.fillSub(g, f, fv)
			continue
		}
		g.fill(f, fv)
	}
}

func (g *pgen) fill(f pfield, fv reflect.Value) {
	r := g.r
	switch f.cont {
	case pcHeader, pcDirect, pcInline:
		if f.omit && r.Intn(3) == 0 {
			return
		}
		g.elem(f, fv)
	case pcPointer, pcInlinePtr:
		if f.cont == pcInlinePtr && !fv.IsNil() {
			g.elem(f, fv.Elem()) // made for a selector a sub-message set
			return
		}
		if r.Intn(3) == 0 {
			return
		}
		p := reflect.New(f.elem)
		g.elem(f, p.Elem())
		fv.Set(p)
	case pcMulti, pcIndexed:
		n := r.Intn(4)
		if n == 0 && r.Intn(2) == 0 {
			return
		}
		sl := reflect.MakeSlice(fv.Type(), n, n)
		for i := 0; i < n; i++ {
			g.elem(f, sl.Index(i))
		}
		fv.Set(sl)
	}
}

// elem fills v, of f's value type, with a value f's kind can write.
func (g *pgen) elem(f pfield, v reflect.Value) {
	r := g.r
	if f.sub != nil {
		g.value(f.sub, v)
		return
	}
	t := v.Type()
	switch {
	case t.Kind() == reflect.Bool:
		v.SetBool(r.Intn(2) == 0)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		w := kindWidth(f.kind)
		if f.kind == "" && f.cont != pcHeader || f.cont == pcHeader {
			w = int(t.Size())
		}
		var u uint64
		if w == 0 { // uint, sint: any value
			u = r.Uint64() >> (8 * r.Intn(8))
		} else {
			u = r.Uint64() >> (64 - 8*w)
			if r.Intn(4) == 0 {
				u &= 0xff
			}
			signed := strings.HasPrefix(f.kind, "s") || f.kind == "" && t.Kind() <= reflect.Int64
			if signed && w < 8 {
				u = uint64(int64(u<<(64-8*w)) >> (64 - 8*w))
			}
		}
		if t.Kind() <= reflect.Int64 {
			v.SetInt(int64(u))
		} else {
			v.SetUint(u)
		}
	case t.Kind() == reflect.String:
		b := make([]byte, r.Intn(12))
		for i := range b {
			b[i] = byte(1 + r.Intn(255))
		}
		v.SetString(string(b))
	case t == reflect.TypeFor[netip.Addr]():
		var a netip.Addr
		b := make([]byte, 16)
		r.Read(b)
		switch f.kind {
		case "ipv4":
			a = netip.AddrFrom4([4]byte(b))
		case "ipv6":
			a = netip.AddrFrom16([16]byte(b))
		default:
			if r.Intn(2) == 0 {
				a = netip.AddrFrom4([4]byte(b))
			} else {
				a = netip.AddrFrom16([16]byte(b))
			}
		}
		if r.Intn(5) == 0 && f.cont != pcMulti && f.cont != pcIndexed {
			a = netip.Addr{}
		}
		v.Set(reflect.ValueOf(a))
	case t.Kind() == reflect.Array:
		for i := 0; i < t.Len(); i++ {
			e := v.Index(i)
			if e.Kind() == reflect.Bool {
				e.SetBool(r.Intn(2) == 0)
			} else if e.Kind() <= reflect.Int64 {
				e.SetInt(int64(r.Uint64()))
			} else {
				e.SetUint(r.Uint64())
			}
		}
	case t.Kind() == reflect.Slice:
		n := r.Intn(10)
		if f.kind == "ether" || t == reflect.TypeFor[net.HardwareAddr]() {
			n = []int{0, 6, 8, 20}[r.Intn(4)]
		}
		sl := reflect.MakeSlice(t, n, n)
		for i := 0; i < n; i++ {
			e := sl.Index(i)
			if e.Kind() <= reflect.Int64 {
				e.SetInt(int64(r.Uint64()))
			} else {
				e.SetUint(r.Uint64())
			}
		}
		if n == 0 && r.Intn(2) == 0 {
			sl = reflect.Zero(t)
		}
		v.Set(sl)
	default:
		panic("no value for " + t.String())
	}
}

// Normalization: what a value's encoding cannot tell.

// normalize rewrites v, of s's type, to what decoding its encoding gives:
// empty multi, indexed and packed slices and an inline pointer that
// writes nothing are nil, Wires are zero, padding is zero.
func normalize(s *pstruct, v reflect.Value) {
	for i, f := range s.fields {
		fv := v.Field(i)
		if f.msg != nil {
			normSub(f, fv)
			continue
		}
		switch f.cont {
		case pcWire, pcWirePtr, pcUnknown:
			fv.SetZero()
			continue
		case pcMulti, pcIndexed:
			if fv.Len() == 0 {
				fv.SetZero()
			}
			for j := 0; j < fv.Len(); j++ {
				normElem(f, fv.Index(j))
			}
		case pcPointer:
			if !fv.IsNil() {
				normElem(f, fv.Elem())
			}
		case pcInlinePtr:
			if !fv.IsNil() {
				normalize(f.sub, fv.Elem())
				if !writes(f.sub, fv.Elem()) {
					fv.SetZero()
				}
			}
		default:
			normElem(f, fv)
		}
	}
}

func normElem(f pfield, v reflect.Value) {
	if f.sub != nil {
		normalize(f.sub, v)
		return
	}
	if f.kind == "packed" && v.Len() == 0 {
		v.SetZero()
	} else if f.cont != pcDirect && v.Kind() == reflect.Slice && v.IsNil() {
		// Present in a pointer or as an element: an empty payload.
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	}
}

// writes reports whether the attributes of inline struct s, in v, write
// anything.
func writes(s *pstruct, v reflect.Value) bool {
	for i, f := range s.fields {
		fv := v.Field(i)
		if f.msg != nil {
			if f.cont == pcMulti && fv.Len() > 0 || f.cont != pcMulti && !fv.IsNil() {
				return true
			}
			continue
		}
		switch f.cont {
		case pcInline:
			if writes(f.sub, fv) {
				return true
			}
		case pcInlinePtr, pcPointer:
			if !fv.IsNil() {
				if f.cont == pcPointer || writes(f.sub, fv.Elem()) {
					return true
				}
			}
		case pcMulti:
			if fv.Len() > 0 {
				return true
			}
		case pcIndexed:
			if !fv.IsNil() {
				return true
			}
		case pcDirect:
			switch {
			case f.elem == reflect.TypeFor[netip.Addr]():
				if fv.Interface().(netip.Addr).IsValid() {
					return true
				}
			case f.elem.Kind() == reflect.Bool && (f.kind == "" || f.kind == "flag"):
				if fv.Bool() {
					return true
				}
			case f.elem.Kind() == reflect.Slice && f.elem.Elem().Kind() == reflect.Uint8 && f.kind != "packed":
				if !fv.IsNil() {
					return true
				}
			case !f.omit || !fv.IsZero():
				return true
			}
		}
	}
	return false
}

// Mutations: inputs near the encoding of a value.

type pattr struct {
	typ  uint16
	data []byte
}

func splitAttrs(b []byte) ([]pattr, bool) {
	var out []pattr
	for len(b) >= 4 {
		n := int(binary.NativeEndian.Uint16(b))
		if n < 4 || n > len(b) {
			return nil, false
		}
		out = append(out, pattr{binary.NativeEndian.Uint16(b[2:]), b[4:n]})
		b = b[min(nltag.Align(n), len(b)):]
	}
	return out, len(b) == 0
}

func joinAttrs(as []pattr) []byte {
	var b []byte
	for _, a := range as {
		b = nltag.AppendAttr(b, a.typ, a.data)
	}
	return b
}

// mutate returns a variant of in, a value's encoding whose header is hdr
// bytes long. canon says the variant keeps within what a lossless type
// must re-encode exactly: no repeated attribute, zero padding, lengths
// that end where their padding does.
func (g *pgen) mutate(in []byte, hdr int) (out []byte, canon bool) {
	r := g.r
	if len(in) < hdr {
		hdr = len(in)
	}
	head, body := bytes.Clone(in[:hdr]), in[hdr:]
	as, ok := splitAttrs(body)
	switch x := r.Intn(10); {
	case !ok || x == 0:
		out = bytes.Clone(in)
		if len(out) > 0 {
			out[r.Intn(len(out))] ^= byte(1 << r.Intn(8))
		}
		return out, false
	case x == 1:
		return bytes.Clone(in[:r.Intn(len(in)+1)]), false
	case x == 2 && len(as) > 0:
		// A repeat.
		i := r.Intn(len(as))
		as = append(as[:i+1], as[i:]...)
		return append(head, joinAttrs(as)...), false
	case x == 3 && len(as) > 1:
		i, j := r.Intn(len(as)), r.Intn(len(as))
		as[i], as[j] = as[j], as[i]
		return append(head, joinAttrs(as)...), true
	case x == 4:
		// An unknown attribute, flags and all.
		a := pattr{typ: uint16(41+r.Intn(100)) | uint16(r.Intn(4))<<14, data: make([]byte, r.Intn(9))}
		r.Read(a.data)
		i := r.Intn(len(as) + 1)
		as = append(as[:i], append([]pattr{a}, as[i:]...)...)
		return append(head, joinAttrs(as)...), true
	case x == 5 && len(as) > 0:
		// A longer payload: a tail.
		i := r.Intn(len(as))
		extra := make([]byte, 1+r.Intn(8))
		r.Read(extra)
		// Up to 3 bytes after a nest's attributes are no attribute,
		// and not kept.
		_, nest := splitAttrs(as[i].data)
		as[i].data = append(bytes.Clone(as[i].data), extra...)
		nest = nest || as[i].typ&nltag.FlagNested != 0
		// A nest with a header, without the flag (noflag, a set's
		// choice), parses as no list: assume any payload may be one.
		nest = nest || g.x != nil
		return append(head, joinAttrs(as)...), !nest || len(extra)%4 == 0
	case x == 6 && len(as) > 0:
		// A shorter payload.
		i := r.Intn(len(as))
		as[i].data = as[i].data[:r.Intn(len(as[i].data)+1)]
		return append(head, joinAttrs(as)...), false // an older kernel's shorter struct is written whole
	case x == 7 && len(as) > 0:
		// Other flags on an attribute.
		i := r.Intn(len(as))
		as[i].typ ^= uint16(1+r.Intn(3)) << 14
		return append(head, joinAttrs(as)...), true
	case x == 8 && len(as) > 0:
		// A mutation inside a nest, whose header the dice guess.
		i := r.Intn(len(as))
		inner, c := g.mutate(as[i].data, []int{0, 0, 4, 8}[r.Intn(4)])
		if len(inner) > 0xfff0 {
			return bytes.Clone(in), true
		}
		as[i].data = inner
		if g.x != nil && as[i].typ&nltag.FlagNested == 0 {
			// Without the flag (noflag, a set's choice), a C struct's
			// padding may pass for an attribute: implicit padding is
			// written as zero.
			c = false
		}
		return append(head, joinAttrs(as)...), c
	}
	// The header changes.
	for i := range head {
		if r.Intn(3) == 0 {
			head[i] = byte(r.Intn(256))
		}
	}
	return append(head, body...), false // implicit padding is written as zero
}

// The test.

func TestProperty(t *testing.T) {
	n := *propN
	if n == 0 {
		n = 600
		if testing.Short() || membound.RaceEnabled {
			n = 120
		}
	}
	r := rand.New(rand.NewSource(*propSeed))
	st := &propStats{}
	for i := 0; i < n; i++ {
		seed := r.Int63()
		if !propOne(t, seed, st) {
			t.Logf("again: go test -run TestPropertySeed -prop.n=-1 -prop.seed=%d", seed)
			if st.failed++; st.failed >= *propFails {
				t.FailNow()
			}
		}
	}
	t.Logf("%d types (%d refused), %d values, %d inputs decoded (%d lenient successes, %d exact re-encodings checked)",
		n, st.refused, st.values, st.inputs, st.decoded, st.exact)
}

type propStats struct {
	refused, values, inputs, decoded, exact, failed int
}

// TestPropertySeed runs one type of a seed that TestProperty printed.
func TestPropertySeed(t *testing.T) {
	if *propN != -1 {
		t.Skip("-prop.n=-1 -prop.seed=S runs type seed S alone")
	}
	propOne(t, *propSeed, &propStats{})
}

func propOne(t *testing.T, seed int64, st *propStats) bool {
	t.Helper()
	return propCheck(t, seed, st, nil, nil)
}

// propCheck makes the type of seed, with the generator's additions x when
// not nil, and checks it; built, when not nil, checks further each value
// built in Go and its encoding, and returns what is wrong.
func propCheck(t *testing.T, seed int64, st *propStats, x *prich, built func(s *pstruct, v reflect.Value, b []byte) string) (ok bool) {
	t.Helper()
	g := &pgen{r: rand.New(rand.NewSource(seed)), valid: seed%5 != 0, x: x}
	s := g.message(0, false, false)
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("type seed %d, %v: panic: %v", seed, s.typ, p)
			ok = false
		}
	}()
	fail := func(format string, args ...any) bool {
		t.Errorf("type seed %d, %v:\n%s", seed, s.typ, fmt.Sprintf(format, args...))
		return false
	}
	zero := reflect.New(s.typ)
	cerr := nltag.Check(zero.Interface())
	_, merr := nltag.Marshal(zero.Interface())
	uerr := nltag.Unmarshal(nil, reflect.New(s.typ).Interface())
	if cerr != nil {
		st.refused++
		var te *nltag.TypeError
		if !errors.As(cerr, &te) {
			return fail("Check: %T %v", cerr, cerr)
		}
		if merr == nil || uerr == nil {
			return fail("Check refuses (%v) but Marshal (%v) or Unmarshal (%v) does not", cerr, merr, uerr)
		}
		return true
	}
	if merr != nil && !errors.Is(merr, nltag.ErrValue) {
		return fail("Check accepts but Marshal of the zero value: %v", merr)
	}
	hdr := 0
	if b, err := nltag.Marshal(zero.Interface()); err == nil && !s.attrs {
		hdr = len(b)
	} else {
		hdr = headerSize(s)
	}
	var d nltag.Decoder
	for j := 0; j < 6; j++ {
		v := reflect.New(s.typ)
		g.value(s, v.Elem())
		st.values++
		b, err := nltag.Marshal(v.Interface())
		if err != nil {
			var e *nltag.Error
			if !errors.As(err, &e) || !errors.Is(err, nltag.ErrValue) {
				return fail("Marshal: %T %v", err, err)
			}
			continue
		}
		b2, _ := nltag.Marshal(v.Interface())
		if !bytes.Equal(b, b2) {
			return fail("Marshal twice: %x, then %x", b, b2)
		}
		if built != nil {
			if d := built(s, v, b); d != "" {
				return fail("%x: %s\nvalue:\n%s", b, d, nltag.Format(v.Interface()))
			}
		}
		if n, err := nltag.Size(v.Interface()); err != nil || n != len(b) {
			return fail("Size = %d, %v; Marshal wrote %d", n, err, len(b))
		}
		if a, err := nltag.AppendMarshal([]byte{1, 2, 3, 4}, v.Interface()); err != nil || !bytes.Equal(a[4:], b) {
			return fail("AppendMarshal: %x, %v; Marshal %x", a, err, b)
		}
		w := reflect.New(s.typ)
		if err := nltag.Unmarshal(b, w.Interface()); err != nil {
			return fail("Unmarshal of Marshal's %x: %v\nvalue:\n%s", b, err, nltag.Format(v.Interface()))
		}
		if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(b, reflect.New(s.typ).Interface()); err != nil {
			return fail("strict Unmarshal of Marshal's %x: %v\nvalue:\n%s", b, err, nltag.Format(v.Interface()))
		}
		// What decoding cannot tell (an empty packed slice from a nil
		// one) aside, the value encodes as it did.
		// With its Wire records, as it came when they are complete;
		// without them, as a value built in Go.
		out, err := nltag.Marshal(w.Interface())
		normalize(s, v.Elem())
		want, _ := nltag.Marshal(v.Interface())
		if err != nil || s.lossless && !bytes.Equal(out, b) {
			return fail("Marshal(Unmarshal(%x)) = %x, %v\nvalue:\n%s\ndecoded:\n%s", b, out, err, nltag.Format(v.Interface()), nltag.Format(w.Interface()))
		}
		nltag.ClearWire(w.Interface())
		out, err = nltag.Marshal(w.Interface())
		if err != nil || !bytes.Equal(out, want) {
			return fail("Marshal(ClearWire(Unmarshal(%x))) = %x, %v, want %x\nvalue:\n%s\ndecoded:\n%s", b, out, err, want, nltag.Format(v.Interface()), nltag.Format(w.Interface()))
		}
		normalize(s, w.Elem())
		if !reflect.DeepEqual(v.Interface(), w.Interface()) {
			return fail("round trip of %x changed the value: %s\n%s", b, diffPath(v.Elem(), w.Elem(), ""), nltag.Format(v.Interface()))
		}
		for off := -1; off <= len(b); off++ {
			nltag.Locate(v.Interface(), b, off)
		}
		// Inputs near this one.
		for k := 0; k < 12; k++ {
			in, canon := g.mutate(b, hdr)
			st.inputs++
			if !propInput(t, fail, s, &d, in, canon, st) {
				return false
			}
		}
	}
	return true
}

// headerSize is the length of s's header on the wire: that of the
// encoding of a value with no attributes.
func headerSize(s *pstruct) int {
	var sf []reflect.StructField
	for i, f := range s.fields {
		if f.cont == pcHeader {
			sf = append(sf, structField(i, f))
		}
	}
	b, _ := nltag.Marshal(reflect.New(reflect.StructOf(sf)).Interface())
	return nltag.Align(len(b))
}

func propInput(t *testing.T, fail func(string, ...any) bool, s *pstruct, d *nltag.Decoder, in []byte, canon bool, st *propStats) bool {
	t.Helper()
	keep := bytes.Clone(in)
	var e *nltag.Error
	if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(in, reflect.New(s.typ).Interface()); err != nil && !errors.As(err, &e) {
		return fail("strict Unmarshal(%x): %T %v", in, err, err)
	}
	v := reflect.New(s.typ)
	err := nltag.Unmarshal(in, v.Interface())
	if !bytes.Equal(in, keep) {
		return fail("Unmarshal modified its input")
	}
	// A Decoder kept across calls decodes alike.
	dv := reflect.New(s.typ)
	derr := d.Unmarshal(in, dv.Interface())
	if (err == nil) != (derr == nil) {
		return fail("Unmarshal(%x): %v; a Decoder's: %v", in, err, derr)
	}
	if err != nil {
		if !errors.As(err, &e) {
			return fail("Unmarshal(%x): %T %v", in, err, err)
		}
		if e.Offset < 0 || e.Offset > len(in) {
			return fail("Unmarshal(%x): offset %d outside the input: %v", in, e.Offset, err)
		}
		return true
	}
	st.decoded++
	_ = nltag.Format(v.Interface())
	out, err := nltag.Marshal(v.Interface())
	if err != nil {
		return fail("Marshal of what %x decoded to: %v\n%s", in, err, nltag.Format(v.Interface()))
	}
	dout, err := nltag.Marshal(dv.Interface())
	if err != nil || !bytes.Equal(dout, out) {
		return fail("a Decoder's value of %x encodes to %x, %v; Unmarshal's to %x", in, dout, err, out)
	}
	if n, err := nltag.Size(v.Interface()); err != nil || n != len(out) {
		return fail("Size of decoded %x = %d, %v; Marshal wrote %d", in, n, err, len(out))
	}
	// The re-encoding is a fixed point.
	w := reflect.New(s.typ)
	if err := nltag.Unmarshal(out, w.Interface()); err != nil {
		return fail("input %x decoded, re-encoded as %x, which does not decode: %v\n%s", in, out, err, nltag.Format(v.Interface()))
	}
	out2, err := nltag.Marshal(w.Interface())
	if err != nil || !bytes.Equal(out2, out) {
		return fail("input %x re-encoded as %x, which re-encodes as %x, %v\n%s\n%s", in, out, out2, err, nltag.Format(v.Interface()), nltag.Format(w.Interface()))
	}
	if canon && s.lossless && len(in)%4 == 0 {
		st.exact++
		if !bytes.Equal(out, in) {
			return fail("lossless type: input %x re-encoded as %x\n%s", in, out, nltag.Format(v.Interface()))
		}
	}
	return true
}

// diffPath names the first place where a and b differ.
func diffPath(a, b reflect.Value, path string) string {
	if reflect.DeepEqual(a.Interface(), b.Interface()) {
		return ""
	}
	switch a.Kind() {
	case reflect.Struct:
		if a.Type() != reflect.TypeFor[netip.Addr]() {
			for i := 0; i < a.NumField(); i++ {
				if a.Type().Field(i).Name == "_" {
					continue
				}
				if d := diffPath(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); d != "" {
					return d
				}
			}
		}
	case reflect.Pointer:
		if !a.IsNil() && !b.IsNil() {
			return diffPath(a.Elem(), b.Elem(), path)
		}
	case reflect.Slice:
		if a.Len() == b.Len() && !a.IsNil() && !b.IsNil() {
			for i := 0; i < a.Len(); i++ {
				if d := diffPath(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
					return d
				}
			}
		}
	}
	return fmt.Sprintf("%s: %#v != %#v", path, a.Interface(), b.Interface())
}
