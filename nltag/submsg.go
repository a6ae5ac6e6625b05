package nltag

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
)

// Selected sub-messages: a field declared with the option submsg=TABLE holds a
// value whose Go type is chosen by another field (selector=FIELD), through a
// table that maps selector values to types. IFLA_INFO_DATA, selected by
// IFLA_INFO_KIND, is the classic case. Applications add their own entries.

type subTable struct {
	mu  sync.RWMutex // serializes registrations; guards key
	sel atomic.Pointer[subSel]
	key map[reflect.Type]any // type → selector value, for Format and callers; under mu
}

// subSel maps selector values to entries. It is never changed once
// published: registration copies it, so that decoding, which looks up
// every selected sub-message, reads it without a lock.
type subSel struct {
	byStr map[string]*subEntry
	byInt map[int64]*subEntry
	// inward is 1 when no entry's type may look for selectors outside
	// it (plan.outward), 2 when one may, 0 until worked out (inward).
	inward atomic.Int32
}

// subEpoch counts registrations, on which plan.nestClosed depends.
var subEpoch atomic.Uint64

var subTables sync.Map // name → *subTable

func table(name string) *subTable {
	if t, ok := subTables.Load(name); ok {
		return t.(*subTable)
	}
	nt := &subTable{key: map[reflect.Type]any{}}
	nt.sel.Store(&subSel{byStr: map[string]*subEntry{}, byInt: map[int64]*subEntry{}})
	t, _ := subTables.LoadOrStore(name, nt)
	return t.(*subTable)
}

// RegisterSubMessage records that, in the named table, the selector value key
// (a string, or any integer) selects the Go type of sample. Decoding creates a
// value of that type: a struct sample yields struct values, a pointer sample
// yields pointers. Registering a key again replaces the earlier entry, so an
// application may override a library's choice; SubMessageKey then gives no
// key for the replaced type.
//
// It is meant for package initialization, like RegisterSet: it panics, with
// a message that says what is wrong, on an empty table name, a nil sample,
// or a key that is neither a string nor an integer. It does not build the
// type's codec, which may need sets registered later: Check of a struct
// whose field uses the table reports a type that cannot be built.
func RegisterSubMessage(tableName string, key any, sample any) {
	t := reflect.TypeOf(sample)
	if t == nil || tableName == "" {
		panic(fmt.Sprintf("nltag: RegisterSubMessage(%q, %v, %T): want a table name and a sample value", tableName, key, sample))
	}
	register(tableName, key, &subEntry{t: t, key: key})
}

// RegisterSubMessageOf records, as RegisterSubMessage(tableName, key,
// new(T)) does, that key selects *T in the named table. Decoding then
// stores each value it makes into its interface field as ordinary Go code
// does, without reflection. T is a struct of attributes as Unmarshal
// takes; it panics as RegisterSubMessage does.
func RegisterSubMessageOf[T any](tableName string, key any) {
	if tableName == "" {
		panic(fmt.Sprintf("nltag: RegisterSubMessageOf[%v](%q, %v): want a table name", reflect.TypeFor[T](), tableName, key))
	}
	register(tableName, key, &subEntry{t: reflect.TypeFor[*T](), key: key, box: func(p ptr) any { return as[T](p) }})
}

// register makes e the entry of key in the named table.
func register(tableName string, key any, e *subEntry) {
	t := e.t
	tb := table(tableName)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	old := tb.sel.Load()
	ns := &subSel{byStr: maps.Clone(old.byStr), byInt: maps.Clone(old.byInt)}
	var prev *subEntry
	switch k := reflect.ValueOf(key); k.Kind() {
	case reflect.String:
		prev, ns.byStr[k.String()] = ns.byStr[k.String()], e
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n := selInt(k)
		prev, ns.byInt[n] = ns.byInt[n], e
	default:
		panic(fmt.Sprintf("nltag: sub-message key %v of type %T: want a string or an integer", key, key))
	}
	tb.sel.Store(ns)
	subEpoch.Add(1) // after the Store: a nestClosed of the new epoch sees it
	if prev != nil && prev.t != t && sameKey(tb.key[prev.t], key) {
		// The replaced type no longer decodes from key: SubMessageKey
		// gives it another key that still selects it, or none, never one
		// whose values' encoding would select the new type.
		delete(tb.key, prev.t)
		for _, e := range ns.byStr {
			if e.t == prev.t {
				tb.key[prev.t] = e.key
			}
		}
		for _, e := range ns.byInt {
			if e.t == prev.t {
				tb.key[prev.t] = e.key
			}
		}
	}
	tb.key[t] = key
}

// sameKey reports whether two registered keys select the same entry: equal
// strings, or integers of equal value whatever their Go types.
func sameKey(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if !va.IsValid() || !vb.IsValid() {
		return false
	}
	if va.Kind() == reflect.String || vb.Kind() == reflect.String {
		return va.Kind() == vb.Kind() && va.String() == vb.String()
	}
	return selInt(va) == selInt(vb)
}

