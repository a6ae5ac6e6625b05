package nltag

import (
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// A plan is the codec of one struct type, built once and cached: its fixed
// header as a list of memory operations, and its attributes as fields indexed
// by attribute number.
type plan struct {
	typ  reflect.Type
	name string // for messages: the type's name, or "struct" when anonymous
	set  *AttrSet

	fixed     []fixedOp
	fine      []fixedOp // fixed before coalescing: one op per field, for payloads shorter than the header
	fixedSize int       // C sizeof of the fixed header
	fixedTop  []fixedField

	hasAttrs bool
	copyN    int // a header laid out as in Go memory, without attributes: its size, decoded by one copy
	attrs    []field
	encAttrs []field // what encoding outside Wire.Order goes through: attrs, or see inlineRuns
	slots    []slot  // by attribute number: where its field is and how to fill it
	nMulti   int

	unknownOff  uintptr
	unknownMode uint8 // 0 none, unknownSlice, unknownWire, unknownWirePtr
	// The records of the last structs decoded with this plan in orders
	// the plan held no record of, newest first: later structs of the
	// same shape share them (see keepUnknown). For a *Wire field, Wires
	// without Unknown or Tails; for a Wire field, Order slices alone.
	// Never written after they are stored here.
	lastWire  [sharedShapes]atomic.Pointer[Wire]
	lastOrder [sharedShapes]atomic.Pointer[[]uint16]

	byName map[string]*selRef // selectable fields by Go name and attribute name
	// ambiguous holds the names that two selectable fields have (one of
	// them in an inline struct), out of byName: a selector must not
	// pick either. By name, the Go paths of the two.
	ambiguous  map[string]string
	needsOuter bool // a selector lives (or, in a recursive type, may) in an enclosing struct
	// scoped says decoding records the struct in decodeState.scopes: it
	// holds sub-messages, or structs that do, whose selectors the
	// decoder looks for in the structs being decoded. scopeEarly says
	// for the whole of its decoding, since a sub-message may be decoded
	// in its attribute loop (one its header selects, or one in a nest
	// decoded there); otherwise only while it decodes its deferred
	// attributes, the only ones that hold sub-messages.
	scoped, scopeEarly bool
	// subFields are the indexes in attrs of the fields that may hold
	// sub-messages (checkSubs walks them alone).
	subFields []int

	built bool
	err   error
	// outward says decoding the struct may read a selector outside it:
	// it needs one (needsOuter), holds a sub-message (whose types are
	// known only as it decodes), or nests a struct that may. A
	// sub-message of such a type is not decoded in place (decSubHere).
	outward bool
	// subTabs are the tables of the struct's sub-messages, and of those
	// in the structs it nests: a type one selects may look for a
	// selector past the struct, so a nest that holds them may have to
	// wait for the attribute list around it (decNestHere).
	subTabs []*subTable
	// closed caches nestClosed: the registration epoch (subEpoch) it
	// was worked out in, shifted left by 2, and 1 (closed) or 2 (not).
	closed atomic.Uint64
}

// sharedShapes is how many records of recent shapes a plan keeps for
// later structs to share. A dump interleaves its shapes: routes with and
// without a gateway or a preferred source (the bench module's host-sized
// route dump: 4 shapes in 1,760 runs over 2,200 routes, all shared with
// 4, half with 2); one type may also sit in two places of a message.
// Records of more than maxBlock/2 attributes are not kept, which bounds
// what a plan holds however large the inputs it decoded.
const sharedShapes = 4

const (
	unknownSlice = 1 + iota
	unknownWire
	unknownWirePtr
)

// lossless reports whether p's struct records the wire (a Wire or *Wire
// field): arrival order and tails as well as unknown attributes.
func (p *plan) lossless() bool { return p.unknownMode >= unknownWire }

// wire returns the Wire of p's struct at base: its Wire field, what its
// *Wire field points to (nil when nil), or nil when it has neither.
func (p *plan) wire(base ptr) *Wire {
	switch p.unknownMode {
	case unknownWire:
		return as[Wire](at(base, p.unknownOff))
	case unknownWirePtr:
		return *as[*Wire](at(base, p.unknownOff))
	}
	return nil
}

// field is one attribute of a struct. What decoding reads comes first, so
// that it shares cache lines; names and types for errors and encoding follow.
type field struct {
	off      uintptr
	cont     container
	deferred bool // decoded after the other attributes (sub-messages, outer selectors)
	// tail says the field's payloads may be longer than the value they
	// encode (a newer kernel's longer struct, a wider integer read
	// leniently): the rest, past what its decodeFn reports as read, goes
	// to Wire.Tails.
	tail bool
	dec  decodeFn      // of the attribute: c.decode, or that of the container
	enc  fieldEncodeFn // of the attribute
	skip zeroSkip      // when enc would write nothing; plan.encode skips the call
	// pointer: how the decoder allocates a pointee (see allocFor)
	alloc    allocKind
	c        codec
	elemSize uintptr // multi and indexed: element size
	multiIdx int
	sel      *selRef
	selName  string
	// inl is the pointer, at off, of the inline struct that holds the
	// field, at ioff inside it (nil for the others): dec and enc are then
	// decInline and encInline, which reach the field through it with idec
	// and ienc.
	inl      *inlinePtr
	ioff     uintptr
	idec     decodeFn
	ienc     fieldEncodeFn
	path     string // Go field path inside the plan's struct, e.g. "Attrs.IfName"
	goName   string
	attr     uint16
	attrName string
	typ      reflect.Type // the field's own Go type
	size     uintptr      // typ.Size()
	base     uint16       // number of an indexed array's first element
	omit     bool
	flag     uint16 // FlagNested when nested payloads are marked
}

type container uint8

const (
	direct container = iota
	pointer
	multi
	indexed
)

// codec encodes and decodes one value of a Go type as an attribute payload.
type codec struct {
	decode decodeFn // chosen by pick
	encode encodeFn // chosen by pick
	kind   kind
	gsize  uint8 // Go size of integers and bools
	fast   uint8 // w: a host-order integer of w bytes into a Go integer of w bytes
	esize  uint8 // packed: element size
	isBool bool  // an integer kind into a bool: stored as 0 or 1
	signed bool  // Go integer type is signed
	array  int   // bytes into [N]byte: N
	plan   *plan
	table  *subTable
	typ    reflect.Type
	tname  string
}

// selRef locates a field that may select a sub-message.
type selRef struct {
	typ   reflect.Type
	off   uintptr
	inl   *inlinePtr // the field is in an inline struct, at off inside it
	isStr bool
	gsize uint8
	sign  bool
	// header says the field is in the fixed header, which decoding fills
	// before any attribute: a sub-message it selects need not wait.
	header bool
}

// fixedOp moves one scalar or byte run between the wire and Go memory.
type fixedOp struct {
	goOff, wireOff uintptr
	size           uint8 // 1, 2, 4, 8; for bytes the run length is n
	n              uint32
	bytes          bool
	be             bool
	isBool         bool // stored as 0 or 1 whatever the wire says
}

// fixedField is a top-level header field, for Format.
type fixedField struct {
	name string
	off  uintptr
	typ  reflect.Type
}

var (
	// plans holds finished plans only: a plan is published when the
	// build that made it has succeeded, whole, so that readers need no
	// lock and never see a plan another goroutine is still filling.
	plans   sync.Map // reflect.Type → *plan
	buildMu sync.Mutex
	// building holds the plans of the build under way (buildMu held):
	// the one a self-referencing type finds of itself.
	building = map[reflect.Type]*plan{}

	attrType      = reflect.TypeFor[Attr]()
	wireType      = reflect.TypeFor[Wire]()
	wirePtrType   = reflect.TypeFor[*Wire]()
	rawType       = reflect.TypeFor[Raw]()
	addrType      = reflect.TypeFor[netip.Addr]()
	hwType        = reflect.TypeFor[net.HardwareAddr]()
	marshalerType = reflect.TypeFor[Marshaler]()
	unmarshalType = reflect.TypeFor[Unmarshaler]()
	fromType      = reflect.TypeFor[UnmarshalerFrom]()
)

// planFor returns the finished plan of struct type t.
func planFor(t reflect.Type) (*plan, error) {
	if p, ok := plans.Load(t); ok {
		p := p.(*plan)
		return p, p.err
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	p := buildPlan(t)
	commit(p.err)
	return p, p.err
}

// commit ends a build (buildMu held). A build that failed publishes only
// its failed plans: one that succeeded may point at a failed one, which it
// found under construction, so it is built again, and fails, when used.
func commit(err error) {
	for t, p := range building {
		if err == nil || p.err != nil {
			plans.Store(t, p)
		}
	}
	clear(building)
}

// buildPlan returns the plan for t, creating it if needed; buildMu is held.
// A plan under construction is returned as is, which ends recursion through
// self-referencing types; the caller that started the build commits it.
func buildPlan(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p, ok := building[t]; ok {
		return p
	}
	p := &plan{typ: t, name: t.Name(), byName: map[string]*selRef{}}
	if p.name == "" {
		p.name = "struct"
	} else if pkg := t.PkgPath(); pkg != "" {
		p.name = pkg[strings.LastIndexByte(pkg, '/')+1:] + "." + p.name
	}
	building[t] = p
	b := builder{p: p}
	if err := b.build(t, 0, ""); err != nil {
		p.err = err
	} else {
		p.finish()
		p.setOutward()
		if len(p.fixed) == 1 && !p.hasAttrs {
			if op := p.fixed[0]; op.bytes && op.goOff == 0 && op.wireOff == 0 && int(op.n) == p.fixedSize {
				p.copyN = p.fixedSize
			}
		}
	}
	p.built = true
	return p
}

type builder struct {
	p       *plan
	inl     *inlinePtr // the inline pointer whose struct's fields are being added
	wireOff uintptr
	align   uintptr
	names   map[string]reflect.Type // Go and attribute names of the fields, for selectors that cannot select
	selPath map[string]string       // Go paths of byName's fields by name, for ambiguous
}

// selectable makes r, the field at Go path path, selectable by name, or
// name ambiguous when another field has it: an inline struct may declare
// a field of a name the enclosing struct uses too.
func (b *builder) selectable(name, path string, r *selRef) {
	p := b.p
	if _, ok := p.ambiguous[name]; ok {
		return
	}
	if b.selPath == nil {
		b.selPath = map[string]string{}
	}
	if old, ok := b.selPath[name]; ok {
		if old != path {
			if p.ambiguous == nil {
				p.ambiguous = map[string]string{}
			}
			p.ambiguous[name] = old + " and " + path
			delete(p.byName, name)
		}
		return
	}
	b.selPath[name] = path
	p.byName[name] = r
}

func (b *builder) fail(t reflect.Type, f string, format string, args ...any) error {
	return &TypeError{Type: t, Field: f, Msg: fmt.Sprintf(format, args...)}
}

// build adds the fields of struct t, found at Go offset base in the plan's
// struct, with path prefix prefix (for flattened attrs structs).
func (b *builder) build(t reflect.Type, base uintptr, prefix string) error {
	p := b.p
	if t.Kind() != reflect.Struct {
		return b.fail(t, "", "not a struct")
	}
	// The set marker may sit anywhere; find it first so names resolve.
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Type == setType {
			name := sf.Tag.Get("nla")
			s, ok := LookupSet(name)
			if !ok {
				return b.fail(t, sf.Name, "attribute set %q is not registered", name)
			}
			if p.set != nil && p.set != s {
				return b.fail(t, sf.Name, "second attribute set %q", name)
			}
			p.set = s
		}
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Type == setType {
			continue
		}
		raw, hasTag := sf.Tag.Lookup("nla")
		tg, err := parseTag(raw)
		if err != nil {
			return b.fail(t, sf.Name, "%v", err)
		}
		if tg.skip {
			continue
		}
		if !sf.IsExported() && sf.Name != "_" {
			// As encoding/json, the codec reads and writes only what
			// the type exports; unlike it, it says so rather than
			// shifting a header's layout or dropping an attribute.
			return b.fail(t, sf.Name, "unexported field: export it, name it _ (padding), or tag it \"-\"")
		}
		off := base + sf.Offset
		switch {
		case sf.Type == wireType || sf.Type == wirePtrType || tg.unknown:
			if b.inl != nil {
				return b.fail(t, sf.Name, "unknown attributes go into the enclosing struct, not into the one %s points to", b.inl.path)
			}
			if p.unknownMode != 0 {
				return b.fail(t, sf.Name, "second field for unknown attributes")
			}
			switch sf.Type {
			case wireType:
				p.unknownMode = unknownWire
			case wirePtrType:
				p.unknownMode = unknownWirePtr
			case reflect.SliceOf(attrType):
				p.unknownMode = unknownSlice
			default:
				return b.fail(t, sf.Name, "unknown attributes go into []nltag.Attr, nltag.Wire or *nltag.Wire, not %v", sf.Type)
			}
			p.unknownOff = off
			p.hasAttrs = true
		case tg.inline:
			if err := b.inline(t, sf, off, prefix); err != nil {
				return err
			}
			p.hasAttrs = true
		case tg.name != "":
			if err := b.addAttr(t, sf, tg, off, prefix); err != nil {
				return err
			}
			p.hasAttrs = true
		default:
			if prefix != "" {
				return b.fail(t, sf.Name, "header field inside an inline struct")
			}
			if len(p.attrs) > 0 && hasTag && tg.kind == kNone {
				return b.fail(t, sf.Name, "tag names no attribute")
			}
			if err := b.addFixed(t, sf.Name, sf.Type, off, tg.kind); err != nil {
				return err
			}
			if sf.Name != "_" {
				b.named(sf.Type, sf.Name)
				p.fixedTop = append(p.fixedTop, fixedField{sf.Name, off, sf.Type})
				if r := selRefFor(sf.Type, off); r != nil {
					r.header = true
					b.selectable(sf.Name, sf.Name, r)
				}
			}
		}
	}
	if base == 0 && prefix == "" && b.align > 0 {
		b.wireOff = (b.wireOff + b.align - 1) &^ (b.align - 1)
	}
	p.fixedSize = int(b.wireOff)
	if base == 0 && prefix == "" {
		p.fine, p.fixed = p.fixed, coalesce(p.fixed)
		for i := range p.attrs {
			f := &p.attrs[i]
			if both, ok := p.ambiguous[f.selName]; ok {
				return b.fail(t, f.goName, "selector %s is ambiguous: %s both have that name", f.selName, both)
			}
			if st, ok := b.names[f.selName]; ok && p.byName[f.selName] == nil {
				return b.fail(t, f.goName, "selector %s is of type %v: want a string or an integer", f.selName, st)
			}
		}
	}
	return nil
}

// named records a field's names, which a selector may give.
func (b *builder) named(t reflect.Type, names ...string) {
	if b.names == nil {
		b.names = map[string]reflect.Type{}
	}
	for _, n := range names {
		b.names[n] = t
	}
}

// coalesce merges runs of host-order fields that sit at the same distance
// from each other in Go memory as on the wire into single copies: a
// rtnl_link_stats64 becomes one 200-byte move instead of 25 conversions.
func coalesce(ops []fixedOp) []fixedOp {
	out := ops[:0:0]
	for _, op := range ops {
		plain := !op.be && !op.isBool
		if plain && !op.bytes {
			op = fixedOp{goOff: op.goOff, wireOff: op.wireOff, bytes: true, n: uint32(op.size)}
		}
		if n := len(out); n > 0 && plain && out[n-1].bytes {
			last := &out[n-1]
			if last.goOff+uintptr(last.n) == op.goOff && last.wireOff+uintptr(last.n) == op.wireOff {
				last.n += op.n
				continue
			}
		}
		out = append(out, op)
	}
	return out
}

// addFixed lays out a header field as C would: each scalar aligned to its size.
func (b *builder) addFixed(st reflect.Type, name string, t reflect.Type, goOff uintptr, k kind) error {
	switch t.Kind() {
	case reflect.Bool, reflect.Int8, reflect.Uint8, reflect.Int16, reflect.Uint16,
		reflect.Int32, reflect.Uint32, reflect.Int64, reflect.Uint64:
		size := t.Size()
		b.wireOff = (b.wireOff + size - 1) &^ (size - 1)
		b.align = max(b.align, size)
		op := fixedOp{goOff: goOff, wireOff: b.wireOff, size: uint8(size), isBool: t.Kind() == reflect.Bool}
		if k != kNone {
			if !k.bigEndian() || uintptr(k.width()) != size {
				return b.fail(st, name, "header field of type %v takes only the option be%d", t, size*8)
			}
			op.be = true
		}
		b.p.fixed = append(b.p.fixed, op)
		b.wireOff += size
	case reflect.Array:
		e := t.Elem()
		if e.Kind() == reflect.Uint8 || e.Kind() == reflect.Int8 {
			b.align = max(b.align, 1)
			b.p.fixed = append(b.p.fixed, fixedOp{goOff: goOff, wireOff: b.wireOff, bytes: true, n: uint32(t.Len())})
			b.wireOff += uintptr(t.Len())
			return nil
		}
		for i := 0; i < t.Len(); i++ {
			if err := b.addFixed(st, name, e, goOff+uintptr(i)*e.Size(), k); err != nil {
				return err
			}
		}
	case reflect.Struct:
		// A nested C struct aligns to its widest member.
		a := fixedAlign(t)
		b.wireOff = (b.wireOff + a - 1) &^ (a - 1)
		start := b.wireOff
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if sf.Type == setType {
				continue
			}
			tg, err := parseTag(sf.Tag.Get("nla"))
			if err != nil || tg.name != "" || tg.inline || tg.unknown {
				return b.fail(st, name, "%v is used as a C struct but its field %s is not a header field", t, sf.Name)
			}
			if err := b.addFixed(st, name, sf.Type, goOff+sf.Offset, tg.kind); err != nil {
				return err
			}
		}
		size := b.wireOff - start
		b.wireOff = start + (size+a-1)&^(a-1)
	default:
		return b.fail(st, name, "header field of type %v: want integers, bools, arrays and structs of them", t)
	}
	return nil
}

