package nltag_test

// TestPropertySubmsg runs TestProperty's checks over types that also use
// what its generator leaves out: attribute sets (RegisterSet, `_
// nltag.Set` markers, names in tags, number 0 by name, NestedFlag),
// the nestflag and noflag options, and selected sub-messages (any, []any
// and *any fields) whose tables hold generated types registered by
// pointer and by value, RegisterSubMessageOf types, scalars, and keys
// left unregistered (Raw); their selectors are strings or integers, in
// the header, among the attributes before or after them, or in an
// enclosing struct, across nests, inline structs and sub-messages. Besides
// TestProperty's checks, each value built in Go must carry NLA_F_NESTED
// exactly on its nests as the options and sets say, and Locate must name
// the field, attribute and inner set of every attribute it wrote.
//
// Registration is global: every set and table is named after a counter
// of the process, so that types made again (-count, TestPropertySeed)
// register new names rather than give old ones new meanings.
//
// 150 types by default; -prop.subn and -prop.seed explore further.

import (
	"flag"
	"fmt"
	"math/rand"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

var propSubN = flag.Int("prop.subn", 0, "types TestPropertySubmsg makes (0: a default that runs in a fraction of a second)")

// pmsg describes a sub-message field: its table, the selector's Go or
// attribute name, and what the table holds.
type pmsg struct {
	table   string
	selName string
	selID   int
	isStr   bool
	entries []pentry
	unreg   any // a key that selects nothing: Raw
	// lossless: every registered type records the wire
	lossless bool
}

type pentry struct {
	key  any          // as registered
	s    *pstruct     // the struct registered, or nil for a scalar
	t    reflect.Type // the type decoding stores in the interface
	scal reflect.Type // a scalar's type
}

// prich is the state of the generator's additions.
type prich struct {
	prefix   string
	ids      int
	scopes   []*gscope // structs being made, outermost first
	msgs     map[int]*pmsg
	vchain   []vscope         // structs being filled, outermost first
	assigned map[uintptr]bool // selector fields given their value, by address
}

type gscope struct {
	s       *pstruct
	inline  bool
	set     *nltag.AttrSet
	pending []pfield // selectors of sub-messages inside it
}

type vscope struct {
	s *pstruct
	v reflect.Value
}

var propRun atomic.Int64 // names sets and tables uniquely in the process

func newRich(seed int64) *prich {
	return &prich{prefix: fmt.Sprintf("p7.%d.%d", propRun.Add(1), seed), msgs: map[int]*pmsg{}, assigned: map[uintptr]bool{}}
}

func (x *prich) id() int { x.ids++; return x.ids }

func (x *prich) top() *gscope { return x.scopes[len(x.scopes)-1] }

// enter starts struct s: its set, its own or (inline) the enclosing one's.
func (x *prich) enter(g *pgen, s *pstruct, inline bool) func() {
	sc := &gscope{s: s, inline: inline}
	if inline && len(x.scopes) > 0 {
		sc.set = x.top().set
	} else if !inline && g.r.Intn(2) == 0 {
		a := map[string]uint16{"N0": 0}
		for i := 1; i <= 40; i++ {
			a[fmt.Sprintf("N%d", i)] = uint16(i)
		}
		sc.set = nltag.RegisterSet(&nltag.AttrSet{Name: fmt.Sprintf("%s.s%d", x.prefix, x.id()), Attrs: a, NestedFlag: g.r.Intn(2) == 0})
	}
	s.set = sc.set
	x.scopes = append(x.scopes, sc)
	return func() { x.scopes = x.scopes[:len(x.scopes)-1] }
}

// leave adds to s, before its type is made, the selectors its
// sub-messages placed in it, its Set marker, and names from its set.
func (x *prich) leave(g *pgen, s *pstruct, inline bool) {
	r, sc := g.r, x.top()
	for _, f := range sc.pending {
		at := r.Intn(len(s.fields) + 1)
		s.fields = append(s.fields[:at], append([]pfield{f}, s.fields[at:]...)...)
	}
	for _, f := range s.fields {
		if f.msg != nil && !f.msg.lossless {
			s.lossless = false
		}
	}
	if sc.set == nil {
		return
	}
	if !containsInt(g.nums, 0) && r.Intn(6) == 0 {
		var cand []int
		for i, f := range s.fields {
			if tagged(f) && f.num <= 40 && f.selID == 0 {
				cand = append(cand, i)
			}
		}
		if len(cand) > 0 {
			s.fields[cand[r.Intn(len(cand))]].num = 0
			g.nums = append(g.nums, 0)
		}
	}
	for i := range s.fields {
		if f := &s.fields[i]; tagged(*f) && f.num <= 40 && (f.num == 0 || r.Intn(3) > 0) {
			f.attr = fmt.Sprintf("N%d", f.num)
		}
	}
	switch {
	case !inline:
		s.fields = append(s.fields, pfield{cont: pcSet, attr: sc.set.Name})
	case !g.valid && r.Intn(4) == 0:
		// An inline struct's marker must name the enclosing set.
		other := nltag.RegisterSet(&nltag.AttrSet{Name: fmt.Sprintf("%s.s%d", x.prefix, x.id())})
		s.fields = append(s.fields, pfield{cont: pcSet, attr: other.Name})
	case r.Intn(2) == 0:
		s.fields = append(s.fields, pfield{cont: pcSet, attr: sc.set.Name})
	}
}

// tagged reports a field whose tag names an attribute.
func tagged(f pfield) bool {
	switch f.cont {
	case pcDirect, pcPointer, pcMulti, pcIndexed:
		return true
	}
	return false
}

// decorate gives nests and indexed arrays a flag option now and then.
func (x *prich) decorate(g *pgen, f *pfield) {
	if f.sub != nil || f.cont == pcIndexed || !g.valid && g.r.Intn(20) == 0 {
		if g.r.Intn(3) == 0 {
			f.flagOpt = []string{"nestflag", "noflag"}[g.r.Intn(2)]
		}
	}
}

// subField makes a sub-message field, its table and the types it holds,
// and places its selector: in the struct being made (a header field or
// an attribute) or in one enclosing it.
func (x *prich) subField(g *pgen, depth int) pfield {
	r := g.r
	id := x.id()
	m := &pmsg{table: fmt.Sprintf("%s.t%d", x.prefix, id), selID: id, selName: fmt.Sprintf("S%d", id), lossless: true}
	x.msgs[id] = m
	cur := len(x.scopes) - 1
	where := cur
	if cur > 0 && r.Intn(2) == 0 {
		where = r.Intn(cur)
	}
	sc := x.scopes[where]
	sel := pfield{name: m.selName, selID: id}
	if !sc.inline && r.Intn(3) == 0 {
		sel.cont = pcHeader
		sel.elem = intTypes[r.Intn(8)]
		sel.be = sel.elem.Size() > 1 && r.Intn(3) == 0
	} else {
		sel.cont = pcDirect
		sel.omit = r.Intn(4) == 0
		same := true // the struct being made, or one it is inline in: one list
		for i := where + 1; i <= cur; i++ {
			same = same && x.scopes[i].inline
		}
		if same {
			sel.num = g.num() // its numbers
		} else {
			sel.num = 200 + id
		}
		if m.isStr = r.Intn(2) == 0; m.isStr {
			sel.elem = reflect.TypeFor[string]()
		} else {
			sel.elem = intTypes[r.Intn(8)]
			if r.Intn(2) == 0 {
				for {
					k := intKinds[r.Intn(len(intKinds))]
					if w := kindWidth(k); w > 0 && w <= int(sel.elem.Size()) {
						sel.kind = k
						break
					}
				}
			}
		}
		if where == cur && sel.num <= 40 && r.Intn(2) == 0 {
			// By attribute name: the set's, or the number's digits.
			if sc.set != nil {
				m.selName = fmt.Sprintf("N%d", sel.num)
			} else {
				m.selName = fmt.Sprint(sel.num)
			}
		}
	}
	sc.pending = append(sc.pending, sel)

	// The table.
	n := 1 + r.Intn(3)
	used := map[string]bool{}
	for len(m.entries) < n {
		var key any
		if m.isStr {
			key = fmt.Sprintf("k%d", r.Intn(6))
		} else {
			key = propIntKey(r, r.Intn(12))
		}
		if used[fmt.Sprint(key)] {
			continue
		}
		used[fmt.Sprint(key)] = true
		e := pentry{key: key}
		switch k := r.Intn(10); {
		case k < 6 || depth >= 3:
			// Valid: Check does not reach registered types, and
			// Marshal of one refused is no ErrValue.
			valid := g.valid
			g.valid = true
			e.s = g.message(depth+1, false, false)
			g.valid = valid
			if k == 0 {
				e.t = e.s.typ
				nltag.RegisterSubMessage(m.table, key, reflect.New(e.s.typ).Elem().Interface())
			} else {
				e.t = reflect.PointerTo(e.s.typ)
				nltag.RegisterSubMessage(m.table, key, reflect.New(e.s.typ).Interface())
			}
		case k < 8:
			o := propOfTypes[r.Intn(len(propOfTypes))]
			e.s, e.t = o.desc(), reflect.PointerTo(o.typ)
			o.register(m.table, key)
		default:
			e.scal = []reflect.Type{reflect.TypeFor[uint32](), reflect.TypeFor[string]()}[r.Intn(2)]
			e.t = e.scal
			nltag.RegisterSubMessage(m.table, key, reflect.New(e.scal).Elem().Interface())
		}
		if e.s != nil && (e.s.attrs && !e.s.lossless || !e.s.attrs && hasBool(e.s)) || e.scal == reflect.TypeFor[string]() {
			// A struct that does not record its wire, a header bool
			// (written 0 or 1), a string sent without its NUL (which
			// gains one): not re-encoded exactly. A C struct's or a
			// number's tail is kept in the enclosing Wire.
			m.lossless = false
		}
		m.entries = append(m.entries, e)
	}
	for {
		if m.isStr {
			m.unreg = fmt.Sprintf("k%d", r.Intn(8))
		} else {
			m.unreg = propIntKey(r, r.Intn(14))
		}
		if !used[fmt.Sprint(m.unreg)] {
			break
		}
	}
	f := pfield{num: g.num(), elem: reflect.TypeFor[any](), msg: m, omit: r.Intn(4) == 0}
	switch k := r.Intn(10); {
	case k < 6:
		f.cont = pcDirect
	case k < 8:
		f.cont = pcMulti
	default:
		f.cont = pcPointer
	}
	if r.Intn(3) == 0 {
		f.flagOpt = []string{"nestflag", "noflag"}[r.Intn(2)]
	}
	return f
}

// propIntKey is n as an integer of a Go type the dice choose: tables
// match keys by value, whatever their types.
func propIntKey(r *rand.Rand, n int) any {
	switch r.Intn(5) {
	case 0:
		return uint8(n)
	case 1:
		return int64(n)
	case 2:
		return uint32(n)
	case 3:
		return int16(n)
	}
	return n
}

// Values.

// scope pushes the struct being filled, whose fields selectors may be.
// Its selectors that no sub-message set are given a value as it ends.
func (x *prich) scope(g *pgen, s *pstruct, v reflect.Value) func() {
	x.vchain = append(x.vchain, vscope{s, v})
	return func() {
		for i, f := range s.fields {
			if f.selID != 0 && !x.assigned[v.Field(i).Addr().Pointer()] {
				m := x.msgs[f.selID]
				key := m.unreg
				if len(m.entries) > 0 && g.r.Intn(3) > 0 {
					key = m.entries[g.r.Intn(len(m.entries))].key
				}
				setSel(v.Field(i), key)
			}
		}
		x.vchain = x.vchain[:len(x.vchain)-1]
	}
}

func setSel(v reflect.Value, key any) {
	k := reflect.ValueOf(key)
	switch {
	case v.Kind() == reflect.String:
		v.SetString(k.String())
	case v.CanInt():
		v.SetInt(k.Convert(reflect.TypeFor[int64]()).Int())
	default:
		v.SetUint(k.Convert(reflect.TypeFor[uint64]()).Uint())
	}
}

// findSel returns the selector field id in s's value v or the inline
// structs it holds, making an absent inline struct for it.
func findSel(s *pstruct, v reflect.Value, id int) (reflect.Value, bool) {
	for i, f := range s.fields {
		switch {
		case f.selID == id:
			return v.Field(i), true
		case f.cont == pcInline:
			if fv, ok := findSel(f.sub, v.Field(i), id); ok {
				return fv, true
			}
		case f.cont == pcInlinePtr:
			if !holds(f.sub, id) {
				continue
			}
			if v.Field(i).IsNil() {
				v.Field(i).Set(reflect.New(f.sub.typ))
			}
			return findSel(f.sub, v.Field(i).Elem(), id)
		}
	}
	return reflect.Value{}, false
}

func holds(s *pstruct, id int) bool {
	for _, f := range s.fields {
		if f.selID == id || (f.cont == pcInline || f.cont == pcInlinePtr) && holds(f.sub, id) {
			return true
		}
	}
	return false
}

// fillSub fills sub-message field f: the selector decides the type, the
// dice the selector when no sub-message has yet.
func (x *prich) fillSub(g *pgen, f pfield, fv reflect.Value) {
	r, m := g.r, f.msg
	n := 1
	switch f.cont {
	case pcMulti:
		n = r.Intn(4)
		if n == 0 {
			if r.Intn(2) == 0 {
				fv.Set(reflect.MakeSlice(fv.Type(), 0, 0))
			}
			return
		}
	default:
		if r.Intn(4) == 0 {
			return // absent
		}
	}
	var sv reflect.Value
	for i := len(x.vchain) - 1; i >= 0 && !sv.IsValid(); i-- {
		sv, _ = findSel(x.vchain[i].s, x.vchain[i].v, m.selID)
	}
	if !sv.IsValid() {
		panic(fmt.Sprintf("no selector S%d in scope", m.selID))
	}
	if a := sv.Addr().Pointer(); !x.assigned[a] {
		key := m.unreg
		if r.Intn(5) > 0 {
			key = m.entries[r.Intn(len(m.entries))].key
		}
		setSel(sv, key)
		x.assigned[a] = true
	}
	var e *pentry
	for i := range m.entries {
		if sameSel(sv, m.entries[i].key) {
			e = &m.entries[i]
		}
	}
	one := func() reflect.Value {
		switch {
		case e == nil:
			b := make([]byte, r.Intn(9))
			r.Read(b)
			return reflect.ValueOf(nltag.Raw(b))
		case e.scal != nil:
			v := reflect.New(e.scal).Elem()
			g.elem(pfield{elem: e.scal}, v)
			return v
		}
		p := reflect.New(e.s.typ)
		g.value(e.s, p.Elem())
		if e.t.Kind() == reflect.Pointer {
			return p
		}
		return p.Elem()
	}
	switch f.cont {
	case pcMulti:
		sl := reflect.MakeSlice(fv.Type(), n, n)
		for i := 0; i < n; i++ {
			sl.Index(i).Set(one())
		}
		fv.Set(sl)
	case pcPointer:
		p := reflect.New(fv.Type().Elem())
		p.Elem().Set(one())
		fv.Set(p)
	default:
		fv.Set(one())
	}
}

// sameSel reports whether the selector's value v selects key, as the
// decoder reads it: a string, or an integer of any type.
func sameSel(v reflect.Value, key any) bool {
	k := reflect.ValueOf(key)
	switch {
	case v.Kind() == reflect.String:
		return k.Kind() == reflect.String && v.String() == k.String() && v.String() != ""
	case k.Kind() == reflect.String:
		return false
	case v.CanInt():
		return k.Convert(reflect.TypeFor[int64]()).Int() == v.Int()
	}
	return k.Convert(reflect.TypeFor[uint64]()).Uint() == v.Uint()
}

// normSub normalizes the sub-messages of field f: as normalize does
// their structs; an empty Raw decodes as nil.
func normSub(f pfield, fv reflect.Value) {
	one := func(iv reflect.Value) {
		if iv.IsNil() {
			return
		}
		v := iv.Elem()
		if raw, ok := v.Interface().(nltag.Raw); ok {
			if len(raw) == 0 {
				iv.Set(reflect.ValueOf(nltag.Raw(nil)))
			}
			return
		}
		for _, e := range f.msg.entries {
			if e.s == nil || e.t != v.Type() {
				continue
			}
			if v.Kind() == reflect.Pointer {
				normalize(e.s, v.Elem())
			} else {
				cp := reflect.New(v.Type())
				cp.Elem().Set(v)
				normalize(e.s, cp.Elem())
				iv.Set(cp.Elem())
			}
			return
		}
	}
	switch f.cont {
	case pcMulti:
		if fv.Len() == 0 {
			fv.SetZero()
		}
		for i := 0; i < fv.Len(); i++ {
			one(fv.Index(i))
		}
	case pcPointer:
		if !fv.IsNil() {
			one(fv.Elem())
		}
	default:
		one(fv)
	}
}

// RegisterSubMessageOf types: Go types known at compile time, with the
// descriptions the generator's checks need.

type propOfA struct {
	V    uint32 `nla:"1"`
	S    string `nla:"2,omitempty"`
	Wire nltag.Wire
}

type propOfB struct {
	H    uint16
	_    uint16
	P    *uint64 `nla:"1"`
	B    []byte  `nla:"3,omitempty"`
	Wire *nltag.Wire
}

type propOf struct {
	typ      reflect.Type
	register func(table string, key any)
	desc     func() *pstruct
}

var propOfTypes = []propOf{
	{reflect.TypeFor[propOfA](), nltag.RegisterSubMessageOf[propOfA], func() *pstruct {
		return &pstruct{typ: reflect.TypeFor[propOfA](), lossless: true, attrs: true, fields: []pfield{
			{cont: pcDirect, elem: reflect.TypeFor[uint32](), num: 1},
			{cont: pcDirect, elem: reflect.TypeFor[string](), num: 2, omit: true},
			{cont: pcWire},
		}}
	}},
	{reflect.TypeFor[propOfB](), nltag.RegisterSubMessageOf[propOfB], func() *pstruct {
		return &pstruct{typ: reflect.TypeFor[propOfB](), lossless: true, attrs: true, fields: []pfield{
			{cont: pcHeader, elem: reflect.TypeFor[uint16]()},
			{cont: pcHeader, elem: reflect.TypeFor[uint16](), blank: true},
			{cont: pcPointer, elem: reflect.TypeFor[uint64](), num: 1},
			{cont: pcDirect, elem: reflect.TypeFor[[]byte](), num: 3, omit: true},
			{cont: pcWirePtr},
		}}
	}},
}

// Checks of values built in Go.

// checkFlags checks that each attribute of b, the encoding of v (of s's
// type, built in Go: no Wire records), carries NLA_F_NESTED exactly when
// its payload is a nest and the field's option, or else the holder's
// set (none counts as flagged), asks for it.
func checkFlags(s *pstruct, v reflect.Value, b []byte, path string) string {
	as, ok := splitAttrs(b[min(headerSize(s), len(b)):])
	if !ok {
		return path + ": attributes do not parse"
	}
	seen := map[int]int{}
	for _, a := range as {
		num := int(a.typ & nltag.TypeMask)
		f, ev, fpath := attrElem(s, v, num, path, seen)
		if f == nil {
			return fmt.Sprintf("%s: attribute %d no field wrote", path, num)
		}
		want := f.flagOpt == "nestflag" || f.flagOpt == "" && (s.set == nil || nestedFlagOf(s.set))
		if f.cont == pcIndexed {
			if got := a.typ&nltag.FlagNested != 0; got != want {
				return fmt.Sprintf("%s: indexed array flagged %v, want %v", fpath, got, want)
			}
			els, _ := splitAttrs(a.data)
			for i, el := range els {
				isNest, inner, is := nestOf(f, ev.Index(int(el.typ&nltag.TypeMask)-(1-f.num%2)))
				if got := el.typ&nltag.FlagNested != 0; got != (want && isNest) {
					return fmt.Sprintf("%s[%d]: element flagged %v, want %v", fpath, i, got, want && isNest)
				}
				if inner != nil {
					if d := checkFlags(inner, is, el.data, fmt.Sprintf("%s[%d]", fpath, i)); d != "" {
						return d
					}
				}
			}
			continue
		}
		isNest, inner, is := nestOf(f, ev)
		if got := a.typ&nltag.FlagNested != 0; got != (want && isNest) {
			return fmt.Sprintf("%s: attribute %d flagged %v, want %v", fpath, num, got, want && isNest)
		}
		if inner != nil {
			if d := checkFlags(inner, is, a.data, fpath); d != "" {
				return d
			}
		}
	}
	return ""
}

// nestedFlagOf is the set's NestedFlag as registered.
func nestedFlagOf(s *nltag.AttrSet) bool { return s.NestedFlag }

// nestOf returns whether value v of field f (an element, a pointee) is
// written as a nest, and the struct to look into: a nest's, a
// sub-message's.
func nestOf(f *pfield, v reflect.Value) (bool, *pstruct, reflect.Value) {
	if f.msg != nil {
		for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		for _, e := range f.msg.entries {
			if e.s != nil && e.s.typ == v.Type() {
				return e.s.attrs, e.s, v
			}
		}
		return false, nil, v
	}
	if f.sub != nil {
		return f.sub.attrs, f.sub, v
	}
	return false, nil, v
}

// attrField finds the field of s (in v) that declares attribute num,
// looking into inline structs, and its Go path.
// attrElem is attrField's field for attribute num, with the value that
// wrote this occurrence of it (seen counts the earlier ones): what a
// pointer field points to, or a multi field's next element.
func attrElem(s *pstruct, v reflect.Value, num int, path string, seen map[int]int) (*pfield, reflect.Value, string) {
	f, fv, fpath := attrField(s, v, num, path)
	if f == nil {
		return nil, fv, fpath
	}
	k := seen[num]
	seen[num]++
	switch f.cont {
	case pcPointer:
		return f, fv.Elem(), fpath
	case pcMulti:
		return f, fv.Index(k), fpath + fmt.Sprintf("[%d]", k)
	}
	return f, fv, fpath
}

func attrField(s *pstruct, v reflect.Value, num int, path string) (*pfield, reflect.Value, string) {
	for i := range s.fields {
		f := &s.fields[i]
		name := s.typ.Field(i).Name
		switch {
		case f.cont == pcInline || f.cont == pcInlinePtr:
			iv := v.Field(i)
			if f.cont == pcInlinePtr {
				if iv.IsNil() {
					continue
				}
				iv = iv.Elem()
			}
			if g, gv, p := attrField(f.sub, iv, num, join(path, name)); g != nil {
				return g, gv, p
			}
		case tagged(*f) && f.num == num:
			return f, v.Field(i), join(path, name)
		}
	}
	return nil, reflect.Value{}, ""
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// checkLocate checks that Locate names, at the first byte of each
// attribute of the encoding b of the value top, the field that wrote it,
// its attribute name, and for a nest or sub-message its inner set.
func checkLocate(top any, s *pstruct, v reflect.Value, b []byte, base int, path string) string {
	h := min(headerSize(s), len(b))
	as, ok := splitAttrs(b[h:])
	if !ok {
		return path + ": attributes do not parse"
	}
	pos := base + h
	seen := map[int]int{}
	for _, a := range as {
		num := int(a.typ & nltag.TypeMask)
		f, ev, fpath := attrElem(s, v, num, path, seen)
		if f == nil {
			return fmt.Sprintf("%s: attribute %d no field wrote", path, num)
		}
		wantAttr := s.set.AttrName(uint16(num))
		at := pos
		pos += nltag.Align(4 + len(a.data))
		if f.cont == pcIndexed {
			if loc := nltag.Locate(top, propWhole, at); loc.Path != fpath || loc.Attr != wantAttr {
				return fmt.Sprintf("Locate(%d) = %+v, want %s (%s)", at, loc, fpath, wantAttr)
			}
			continue
		}
		_, inner, is := nestOf(f, ev)
		if f.msg != nil {
			iv := ev
			for iv.Kind() == reflect.Interface {
				iv = iv.Elem()
			}
			if key, ok := nltag.SubMessageKey(f.msg.table, iv.Interface()); ok {
				fpath += "(" + fmt.Sprint(key) + ")"
			}
		}
		var wantInner *nltag.AttrSet
		if inner != nil {
			wantInner = inner.set
		}
		loc := nltag.Locate(top, propWhole, at)
		if loc.Path != fpath || loc.Attr != wantAttr || loc.Inner != wantInner {
			return fmt.Sprintf("Locate(%d) = {%s %s %v}, want {%s %s %v}", at, loc.Path, loc.Attr, setName(loc.Inner), fpath, wantAttr, setName(wantInner))
		}
		if inner != nil && inner.attrs {
			if d := checkLocate(top, inner, is, a.data, at+4, fpath); d != "" {
				return d
			}
		}
	}
	return ""
}

func setName(s *nltag.AttrSet) string {
	if s == nil {
		return "<nil>"
	}
	return s.Name
}

// propWhole is the whole encoding checkLocate's offsets are in; set by
// its caller (the test is not parallel).
var propWhole []byte

// The test.

func TestPropertySubmsg(t *testing.T) {
	n := *propSubN
	if n == 0 {
		n = 150
		if testing.Short() || membound.RaceEnabled {
			n = 40
		}
	}
	r := rand.New(rand.NewSource(*propSeed))
	st := &propStats{}
	for i := 0; i < n; i++ {
		seed := r.Int63()
		if !propSubOne(t, seed, st) {
			t.Logf("again: go test -run TestPropertySubmsgSeed -prop.subn=-1 -prop.seed=%d", seed)
			if st.failed++; st.failed >= *propFails {
				t.FailNow()
			}
		}
	}
	t.Logf("%d types (%d refused), %d values, %d inputs decoded (%d lenient successes, %d exact re-encodings checked)",
		n, st.refused, st.values, st.inputs, st.decoded, st.exact)
}

// TestPropertySubmsgSeed runs one type of a seed that TestPropertySubmsg printed.
func TestPropertySubmsgSeed(t *testing.T) {
	if *propSubN != -1 {
		t.Skip("-prop.subn=-1 -prop.seed=S runs type seed S alone")
	}
	propSubOne(t, *propSeed, &propStats{})
}

func propSubOne(t *testing.T, seed int64, st *propStats) bool {
	t.Helper()
	return propCheck(t, seed, st, newRich(seed), func(s *pstruct, v reflect.Value, b []byte) string {
		if d := checkFlags(s, v.Elem(), b, ""); d != "" {
			return "NLA_F_NESTED: " + d
		}
		propWhole = b
		if d := checkLocate(v.Interface(), s, v.Elem(), b, 0, ""); d != "" {
			return d
		}
		return ""
	})
}