// selInt is an integer key's value as the table indexes it.
func selInt(v reflect.Value) int64 {
	if v.CanInt() {
		return v.Int()
	}
	return int64(v.Uint())
}

// SubMessageKey returns the selector value registered for v's type in the
// named table, so a caller can fill the selector from the value it holds.
func SubMessageKey(tableName string, v any) (any, bool) {
	tb := table(tableName)
	tb.mu.RLock()
	defer tb.mu.RUnlock()
	k, ok := tb.key[reflect.TypeOf(v)]
	return k, ok
}

func (tb *subTable) lookup(sel selValue) *subEntry {
	m := tb.sel.Load()
	if sel.isStr {
		return m.byStr[sel.s]
	}
	return m.byInt[sel.n]
}

// inward reports whether no type in tb may look for selectors outside
// it (see plan.outward), worked out once for each version of the table: a
// sub-message tb selects by a header field is then decoded in place
// without its entry being looked up first.
func (tb *subTable) inward() bool {
	m := tb.sel.Load()
	switch m.inward.Load() {
	case 1:
		return true
	case 2:
		return false
	}
	in := true
	for _, e := range m.byStr {
		in = in && !e.outward()
	}
	for _, e := range m.byInt {
		in = in && !e.outward()
	}
	v := int32(2)
	if in {
		v = 1
	}
	m.inward.Store(v)
	return in
}

// outward reports whether decoding e's type may read a selector outside
// the value: as plan.outward, and for what sub decodes by the general
// path (a type that is not a pointer) or cannot decode.
func (e *subEntry) outward() bool {
	if e.t.Kind() != reflect.Pointer {
		return true
	}
	f, err := typeField(e.t.Elem())
	return err != nil || f.c.kind == kNested && (f.c.plan == nil || f.c.plan.outward)
}

// subEntry is one registered type, with what decoding a pointer type into
// an interface field needs, worked out at first use instead of per message.
type subEntry struct {
	t   reflect.Type
	key any // as registered, for SubMessageKey
	// box returns the *T at p as an interface, for a pointer type t
	// registered by RegisterSubMessageOf; nil for the others, which sub
	// boxes through reflect.
	box func(ptr) any
	dec atomic.Pointer[subDecoder]
}

// subDecoder decodes a sub-message of pointer type ptr into an interface
// of type iface: a pointer to a value decoded by f.
type subDecoder struct {
	iface reflect.Type
	empty bool // iface is any
	ptr   reflect.Type
	f     *field // the root field of ptr's element type
	alloc allocKind
	box   func(ptr) any // the entry's
	bad   bool          // t does not implement iface
	err   error         // from building t's codec
	// outward says decoding a value may read selectors outside it (see
	// plan.outward).
	outward bool
}

// decoder returns e's decoder for interface type iface, or nil when t is
// not a pointer (such values take the general path).
func (e *subEntry) decoder(iface reflect.Type) *subDecoder {
	if d := e.dec.Load(); d != nil && d.iface == iface {
		return d
	}
	if e.t.Kind() != reflect.Pointer {
		return nil
	}
	d := &subDecoder{iface: iface, empty: iface.NumMethod() == 0, ptr: e.t, box: e.box}
	if !e.t.AssignableTo(iface) {
		d.bad = true
	} else if d.f, d.err = typeField(e.t.Elem()); d.err == nil {
		d.alloc = allocFor(e.t.Elem())
		d.outward = e.outward()
	}
	e.dec.Store(d)
	return d
}

// selValue is a selector's value: a string or an integer.
type selValue struct {
	isStr bool
	s     string
	n     int64
}

func (v selValue) String() string {
	if v.isStr {
		return v.s
	}
	return fmt.Sprint(v.n)
}

// quoted is v as Go writes it: a string quoted.
func (v selValue) quoted() string {
	if v.isStr {
		return strconv.Quote(v.s)
	}
	return fmt.Sprint(v.n)
}

// decSubHere is the attribute loop's decodeFn of a sub-message selected by
// a header field, which decoding fills before any attribute: the value is
// decoded where it stands, unless the type selected may look for a
// selector in the enclosing structs (subDecoder.outward), one of whose
// later attributes it may be. That one is deferred, as a sub-message
// selected by an attribute is.
func decSubHere(ds *decodeState, f *field, p ptr, data []byte, off, depth int) (int, error) {
	if f.c.table.inward() {
		return f.dec(ds, f, p, data, off, depth)
	}
	if sel, ok := ds.selector(f); ok {
		if e := f.c.table.lookup(sel); e != nil {
			if d := e.decoder(f.c.typ); d == nil || d.outward {
				return decDefer(ds, f, p, data, off, depth)
			}
		}
	}
	return f.dec(ds, f, p, data, off, depth)
}