func fixedAlign(t reflect.Type) uintptr {
	switch t.Kind() {
	case reflect.Array:
		return fixedAlign(t.Elem())
	case reflect.Struct:
		a := uintptr(1)
		for i := 0; i < t.NumField(); i++ {
			a = max(a, fixedAlign(t.Field(i).Type))
		}
		return a
	}
	return max(t.Size(), 1)
}

func selRefFor(t reflect.Type, off uintptr) *selRef {
	switch t.Kind() {
	case reflect.String:
		return &selRef{typ: t, off: off, isStr: true}
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		return &selRef{typ: t, off: off, gsize: uint8(t.Size()), sign: true}
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		return &selRef{typ: t, off: off, gsize: uint8(t.Size())}
	}
	return nil
}

func (b *builder) addAttr(st reflect.Type, sf reflect.StructField, tg tag, off uintptr, prefix string) error {
	p := b.p
	num := tg.num
	if num < 0 {
		if p.set == nil {
			return b.fail(st, sf.Name, "attribute name %q but the struct names no attribute set (add a field `_ nltag.Set`)", tg.name)
		}
		n, ok := p.set.nums[tg.name]
		if !ok {
			return b.fail(st, sf.Name, "attribute set %q has no attribute %q", p.set.Name, tg.name)
		}
		num = int(n)
	}
	f := &field{path: prefix + sf.Name, goName: sf.Name, attr: uint16(num), attrName: tg.name, off: off, typ: sf.Type, size: sf.Type.Size(), omit: tg.omitEmpty}
	if b.inl != nil {
		f.inl, f.off, f.ioff = b.inl, b.inl.off, off
	}
	if f.attrName == "" || tg.num >= 0 {
		f.attrName = p.set.AttrName(uint16(num))
	}
	vt := sf.Type
	switch {
	case tg.multi || tg.indexed:
		if vt.Kind() != reflect.Slice {
			return b.fail(st, sf.Name, "multi and indexed fields must be slices, not %v", vt)
		}
		f.cont = multi
		if tg.indexed {
			f.cont = indexed
			if !tg.base0 {
				f.base = 1
			}
		}
		vt = vt.Elem()
		f.elemSize = vt.Size()
		if tg.multi {
			f.multiIdx = p.nMulti
			p.nMulti++
		}
	case vt.Kind() == reflect.Pointer:
		f.cont = pointer
		vt = vt.Elem()
		f.alloc = allocFor(vt)
	}
	c, err := b.codecFor(st, sf.Name, vt, tg)
	if err != nil {
		return err
	}
	f.c = c
	if c.kind == kNested || c.kind == kSub || tg.indexed {
		nf := p.set == nil || p.set.nested
		if tg.flag != 0 {
			nf = tg.flag > 0
		}
		if nf {
			f.flag = FlagNested
		}
	}
	if tg.selector != "" {
		f.selName = tg.selector
		f.deferred = true
	}
	if c.kind == kFlag && f.cont != direct {
		return b.fail(st, sf.Name, "flag fields are plain bools")
	}
	for int(num) >= len(p.slots) {
		p.slots = append(p.slots, slot{idx: -1})
	}
	if i := p.slots[num].idx; i >= 0 {
		return b.fail(st, sf.Name, "attribute %d (%s) is declared twice: by %s and by %s", num, f.attrName, p.attrs[i].path, f.path)
	}
	p.slots[num].idx = int16(len(p.attrs))
	p.attrs = append(p.attrs, *f)
	b.named(sf.Type, sf.Name, f.attrName)
	if f.cont == direct {
		if r := selRefFor(sf.Type, off); r != nil {
			r.inl = b.inl
			b.selectable(sf.Name, f.path, r)
			b.selectable(f.attrName, f.path, r)
		}
	}
	return nil
}