// decNestHere is the attribute loop's decodeFn of a nest that holds
// sub-messages (plan.subTabs), directly or in its own nests: decoded where
// it stands unless a type their tables select may look for a selector
// outside its value (plan.nestClosed), which may be this struct's or an
// enclosing one's, among attributes not decoded yet. That nest is
// deferred, as one whose own selector is outside it is.
func decNestHere(ds *decodeState, f *field, p ptr, data []byte, off, depth int) (int, error) {
	if !f.c.plan.nestClosed() {
		return decDefer(ds, f, p, data, off, depth)
	}
	return f.dec(ds, f, p, data, off, depth)
}

// nestClosed reports whether no type that p's tables (subTabs) select
// reaches, through the structs it nests and the types their sub-messages'
// tables select, a struct that looks for a selector outside itself
// (plan.needsOuter): decoding p then reads nothing outside it. Unlike
// subTable.inward, it looks through sub-messages (a veth's peer link
// holds link kinds), so it is worked out again after any registration.
func (p *plan) nestClosed() bool {
	if c := p.closed.Load(); c>>2 == subEpoch.Load() && c&3 != 0 {
		return c&3 == 1
	}
	return p.walkClosed()
}

// walkClosed works out nestClosed and caches it.
func (p *plan) walkClosed() bool {
	ep := subEpoch.Load() // before any table is read
	r := reach{plans: map[*plan]bool{}, tabs: map[*subTable]bool{}}
	v := uint64(1)
	for _, tb := range p.subTabs {
		if r.table(tb) {
			v = 2
			break
		}
	}
	p.closed.Store(ep<<2 | v)
	return v == 1
}

// reach walks from types to what they nest and select, each once, to
// find one that looks for a selector outside itself.
type reach struct {
	plans map[*plan]bool
	tabs  map[*subTable]bool
}

// plan reports whether p or what it reaches looks outside itself. One
// walked already adds nothing: the walk that met it first covers it.
func (r *reach) plan(p *plan) bool {
	if !p.built || p.err != nil || p.needsOuter {
		return true
	}
	if r.plans[p] {
		return false
	}
	r.plans[p] = true
	for i := range p.attrs {
		switch c := &p.attrs[i].c; c.kind {
		case kNested:
			if r.plan(c.plan) {
				return true
			}
		case kSub:
			if r.table(c.table) {
				return true
			}
		}
	}
	return false
}

func (r *reach) table(tb *subTable) bool {
	if r.tabs[tb] {
		return false
	}
	r.tabs[tb] = true
	m := tb.sel.Load()
	for _, e := range m.byStr {
		if r.entry(e) {
			return true
		}
	}
	for _, e := range m.byInt {
		if r.entry(e) {
			return true
		}
	}
	return false
}

// entry: a type that is no pointer takes sub's general path, which may
// look outside it; hooks and scalars read only their payload.
func (r *reach) entry(e *subEntry) bool {
	if e.t.Kind() != reflect.Pointer {
		return true
	}
	f, err := typeField(e.t.Elem())
	if err != nil {
		return true
	}
	return f.c.kind == kNested && r.plan(f.c.plan)
}

// checkSubs checks that each sub-message the struct of plan p at base
// holds, at any depth, is of the type its selector selects, by pointer or
// by value, or of its layout (sameWire), or a Raw (bytes as they are):
// anything else would be written
// as it is, bytes that decode to another type or not at all. Encoding
// calls it before it writes a struct that holds sub-messages (p.scoped),
// walking only the fields that may hold one; scopes are the structs
// around p, which selectors look into as decoding does (findSel). Its
// errors carry no offset: nothing is written yet.
//
// It ends where encoding would: past MaxDepth (a cycle), or past
// maxWalk structs below one attribute of the top-level struct, each of
// which writes at least an attribute header into its 65,535 bytes (a
// chain of structs each pointed to twice has 2^depth paths). left is
// what remains of that budget; it returns what remains after p.
func checkSubs(p *plan, base ptr, scopes []scope, depth, left int) (int, error) {
	if depth > MaxDepth {
		return 0, newErr(0, 0, ErrDepth)
	}
	if left--; left < 0 {
		return 0, newErr(0, 0, fmt.Errorf("%w: more than %d nests and sub-messages in one attribute", ErrValue, maxWalk))
	}
	scopes = append(scopes, scope{base, p})
	for _, i := range p.subFields {
		f := &p.attrs[i]
		vp, elems := f.subAt(base)
		var err error
		if vp != nil {
			left, err = checkSub(f, vp, scopes, depth, left)
		}
		for j := 0; elems != nil && j < elems.len && err == nil; j++ {
			if left, err = checkSub(f, elems.elem(j, f.elemSize), scopes, depth, left); err != nil {
				err = wrap(err, indexSeg(j), 0, f.attr)
			}
		}
		if err != nil {
			return 0, wrap(err, f.path, 0, f.attr)
		}
	}
	return left, nil
}

// holdsSubs reports whether a field of the struct of p at base that
// checkSubs walks is set. Most requests hold none (a route without
// encapsulation), and are spared the walk and its setup.
func (p *plan) holdsSubs(base ptr) bool {
	for _, i := range p.subFields {
		if vp, elems := p.attrs[i].subAt(base); vp != nil || elems != nil && elems.len > 0 {
			return true
		}
	}
	return false
}

// subAt returns what checkSubs checks of f, a field of the struct at base
// that may hold sub-messages: the value, or the elements of a multi or
// indexed field; both nil when f is unset, or a nest that holds none.
func (f *field) subAt(base ptr) (ptr, *sliceHeader) {
	if f.c.kind == kNested && !f.c.plan.scoped {
		return nil, nil
	}
	fp := f.addr(base)
	switch {
	case fp == nil:
	case f.cont == direct:
		if f.c.kind == kNested || !ifaceNil(fp) {
			return fp, nil
		}
	case f.cont == pointer:
		return *as[ptr](fp), nil
	default:
		return nil, as[sliceHeader](fp)
	}
	return nil, nil
}

// sameWire reports whether a value of type t, held by pointer or by
// value, writes what one of type sel, the selected type, would and
// decodes to it: t is sel or its pointer or element, or both are structs
// of one layout (type MacvtapData MacvlanData), fields and tags alike,
// without hooks that would write or read them otherwise. Kinds that share
// their attributes take each other's types, as the kernel does.
func sameWire(t, sel reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if sel.Kind() == reflect.Pointer {
		sel = sel.Elem()
	}
	if t == sel {
		return true
	}
	if t.Kind() != reflect.Struct || sel.Kind() != reflect.Struct || t.NumField() != sel.NumField() ||
		hasHooks(reflect.PointerTo(t)) || hasHooks(reflect.PointerTo(sel)) {
		return false
	}
	for i := range t.NumField() {
		a, b := t.Field(i), sel.Field(i)
		if a.Name != b.Name || a.PkgPath != b.PkgPath || a.Type != b.Type || a.Tag != b.Tag || a.Anonymous != b.Anonymous {
			return false
		}
	}
	return true
}

// maxWalk bounds the structs checkSubs walks below one attribute of the
// top-level struct: more cannot fit its length.
const maxWalk = math.MaxUint16 / HeaderLen

// checkSub checks the value at vp of f, a nest or a sub-message, the
// last of scopes holding it.
func checkSub(f *field, vp ptr, scopes []scope, depth, left int) (int, error) {
	if depth == 0 {
		left = maxWalk // an attribute of the top-level struct
	}
	c := &f.c
	if c.kind == kNested {
		return checkSubs(c.plan, vp, scopes, depth+1, left)
	}
	if ifaceNil(vp) {
		return left, nil // absent, or refused by encSub
	}
	v := reflect.NewAt(c.typ, vp).Elem().Elem()
	t := v.Type()
	if t == rawType {
		return left, nil
	}
	sel, ok := findSel(scopes, f)
	var e *subEntry
	if ok {
		e = c.table.lookup(sel)
	}
	switch {
	case !ok:
		return 0, newErr(0, 0, fmt.Errorf("%w: selector %s selects nothing (Check says why): send an nltag.Raw, not %v", ErrValue, f.selName, t))
	case e == nil:
		return 0, newErr(0, 0, fmt.Errorf("%w: selector %s %s selects no type in table %q: send an nltag.Raw, not %v", ErrValue, f.selName, sel.quoted(), c.tname, t))
	}
	if !sameWire(t, e.t) {
		return 0, newErr(0, 0, fmt.Errorf("%w: selector %s %s selects %v in table %q, not %v", ErrValue, f.selName, sel.quoted(), e.t, c.tname, t))
	}
	st := t
	if t.Kind() == reflect.Pointer {
		if v.IsNil() {
			return left, nil // refused by encSub
		}
		st = t.Elem()
	}
	if st.Kind() != reflect.Struct {
		return left, nil
	}
	sp, err := planFor(st)
	if err != nil || !sp.scoped {
		return left, nil // encSub reports the plan's error
	}
	if t == st { // held by value: walk a copy, as encSub encodes one
		cp := reflect.New(t)
		cp.Elem().Set(v)
		vp = cp.UnsafePointer()
	} else {
		vp = v.UnsafePointer()
	}
	left, err = checkSubs(sp, vp, scopes, depth+1, left)
	if err != nil {
		return 0, wrap(err, "("+sel.String()+")", 0, 0)
	}
	return left, nil
}