// codecFor chooses how values of Go type t are written, from the tag's kind
// or, when it gives none, from the type.
func (b *builder) codecFor(st reflect.Type, fname string, t reflect.Type, tg tag) (codec, error) {
	c, err := b.kindFor(st, fname, t, tg)
	if err == nil {
		c.pick()
	}
	return c, err
}

// pick chooses c's funcs, once its kind and type are known.
func (c *codec) pick() {
	c.decode, c.encode = c.pickDecode(), c.pickEncode()
}

// kindFor checks the tag's kind against Go type t, or when the tag gives
// none, chooses it from the type.
func (b *builder) kindFor(st reflect.Type, fname string, t reflect.Type, tg tag) (codec, error) {
	c := codec{kind: tg.kind, typ: t}
	if tg.submsg != "" {
		if t.Kind() != reflect.Interface {
			return c, b.fail(st, fname, "a selected sub-message field must be an interface, not %v", t)
		}
		c.kind, c.table, c.tname = kSub, table(tg.submsg), tg.submsg
		return c, nil
	}
	if c.kind == kNone {
		c.kind = defaultKind(t)
		if c.kind == kNone {
			return c, b.fail(st, fname, "type %v needs a kind in its tag", t)
		}
	}
	switch {
	case c.kind.isInt() || c.kind == kUint || c.kind == kSint:
		switch t.Kind() {
		case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
			c.signed = true
		case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint, reflect.Uintptr, reflect.Bool:
		default:
			return c, b.fail(st, fname, "kind %s needs an integer type, not %v", tg.kindName, t)
		}
		c.gsize = uint8(t.Size())
		c.isBool = t.Kind() == reflect.Bool
		w := c.kind.width()
		if w > int(c.gsize) {
			return c, b.fail(st, fname, "%v is narrower than its wire kind", t)
		}
		if w == int(c.gsize) && !c.kind.bigEndian() && t.Kind() != reflect.Bool {
			c.fast = uint8(w)
		}
	case c.kind == kString:
		if t.Kind() != reflect.String {
			return c, b.fail(st, fname, "kind string needs a string type, not %v", t)
		}
	case c.kind == kBytes || c.kind == kEther:
		switch {
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		case t.Kind() == reflect.Array && t.Len() == 0:
			// c.array 0 is a slice's: its codec would read and write a
			// slice header in the array's no bytes.
			return c, b.fail(st, fname, "%v holds no bytes: use []byte, or a flag", t)
		case t.Kind() == reflect.Array && t.Elem().Kind() == reflect.Uint8:
			c.array = t.Len()
		default:
			return c, b.fail(st, fname, "kind %s needs []byte or [N]byte, not %v", tg.kindName, t)
		}
	case c.kind == kIP || c.kind == kIPv4 || c.kind == kIPv6:
		if t != addrType {
			return c, b.fail(st, fname, "address kinds need netip.Addr, not %v", t)
		}
	case c.kind == kFlag:
		if t.Kind() != reflect.Bool {
			return c, b.fail(st, fname, "kind flag needs a bool, not %v", t)
		}
	case c.kind == kNested:
		if t.Kind() != reflect.Struct {
			return c, b.fail(st, fname, "kind %s needs a struct, not %v", tg.kindName, t)
		}
		c.plan = buildPlan(t)
		if c.plan.built && c.plan.err != nil {
			return c, c.plan.err
		}
	case c.kind == kPacked:
		if t.Kind() != reflect.Slice || !fixedInt(t.Elem()) {
			return c, b.fail(st, fname, "kind packed needs a slice of fixed-size integers, not %v", t)
		}
		c.esize = uint8(t.Elem().Size())
	case c.kind == kHook:
	}
	return c, nil
}

// fixedInt reports an integer type of the same size on every platform.
func fixedInt(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// pointerFree reports whether values of t hold no pointers, so that they
// may live in memory the garbage collector does not scan.
func pointerFree(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return t.Len() == 0 || pointerFree(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !pointerFree(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}

// defaultKind is the kind a Go type gets when its tag names none.
func defaultKind(t reflect.Type) kind {
	if pt := reflect.PointerTo(t); pt.Implements(marshalerType) && (pt.Implements(unmarshalType) || pt.Implements(fromType)) {
		return kHook
	}
	switch t {
	case addrType:
		return kIP
	case hwType:
		return kEther
	}
	switch t.Kind() {
	case reflect.Bool:
		return kFlag
	case reflect.Uint8:
		return kU8
	case reflect.Uint16:
		return kU16
	case reflect.Uint32:
		return kU32
	case reflect.Uint64:
		return kU64
	case reflect.Int8:
		return kS8
	case reflect.Int16:
		return kS16
	case reflect.Int32:
		return kS32
	case reflect.Int64:
		return kS64
	case reflect.String:
		return kString
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return kBytes
		}
	case reflect.Struct:
		return kNested
	}
	return kNone
}

// slot is what the decoder's loop needs of an attribute number, in an
// array by number: the func to call and its arguments, without reading
// the field.
type slot struct {
	dec decodeFn // the field's, decDefer for a deferred one, nil for an undeclared number
	f   *field
	off uintptr // of the field
	idx int16   // index in attrs, or -1 for an undeclared number
	// w is the width of a host-order integer field (dec is decHost8 to
	// decHost64), which the attribute loop stores without calling dec
	// when the payload fits: most of a link's attributes.
	w uint8
	// tail says the plan keeps the field's tails: the field has them
	// (field.tail) and the struct records the wire (plan.lossless).
	tail bool
}

// finish resolves selectors once every field is known, and fills the slots.
func (p *plan) finish() {
	defer func() {
		for i := range p.attrs {
			f := &p.attrs[i]
			s := &p.slots[f.attr]
			f.setTail()
			f.dec, f.enc, f.skip = f.fieldDecode(), f.fieldEncode(), f.zeroSkip()
			if f.inl != nil {
				f.idec, f.ienc = f.dec, f.enc
				f.dec, f.enc, f.skip = decInline, encInline, skipNil
			}
			s.dec, s.f, s.off, s.tail = f.dec, f, f.off, f.tail && p.lossless()
			switch {
			case f.deferred:
				s.dec = decDefer
			case f.c.kind == kSub:
				s.dec = decSubHere
			case f.c.kind == kNested && len(f.c.plan.subTabs) > 0:
				s.dec = decNestHere
			case f.cont == direct && f.inl == nil && f.c.fast != 0:
				s.w = f.c.fast
			}
		}
		p.encAttrs = p.inlineRuns()
	}()
	inLoop := false // a sub-message may be decoded in the attribute loop
	for i := range p.attrs {
		f := &p.attrs[i]
		if f.selName != "" {
			f.sel = p.byName[f.selName]
			if f.sel == nil {
				p.needsOuter = true
			}
			// An attribute may arrive after the attributes it selects
			// (IFLA_INFO_KIND after IFLA_INFO_DATA); the header
			// (ifinfomsg's family for IFLA_AF_SPEC) is there first.
			f.deferred = f.sel == nil || !f.sel.header
		}
		if f.c.kind == kNested && f.c.plan != p && f.c.plan.needsOuter {
			f.deferred = true
			p.needsOuter = true
		}
		// A plan still being built (a type that refers back to this
		// one) may look for selectors here, or beyond: it is not known
		// yet, and will not be when the structs around this one are
		// planned, which must then wait for this one too.
		if f.c.kind == kNested && f.c.plan != p && !f.c.plan.built {
			f.deferred = true
			p.needsOuter = true
		}
		// A plan still being built (a recursive type) counts as
		// scoped: what it holds is not known yet.
		if f.c.kind == kSub || f.selName != "" || f.c.kind == kNested && f.c.plan != p && (!f.c.plan.built || f.c.plan.scoped) {
			p.scoped = true
		}
		if !f.deferred && (f.c.kind == kSub || f.c.kind == kNested && (f.c.plan == p || f.c.plan.scoped)) {
			inLoop = true
		}
		if f.c.kind == kSub || f.c.kind == kNested && (f.c.plan == p || !f.c.plan.built || f.c.plan.scoped) {
			p.subFields = append(p.subFields, i)
		}
		switch {
		case f.c.kind == kSub:
			p.subTabs = addTable(p.subTabs, f.c.table)
		case f.c.kind == kNested && f.c.plan != p && f.c.plan.built:
			for _, tb := range f.c.plan.subTabs {
				p.subTabs = addTable(p.subTabs, tb)
			}
		}
	}
	p.scopeEarly = p.scoped && inLoop
}

// addTable adds tb to tabs unless it is there.
func addTable(tabs []*subTable, tb *subTable) []*subTable {
	if slices.Contains(tabs, tb) {
		return tabs
	}
	return append(tabs, tb)
}

// setOutward sets p.outward once p's fields are known. A nested plan
// still being built (a recursive type) is not known yet: it may.
func (p *plan) setOutward() {
	p.outward = p.needsOuter
	for i := range p.attrs {
		f := &p.attrs[i]
		if f.c.kind == kSub || f.c.kind == kNested && f.c.plan != p && (!f.c.plan.built || f.c.plan.outward) {
			p.outward = true
		}
	}
}

// setTail records whether f's payloads may hold a tail: those of values
// that always encode to the same length (a C struct, an integer, a flag's
// none), and of strings (past their NUL), held or pointed to.
func (f *field) setTail() {
	c := &f.c
	if f.cont != direct && f.cont != pointer {
		return
	}
	n := 0
	switch c.kind {
	case kU8, kU16, kU32, kU64, kS8, kS16, kS32, kS64, kBE16, kBE32, kBE64:
		n = c.kind.width()
	case kBytes, kEther:
		n = c.array
	case kIPv4:
		n = 4
	case kIPv6:
		n = 16
	case kNested:
		// A C struct; a plan still being built is a recursive type, which
		// has attributes.
		if c.plan.built && c.plan.err == nil && !c.plan.hasAttrs {
			n = c.plan.fixedSize
		}
	case kString, kFlag, kSub:
		// After a string's NUL, in a flag, or past what the selected
		// type holds (a newer kernel's longer C struct as tc options).
		f.tail = true
		return
	}
	f.tail = n > 0
}

// roots caches the root fields of types chosen at run time: those given
// to Unmarshal and Marshal, and sub-messages.
var roots sync.Map // reflect.Type → *field

// typeField returns the root field of values of type t: one that decodes
// and encodes a whole value, as codecFor chooses without a tag.
func typeField(t reflect.Type) (*field, error) {
	if f, ok := roots.Load(t); ok {
		return f.(*field), nil
	}
	f := &field{typ: t, size: t.Size()}
	if t == rawType {
		f.c = codec{kind: kBytes, typ: t}
		f.c.pick()
	} else {
		buildMu.Lock()
		b := builder{p: &plan{typ: t}}
		c, err := b.codecFor(t, "", t, tag{})
		if err == nil && c.plan != nil {
			err = c.plan.err
		}
		commit(err)
		buildMu.Unlock()
		if err != nil {
			return nil, err
		}
		f.c = c
	}
	f.dec = f.fieldDecode()
	roots.Store(t, f)
	return f, nil
}
