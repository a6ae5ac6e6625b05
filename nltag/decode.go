package nltag

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/nltag/go-netlink/internal/zeroed"
)

var ne = binary.NativeEndian

// UnmarshalOptions configures decoding. The zero value decodes tolerantly, as
// a client of a newer kernel must: undeclared attributes are kept (or skipped)
// and payloads longer than their value are accepted.
type UnmarshalOptions struct {
	// Strict rejects what the kernel's strict policies reject: attributes no
	// field declares, payloads of the wrong length and trailing bytes.
	Strict bool
}

func init() {
	zeroed.Unmarshal = func(data []byte, v any) error {
		ds := decodeStates.Get().(*decodeState)
		err := ds.unmarshal(UnmarshalOptions{}, data, v, true)
		decodeStates.Put(ds)
		return err
	}
	zeroed.SetCarver(carvedDecoder)
	zeroed.NewDecoder = func() func(data []byte, v any) error {
		ds := new(decodeState)
		return func(data []byte, v any) error { return ds.unmarshal(UnmarshalOptions{}, data, v, true) }
	}
}

// Unmarshal decodes data into the struct v points to, which it first resets
// to its zero value. data is a message body or attribute payload: the
// struct's header fields, then its attributes. The result does not alias
// data: strings and byte slices hold copies of their bytes.
func Unmarshal(data []byte, v any) error { return UnmarshalOptions{}.Unmarshal(data, v) }

// Unmarshal decodes data into v as the package-level Unmarshal does, with o's options.
func (o UnmarshalOptions) Unmarshal(data []byte, v any) error {
	ds := decodeStates.Get().(*decodeState)
	err := ds.unmarshal(o, data, v, false)
	decodeStates.Put(ds)
	return err
}

// A Decoder decodes one message after another, such as the bodies of a
// dump, each as Unmarshal would, at a lower cost per call: it keeps its
// scratch space and the plan of the last type between calls instead of
// taking them from a shared pool. Results never alias data or the
// Decoder, and stay valid after later calls; they alias each other only
// in the read-only records of their Wire fields (see Wire). The zero
// Decoder decodes with the zero UnmarshalOptions. A Decoder must not be
// used by several goroutines at once; a hook that its call reaches
// decodes with the Decoder it is given, and one that calls this Decoder
// instead gets an error. A copy starts afresh.
type Decoder struct {
	UnmarshalOptions
	ds *decodeState // made at first use
	// The Decoder an UnmarshalerFrom hook is given decodes inside the call
	// that reached the hook (outer), at the hook's depth, until the hook
	// returns (done).
	outer *decodeState
	depth int
	done  bool
	busy  bool // in a call: a hook of that call must use the Decoder it is given
	// self is the Decoder whose ds this is: a copy, whose ds would go on
	// carving the memory the original's results get, starts afresh.
	self *Decoder
}

// errDecoderBusy is what a Decoder returns when it is called again during
// a call of its own, from a hook that call reached: the inner call would
// take the outer one's state.
var errDecoderBusy = errors.New("nltag: Decoder called during a call of its own (a hook decodes with the Decoder it is given)")

// errHookDone is what a Decoder given to an UnmarshalerFrom hook returns
// once the hook has returned: the call it decoded inside is over, and
// its state serves other calls.
var errHookDone = errors.New("nltag: Decoder used after the UnmarshalNetlinkFrom call it was given to returned")

// Unmarshal decodes data into the struct v points to, as the package-level
// Unmarshal does, with d's options. Given to an UnmarshalerFrom hook, it
// decodes inside the call that reached the hook: at its depth, under its
// memory bound, with its options; offsets in its errors count from the
// start of data.
func (d *Decoder) Unmarshal(data []byte, v any) error {
	if d.self != d {
		// The zero Decoder, or a copy: of a hook's Decoder too, which
		// would otherwise go on decoding inside a call that is over.
		*d = Decoder{UnmarshalOptions: d.UnmarshalOptions, ds: new(decodeState)}
		d.self = d
	}
	if d.outer != nil {
		return d.outer.nested(d, data, v)
	}
	if d.done {
		return errHookDone
	}
	if d.busy {
		return errDecoderBusy
	}
	if d.ds.input != nil {
		// A call that a hook's panic ended, which its caller recovered
		// from, left the scratch stacks (selectors' scopes) as they were.
		d.ds.reset(true)
	}
	d.busy = true
	defer d.idle() // a hook may panic
	return d.ds.unmarshal(d.UnmarshalOptions, data, v, false)
}

func (d *Decoder) idle() { d.busy = false }

type decodeState struct {
	strict bool
	input  []byte
	// budget is what the call may still allocate for values that are
	// not copies of input bytes: elements, pointees, sub-messages,
	// Attrs. A type with a large fixed part would otherwise make a
	// whole value of every empty attribute (see spend).
	budget int
	spare  int    // what chunks may hold besides the values taken (see newChunk)
	call   uint32 // counts the calls that began (see slab.paid)
	// Pointer-free memory (pointees, kept bytes, packed arrays), carved
	// forward across calls.
	block  block
	slabs  []slab  // values with pointers, carved forward across calls: a table of the types used (see slabOf)
	nslabs int     // the entries of slabs in use
	attrs  []Attr  // Wire.Unknown storage, carved forward across calls
	wires  []Wire  // what *Wire fields point to, carved forward across calls
	scopes []scope // the structs being decoded that selectors may look into (plan.scoped, scopeEarly), outermost first
	top    int     // the depth the call started at: its outermost struct is at top+1

	hookDecs []Decoder // given to UnmarshalerFrom hooks, one each (see hook)
	lastType ptr       // the pointer type of the previous call (typeOf), its root field and the size of its values
	lastRoot *field
	lastSize uintptr

	// Scratch stacks: each struct appends from where its parent stood and
	// truncates back when done, so nesting never interleaves entries.
	tails    []Attr
	tailAt   []int32 // the index in its struct's attributes of each tail's attribute
	tailBase int     // where the tails of the struct being decoded start in tails
	// unknownAt holds the offsets of undeclared attributes in their list:
	// 4 bytes each, so that a hostile list of thousands grows it only in
	// proportion to its size, on a cold pool too.
	unknownAt []int32
	// defs holds the input offsets of deferred attributes (decDefer), 4
	// bytes each, as unknownAt.
	defs []int32
}

// unmarshal decodes data into v; zero says v is known to hold its zero
// value (see internal/zeroed).
func (ds *decodeState) unmarshal(o UnmarshalOptions, data []byte, v any, zero bool) error {
	tw := typeOf(v)
	rf := ds.lastRoot
	if tw != ds.lastType || tw == nil { // dump loops decode one type over and over
		t := reflect.TypeOf(v)
		if t == nil || t.Kind() != reflect.Pointer {
			return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
		}
		rv := reflect.ValueOf(v)
		if _, ok := v.(UnmarshalerFrom); ok {
			if rv.IsNil() {
				return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
			}
			ds.begin(o.Strict, data)
			err := ds.hook(v, data, 0, 0)
			ds.reset(true)
			return err
		}
		if u, ok := v.(Unmarshaler); ok {
			if rv.IsNil() {
				return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
			}
			return u.UnmarshalNetlink(bytes.Clone(data))
		}
		if t.Elem().Kind() == reflect.Pointer {
			return fmt.Errorf("nltag: Unmarshal into %v, a pointer to a pointer: pass %v", t, t.Elem())
		}
		var err error
		if rf, err = typeField(t.Elem()); err != nil {
			return err
		}
		ds.lastType, ds.lastRoot, ds.lastSize = tw, rf, t.Elem().Size()
	}
	p := pointerOf(v) // v's type is a pointer type
	if p == nil {
		return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
	}
	// Callers mostly pass fresh values (a dump's result slots); reading
	// them is cheaper than a typed clear of memory that is already zero.
	if !zero && !zeroMem(p, ds.lastSize) {
		reflect.ValueOf(v).Elem().SetZero()
	}
	return ds.decodeRoot(o.Strict, rf, p, data)
}

// decodeRoot decodes data into the zero value at p, whose root field is
// rf: the call's outermost struct.
func (ds *decodeState) decodeRoot(strict bool, rf *field, p ptr, data []byte) error {
	ds.begin(strict, data)
	used, err := rf.dec(ds, rf, p, data, 0, 0)
	err = failed(err, used, len(data), 0)
	ds.reset(err != nil)
	if err != nil {
		return finish(err, rf.typ)
	}
	return nil
}

type scope struct {
	base ptr
	p    *plan
}

var decodeStates = sync.Pool{New: func() any { return new(decodeState) }}

// begin starts a call that decodes data.
func (ds *decodeState) begin(strict bool, data []byte) {
	ds.strict, ds.input, ds.budget = strict, data, budgetFor(len(data))
	ds.spare = spareFactor*len(data) + spareSlack
	ds.call++
}

// reset ends a call. The unused tails of the block and the slabs serve
// the next call: results hold memory only from their heads, so later
// carving cannot reach it. A call that succeeded left the scratch stacks
// as it found them, empty, each struct truncating what it added; one that
// failed (failed) leaves them to be emptied here.
func (ds *decodeState) reset(failed bool) {
	ds.input = nil
	if failed {
		clear(ds.tails) // drop references into the result
		ds.scopes, ds.tails, ds.tailAt, ds.defs, ds.unknownAt = ds.scopes[:0], ds.tails[:0], ds.tailAt[:0], ds.defs[:0], ds.unknownAt[:0]
		ds.tailBase = 0
	}
}

func (ds *decodeState) str(off int, b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	if len(b) == 0 {
		return ""
	}
	k := ds.keep(off, len(b))
	return stringOf(k)
}

func (op *fixedOp) width() int {
	if op.bytes {
		return int(op.n)
	}
	return int(op.size)
}

func (op *fixedOp) decode(dst ptr, b []byte) {
	if op.bytes {
		copy(bytesAt(dst, int(op.n)), b)
		return
	}
	var v uint64
	switch op.size {
	case 1:
		v = uint64(b[0])
	case 2:
		v = uint64(ne.Uint16(b))
		if op.be {
			v = uint64(binary.BigEndian.Uint16(b))
		}
	case 4:
		v = uint64(ne.Uint32(b))
		if op.be {
			v = uint64(binary.BigEndian.Uint32(b))
		}
	case 8:
		v = ne.Uint64(b)
		if op.be {
			v = binary.BigEndian.Uint64(b)
		}
	}
	if op.isBool {
		v = min(v, 1)
	}
	storeInt(dst, op.size, v)
}

// noSlot is the slot of attribute numbers past a plan's slots. Never written.
var noSlot = slot{idx: -1}

// decDefer is the decodeFn of deferred fields in the attribute loop: it
// records the attribute, whose payload is data at offset off of the
// input, for decodeAttrs to decode after the others. Its header, which
// the loop validated, says the rest: only its offset is kept.
func decDefer(ds *decodeState, _ *field, _ ptr, data []byte, off, _ int) (int, error) {
	ds.defs = append(ds.defs, int32(off-HeaderLen))
	return len(data), nil
}

// decodeAttrs decodes the attributes of p's struct at base, which follow
// its header in data (found at offset off of the input). Each declared
// attribute goes to its field's decodeFn; the rules that span fields are
// here and in attrLoop, which it calls: lengths, undeclared numbers (see
// unknown), tails (see afterField), trailing bytes, deferral.
func (p *plan) decodeAttrs(ds *decodeState, base ptr, data []byte, off, depth int) error {
	n := len(data)
	start := min(Align(p.fixedSize), n)
	u0, t0, d0 := len(ds.unknownAt), len(ds.tails), len(ds.defs)
	// The scratch stacks (unknownAt, tails, defs) are truncated back to
	// where this struct found them on success; an error abandons them
	// with the whole call.
	if p.nMulti > 0 {
		if err := p.allocMulti(ds, base, data[start:], off+start); err != nil {
			return err
		}
	}
	tb := ds.tailBase
	ds.tailBase = t0
	count, pos, err := p.attrLoop(ds, base, data, start, off, depth)
	if err != nil {
		return err
	}
	if ds.strict && pos < n {
		return newErr(off+pos, 0, ErrTrailing)
	}
	if len(ds.defs) > d0 {
		if err := p.decodeDeferred(ds, base, depth, d0, off+start); err != nil {
			return err
		}
	}
	ds.tailBase = tb
	if p.unknownMode == 0 {
		return nil
	}
	kept := len(ds.unknownAt) - u0 + len(ds.tails) - t0
	if kept == 0 && p.lossless() {
		// The usual struct of a dump: its shape is a recent struct's, and
		// it has neither unknown attributes nor tails. It takes that
		// record (see keepUnknown) without keepUnknown's work.
		if order, last := p.shared(data, start, count); order != nil {
			if p.unknownMode == unknownWirePtr {
				*as[*Wire](at(base, p.unknownOff)) = last
			} else {
				setWire(as[Wire](at(base, p.unknownOff)), order, nil, nil, depth <= ds.top+1)
			}
			return nil
		}
	}
	if kept > 0 {
		if err := ds.spend(kept, attrSize, off); err != nil {
			return err
		}
	}
	return p.keepUnknown(ds, base, data, off, depth, start, count, u0, t0)
}

// decodeDeferred decodes the attributes that decodeAttrs deferred, past
// d0 of defs, into p's struct at base: sub-messages and the nests that
// hold them, whose selectors look into this struct and those around it.
// A struct that is no scope in its attribute loop (not scopeEarly) is one
// meanwhile. Their tails are kept as attrLoop keeps others', with their
// index among the struct's attributes, which start at offset first of the
// input.
func (p *plan) decodeDeferred(ds *decodeState, base ptr, depth, d0, first int) error {
	if !p.scopeEarly {
		ds.scopes = append(ds.scopes, scope{base, p})
	}
	for i := d0; i < len(ds.defs); i++ {
		h := int(ds.defs[i])
		l, typ := attrHeader(ds.input, h)
		s := p.slot(typ & TypeMask)
		f := s.f
		used, err := f.dec(ds, f, at(base, f.off), payload(ds.input, h, l), h+HeaderLen, depth)
		if err != nil {
			return wrap(failed(err, used, l-HeaderLen, h+HeaderLen), f.path, h, f.attr)
		}
		if s.tail && l-HeaderLen > used {
			ds.addTail(typ, h+HeaderLen+used, l-HeaderLen-used, attrIndex(ds.input, first, h))
		}
	}
	if !p.scopeEarly {
		ds.scopes = ds.scopes[:len(ds.scopes)-1]
	}
	ds.defs = ds.defs[:d0]
	return nil
}

// attrLoop decodes the attributes from offset pos of data on, each
// declared one by its field's decodeFn, and returns how many there were
// (for Wire.Order) and where they end. Out of decodeAttrs, so that the
// values live across its call of each decodeFn are few.
func (p *plan) attrLoop(ds *decodeState, base ptr, data []byte, pos, off, depth int) (count, end int, err error) {
	for pos+HeaderLen <= len(data) {
		l, typ := attrHeader(data, pos)
		if l < HeaderLen || l > len(data)-pos {
			return 0, 0, lengthErr(off+pos, typ&TypeMask, l, len(data)-pos)
		}
		count++
		s := p.slot(typ & TypeMask)
		if w := int(s.w); w != 0 && fits(l-HeaderLen, w, ds.strict) && (l-HeaderLen == w || !s.tail) {
			// A host-order integer without a tail to keep, stored here
			// as its decodeFn would: the call costs more than the store.
			storeHost(at(base, s.off), payload(data, pos, l), s.w)
		} else if s.dec == nil {
			if err := p.unknown(ds, data, pos, off); err != nil {
				return 0, 0, err
			}
		} else {
			used, err := s.dec(ds, s.f, at(base, s.off), payload(data, pos, l), off+pos+HeaderLen, depth)
			// Read again: cheaper than keeping it across the call.
			l, _ = attrHeader(data, pos)
			if err != nil || s.tail && l-HeaderLen > used {
				if err := p.afterField(ds, data, pos, off, count, used, err); err != nil {
					return 0, 0, err
				}
			}
		}
		pos += Align(l)
	}
	return count, pos, nil
}

// attrIndex returns the index of the attribute at offset h of b in the
// list that starts at offset first, which attrLoop validated.
func attrIndex(b []byte, first, h int) int {
	i := 0
	for pos := first; pos < h; i++ {
		l, _ := attrHeader(b, pos)
		pos += Align(l)
	}
	return i
}

// unknown refuses the undeclared attribute at offset pos of data (at
// offset off of the input) when decoding strictly, or records it for
// keepUnknown.
func (p *plan) unknown(ds *decodeState, data []byte, pos, off int) error {
	if ds.strict {
		_, typ := attrHeader(data, pos)
		return p.unknownErr(off+pos, typ&TypeMask)
	}
	if p.unknownMode != 0 {
		ds.unknownAt = append(ds.unknownAt, int32(pos))
	}
	return nil
}

// afterField completes the error err of the decodeFn of the attribute at
// offset pos of data (offset off of the input), the struct's count-th, or
// keeps its tail past the used bytes its decodeFn read.
//
//go:noinline
func (p *plan) afterField(ds *decodeState, data []byte, pos, off, count, used int, err error) error {
	l, typ := attrHeader(data, pos)
	s := p.slot(typ & TypeMask)
	if err != nil {
		return wrap(failed(err, used, l-HeaderLen, off+pos+HeaderLen), s.f.path, off+pos, typ&TypeMask)
	}
	if l-HeaderLen > used {
		ds.addTail(typ, off+pos+HeaderLen+used, l-HeaderLen-used, count-1)
	}
	return nil
}

// slot returns what decoding needs of attribute number num.
func (p *plan) slot(num uint16) *slot {
	if int(num) < len(p.slots) {
		return &p.slots[num] // in place: copying a slot costs a spill per field
	}
	return &noSlot
}

// addTail keeps the n bytes at offset off of the input, the tail of the
// struct's attribute number i.
func (ds *decodeState) addTail(typ uint16, off, n, i int) {
	// A repeat's tail replaces the tail of the attribute it repeats
	// (lastTails drops the rest when the struct ends): thousands of
	// repeats then hold one entry, not thousands.
	for j := len(ds.tails) - 1; j >= ds.tailBase; j-- {
		if ds.tails[j].Num() == typ&TypeMask {
			ds.tails[j], ds.tailAt[j] = Attr{Type: typ, Data: ds.keep(off, n)}, int32(i)
			return
		}
	}
	ds.tails = append(ds.tails, Attr{Type: typ, Data: ds.keep(off, n)})
	ds.tailAt = append(ds.tailAt, int32(i))
}

// keepUnknown stores the unknown attributes of the list that starts at
// offset start of data, the struct's payload (offset off of the input, at
// depth depth), whose offsets decodeAttrs recorded past u0 of unknownAt,
// into the struct's unknown field, and for a Wire (which a nil *Wire gets
// here) the types of the count attributes that decodeAttrs validated:
// reading them again, from cache, costs less than recording each as it
// passes.
//
// In a dump nearly every message of a kind arrives in one order, so the
// record is shared: when the types equal the Order of one of the plan's
// last records, a Wire field gets that Order slice, and a *Wire field,
// when there is nothing unknown and no tail, that very Wire. Otherwise
// the record is carved, and becomes the plan's newest. A Wire once
// pointed to is never written again, here or anywhere: others may hold
// it.
func (p *plan) keepUnknown(ds *decodeState, base ptr, data []byte, off, depth, start, count, u0, t0 int) error {
	var unk []Attr
	if unknownAt := ds.unknownAt[u0:]; len(unknownAt) > 0 {
		unk = ds.attrSlice(len(unknownAt))
		for i, pos := range unknownAt {
			l, typ := attrHeader(data, int(pos))
			unk[i] = Attr{Type: typ, Data: ds.keep(off+int(pos)+HeaderLen, l-HeaderLen)}
		}
		ds.unknownAt = ds.unknownAt[:u0]
	}
	if p.unknownMode == unknownSlice {
		*as[[]Attr](at(base, p.unknownOff)) = unk
		return nil
	}
	order, last := p.shared(data, start, count)
	shared := order != nil
	// A record of a new shape that the plan keeps is allocated alone: the
	// plan outlives the results, and must not keep their blocks and
	// chunks alive. Only a dump's first message of a shape pays for it.
	// A record longer than a block is not kept: the plan lives as long as
	// the program, and one huge input would otherwise stay with it.
	keep := !shared && 2*count <= maxBlock && (p.unknownMode == unknownWire || unk == nil && len(ds.tails) == t0)
	if !shared {
		order = []uint16{} // decoded, and empty: not the nil of a fresh value
		if count > 0 {
			// Carved from the block with the other pointer-free memory
			// of results, which spares a chunk of its own; long ones are
			// allocated alone. (Here, not in a function of memory.go,
			// which the compiler would not inline: a call per message.)
			if 2*count <= maxBlock && !keep {
				order = uint16sAt(ds.block.take(uintptr(2*count), 2), count)
			} else {
				order = make([]uint16, count)
			}
			pos := start
			for i := range order {
				l, typ := attrHeader(data, pos)
				order[i] = typ
				pos += Align(l)
			}
		}
	}
	var tails []Attr
	if len(ds.tails) > t0 {
		tails = ds.attrSlice(len(ds.tails) - t0)
		copy(tails, ds.tails[t0:])
		clear(ds.tails[t0:])
		ds.tails = ds.tails[:t0]
		at := len(ds.tailAt) - len(tails)
		tails = lastTails(tails, ds.tailAt[at:], order)
		ds.tailAt = ds.tailAt[:at]
	}
	if p.unknownMode == unknownWirePtr {
		wp := as[*Wire](at(base, p.unknownOff))
		if shared && unk == nil && tails == nil {
			*wp = last // costs nothing, so repeats of a nest cost nothing
			return nil
		}
		// spend, inline: one value of a Go type's size cannot overflow.
		if ds.budget -= int(wireSize); ds.budget < 0 {
			return memoryErr(off, 1, wireSize)
		}
		// A new Wire is zero: nil is not stored over nil.
		var w *Wire
		if keep {
			w = new(Wire)
		} else {
			w = ds.newWire()
		}
		w.Order = order
		if unk != nil {
			w.Unknown = unk
		}
		if tails != nil {
			w.Tails = tails
		}
		*wp = w
		if keep {
			pushRecent(&p.lastWire, w)
		}
		return nil
	}
	if keep && count > 0 {
		// The slice header needs memory of its own: charged as a Wire
		// is, for a struct decoded in a new shape (hostile input may
		// alternate shapes).
		if ds.budget -= int(sliceSize); ds.budget < 0 {
			return memoryErr(off, 1, sliceSize)
		}
		o := new([]uint16)
		*o = order
		pushRecent(&p.lastOrder, o)
	}
	setWire(as[Wire](at(base, p.unknownOff)), order, unk, tails, depth <= ds.top+1)
	return nil
}

// setWire stores a struct's record in its Wire field w. Storing nil over
// nil costs a write barrier while the GC marks, so nil is stored only
// over something else. The outermost struct (fresh) is zero when
// decoding starts and its Wire is written only here: not reading it
// spares a first touch of fresh memory (a dump's blocks).
func setWire(w *Wire, order []uint16, unk, tails []Attr, fresh bool) {
	if unk != nil || !fresh && w.Unknown != nil {
		w.Unknown = unk
	}
	if tails != nil || !fresh && w.Tails != nil {
		w.Tails = tails
	}
	w.Order = order
}

// shared returns the Order of one of p's records of recent shapes that
// equals the types of the count attributes at start of data, which
// decodeAttrs validated, and for a *Wire field the Wire that holds it; nil
// when there is none. Out of line: in keepUnknown's frame its loops spill.
//
//go:noinline
func (p *plan) shared(data []byte, start, count int) ([]uint16, *Wire) {
	if p.unknownMode == unknownWirePtr {
		for i := range p.lastWire {
			// A Wire handed out is read-only, but a careless caller may
			// have given it unknown attributes or tails: then it is not
			// shared again (its Order, if changed, simply stops matching).
			if w := p.lastWire[i].Load(); w != nil && len(w.Order) == count && w.Unknown == nil && w.Tails == nil && sameOrder(w.Order, data, start) {
				return w.Order, w
			}
		}
		return nil, nil
	}
	for i := range p.lastOrder {
		if o := p.lastOrder[i].Load(); o != nil && len(*o) == count && sameOrder(*o, data, start) {
			return *o, nil
		}
	}
	return nil, nil
}

// pushRecent makes v the newest of recent, dropping the oldest. Decodings
// in other goroutines may push at once and lose one another's record:
// only a chance to share is lost.
func pushRecent[T any](recent *[sharedShapes]atomic.Pointer[T], v *T) {
	for i := len(recent) - 1; i > 0; i-- {
		recent[i].Store(recent[i-1].Load())
	}
	recent[0].Store(v)
}

// sameOrder reports whether the len(order) attributes at start of data
// have the types order lists, flags included.
func sameOrder(order []uint16, data []byte, start int) bool {
	pos := start
	for _, t := range order {
		l, typ := attrHeader(data, pos)
		if typ != t {
			return false
		}
		pos += Align(l)
	}
	return true
}

// lastTails drops the tails of attributes that come again later in order:
// a repeat replaces the value, and the value is written once, with the
// tail of the attribute that gave it, if that one had any. It puts them
// in arrival order first: decodeDeferred keeps its tails after attrLoop's.
func lastTails(tails []Attr, at []int32, order []uint16) []Attr {
	for i := 1; i < len(tails); i++ {
		for j := i; j > 0 && at[j-1] > at[j]; j-- {
			at[j-1], at[j] = at[j], at[j-1]
			tails[j-1], tails[j] = tails[j], tails[j-1]
		}
	}
	out := tails[:0]
	for i, a := range tails {
		repeated := false
		for _, t := range order[at[i]+1:] {
			if t&TypeMask == a.Num() {
				repeated = true
				break
			}
		}
		if !repeated {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// allocMulti counts the attributes of each multi field so that each slice
// is allocated once at its final size, if the budget allows it: empty,
// with room for every element, which decMulti appends.
func (p *plan) allocMulti(ds *decodeState, base ptr, data []byte, off int) error {
	var buf [8]int32
	counts := buf[:]
	if p.nMulti > len(buf) {
		counts = make([]int32, p.nMulti)
	}
	for a, err := range Attrs(data) {
		if err != nil {
			break // the main loop reports it
		}
		if num := int(a.Num()); num < len(p.slots) && p.slots[num].idx >= 0 {
			if f := &p.attrs[p.slots[num].idx]; f.cont == multi {
				counts[f.multiIdx]++
			}
		}
	}
	for i := range p.attrs {
		f := &p.attrs[i]
		if c := int(counts[f.multiIdx]); f.cont == multi && c > 0 {
			if err := ds.spend(c, f.elemSize, off); err != nil {
				return wrap(err, f.path, off, f.attr)
			}
		}
	}
	for i := range p.attrs {
		f := &p.attrs[i]
		if c := int(counts[f.multiIdx]); f.cont == multi && c > 0 {
			fp, err := f.addrAlloc(ds, base, off)
			if err != nil {
				return wrap(err, f.path, off, f.attr)
			}
			s := reflect.MakeSlice(f.typ, c, c)
			*as[sliceHeader](fp) = sliceHeader{s.UnsafePointer(), 0, c}
		}
	}
	return nil
}

// selector finds the value that selects f's sub-message: in the struct being
// decoded, else in the enclosing ones, innermost first.
func (ds *decodeState) selector(f *field) (selValue, bool) {
	return findSel(ds.scopes, f)
}

// findSel finds the value that selects f's sub-message in scopes, whose
// last holds f: there, else in the enclosing ones, innermost first.
// Encoding (checkSubs) looks it up as decoding does.
func findSel(scopes []scope, f *field) (selValue, bool) {
	top := len(scopes) - 1
	if f.sel != nil {
		return readSel(scopes[top].base, f.sel)
	}
	for i := top - 1; i >= 0; i-- {
		s := scopes[i]
		if r := s.p.byName[f.selName]; r != nil {
			return readSel(s.base, r)
		}
		if _, ok := s.p.ambiguous[f.selName]; ok {
			return selValue{}, false // Check says why
		}
	}
	return selValue{}, false
}

func readSel(base ptr, r *selRef) (selValue, bool) {
	p := r.addr(base)
	if p == nil { // in an inline struct that is absent: a zero selector
		return selValue{isStr: r.isStr}, true
	}
	if r.isStr {
		// "" selects what it is registered for, as 0 does.
		return selValue{isStr: true, s: *as[string](p)}, true
	}
	return selValue{n: int64(loadInt(p, r.gsize, r.sign))}, true
}

// sub decodes the sub-message of field f, whose interface is at p, into a
// value of the type its selector selects, and returns how many bytes of
// data that value holds: fewer than all when it is a C struct, a string
// or a number and a newer kernel sent more (the rest is a tail).
func (ds *decodeState) sub(f *field, p ptr, data []byte, off, depth int) (int, error) {
	c := &f.c
	sel, ok := ds.selector(f)
	var e *subEntry
	if ok {
		e = c.table.lookup(sel)
	}
	if e == nil {
		iface := reflect.NewAt(c.typ, p).Elem()
		if !rawType.AssignableTo(c.typ) {
			return 0, newErr(off, 0, fmt.Errorf("no type in table %q for selector %q, and %v cannot hold nltag.Raw", c.tname, sel.String(), c.typ))
		}
		if err := ds.spend(1, rawType.Size(), off); err != nil { // the box
			return 0, err
		}
		iface.Set(reflect.ValueOf(Raw(ds.keep(off, len(data)))))
		return len(data), nil
	}
	d := e.decoder(c.typ)
	if d == nil {
		return ds.subValue(c, p, data, off, depth, sel, e.t)
	}
	if d.bad {
		return 0, subTypeErr(off, c, e.t, sel)
	}
	if d.err != nil {
		return 0, d.err
	}
	// The field holds any (the usual case), read and written as one; or
	// another interface, through reflect.
	var iv reflect.Value
	var cur any
	if d.empty {
		cur = *as[any](p)
	} else {
		iv = reflect.NewAt(c.typ, p).Elem()
		cur = iv.Interface()
	}
	var np ptr
	if reflect.TypeOf(cur) == d.ptr && reflect.ValueOf(cur).UnsafePointer() != nil {
		// A repeated attribute: reuse the value it replaces, as pointer
		// fields do.
		np = reflect.ValueOf(cur).UnsafePointer()
		d.f.c.zeroRepeat(np)
	} else {
		if err := ds.spend(1, d.alloc.size, off); err != nil {
			return 0, err
		}
		np = ds.alloc(&d.alloc, d.f.typ)
	}
	used, err := d.f.dec(ds, d.f, np, data, off, depth)
	if err != nil {
		return 0, wrap(failed(err, used, len(data), off), "("+sel.String()+")", off, 0)
	}
	switch {
	case d.empty && d.box != nil:
		*as[any](p) = d.box(np)
	case d.empty:
		*as[any](p) = reflect.NewAt(d.f.typ, np).Interface()
	default:
		iv.Set(reflect.NewAt(d.f.typ, np))
	}
	return subUsed(&d.f.c, used, len(data)), nil
}

// subValue decodes a sub-message whose registered type t is not a pointer.
func (ds *decodeState) subValue(c *codec, p ptr, data []byte, off, depth int, sel selValue, t reflect.Type) (int, error) {
	if !t.AssignableTo(c.typ) {
		return 0, subTypeErr(off, c, t, sel)
	}
	ef, err := typeField(t)
	if err != nil {
		return 0, err
	}
	// Two values: the one decoded into, and the copy that the interface
	// holds, which storing it into the field allocates.
	if err := ds.spend(2, t.Size(), off); err != nil {
		return 0, err
	}
	nv := reflect.New(t)
	used, err := ef.dec(ds, ef, nv.UnsafePointer(), data, off, depth)
	if err != nil {
		return 0, wrap(failed(err, used, len(data), off), "("+sel.String()+")", off, 0)
	}
	reflect.NewAt(c.typ, p).Elem().Set(nv.Elem())
	return subUsed(&ef.c, used, len(data)), nil
}

// subUsed is what a sub-message of codec c holds of its n-byte payload,
// whose decodeFn reported used: a struct with attributes holds them all
// (decNested reports its header only).
func subUsed(c *codec, used, n int) int {
	if c.kind == kNested && c.plan.hasAttrs {
		return n
	}
	return used
}

//go:noinline
func subTypeErr(off int, c *codec, t reflect.Type, sel selValue) error {
	return newErr(off, 0, fmt.Errorf("table %q selects %v for %q, which does not implement %v", c.tname, t, sel.String(), c.typ))
}

//go:noinline
func packedErr(off, n, es int) error {
	return newErr(off, 0, fmt.Errorf("%w: %d bytes are no array of %d-byte values", ErrSize, n, es))
}

// Error constructors stay out of line so that the decoding loop's frame
// stays small.

//go:noinline
func lengthErr(off int, num uint16, l, left int) error {
	return newErr(off, num, fmt.Errorf("%w: attribute length %d with %d bytes left", ErrLength, l, left))
}

//go:noinline
func (p *plan) unknownErr(off int, num uint16) error {
	return newErr(off, num, fmt.Errorf("%w %s", ErrUnknown, p.set.AttrName(num)))
}

var errCountChanged = errors.New("attribute count changed while decoding")

//go:noinline
func shortErr(off, got, want int) error {
	return newErr(off, 0, fmt.Errorf("%w: %d bytes for a %d-byte value", ErrShort, got, want))
}

//go:noinline
func widthErr(off, w int) error {
	return newErr(off, 0, fmt.Errorf("%w: %d bytes for a variable-width integer", ErrSize, w))
}

//go:noinline
func addrErr(off, n int, short bool) error {
	cause := ErrSize
	if short {
		cause = ErrShort
	}
	return newErr(off, 0, fmt.Errorf("%w: %d bytes are no address", cause, n))
}

//go:noinline
func indexSeg(i int) string { return "[" + strconv.Itoa(i) + "]" }

// hook calls the UnmarshalerFrom v with a Decoder that decodes inside this
// call at depth until the hook returns. Each hook gets a Decoder of its
// own, never given again: one that a hook kept past its return then says
// so (errHookDone) instead of decoding into state that serves other calls
// by then. They are carved from chunks, as Wires are, and paid for from
// the budget: hostile input may hold thousands of hooked attributes. off
// is data's offset, for the error that says the budget is spent.
func (ds *decodeState) hook(v any, data []byte, off, depth int) error {
	// spend, inline: one value of a Go type's size cannot overflow.
	if ds.budget -= int(decoderSize); ds.budget < 0 {
		return memoryErr(off, 1, decoderSize)
	}
	if len(ds.hookDecs) == 0 {
		ds.hookDecs = make([]Decoder, hookChunk)
	}
	d := &ds.hookDecs[0]
	ds.hookDecs = ds.hookDecs[1:]
	d.outer, d.depth, d.Strict, d.self = ds, depth, ds.strict, d
	defer d.hookDone() // a hook that panics returns too
	return v.(UnmarshalerFrom).UnmarshalNetlinkFrom(d, data)
}

func (d *Decoder) hookDone() { d.outer, d.done = nil, true }

// hookChunk is how many hook Decoders one allocation holds.
const hookChunk = 16

// nested decodes data into v for the hook that was given d, inside the
// call under way: the scratch stacks go on from where the hook's caller
// left them, selectors do not reach past the hook, and the budget and
// depth go on.
func (ds *decodeState) nested(d *Decoder, data []byte, v any) error {
	t := reflect.TypeOf(v)
	rv := reflect.ValueOf(v)
	if t == nil || t.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("nltag: Unmarshal needs a non-nil pointer, not %T", v)
	}
	if t.Elem().Kind() == reflect.Pointer {
		return fmt.Errorf("nltag: Unmarshal into %v, a pointer to a pointer: pass %v", t, t.Elem())
	}
	if d.depth >= MaxDepth {
		return &Error{Type: t.Elem(), Err: ErrDepth}
	}
	if _, ok := v.(UnmarshalerFrom); ok {
		return ds.hook(v, data, 0, d.depth+1)
	}
	rf, err := typeField(t.Elem())
	if err != nil {
		return err
	}
	p := rv.UnsafePointer()
	if !zeroMem(p, t.Elem().Size()) {
		rv.Elem().SetZero()
	}
	defer ds.unnest(ds.outerState()) // on a panic too: the hook may recover and go on
	ds.input, ds.scopes, ds.strict, ds.top = data, ds.scopes[len(ds.scopes):], d.Strict, d.depth
	used, err := rf.dec(ds, rf, p, data, 0, d.depth)
	if err = failed(err, used, len(data), 0); err != nil {
		return finish(err, t.Elem())
	}
	return nil
}

// outerState is what nested saves of the call under way and unnest
// gives back.
type outerState struct {
	input                          []byte
	scopes                         []scope
	strict                         bool
	top                            int
	tails, tailAt, defs, unknownAt int
}

func (ds *decodeState) outerState() outerState {
	return outerState{ds.input, ds.scopes, ds.strict, ds.top, len(ds.tails), len(ds.tailAt), len(ds.defs), len(ds.unknownAt)}
}

// unnest ends a nested decoding. One that failed (or panicked) may have
// left entries on the scratch stacks, which are not its caller's: a
// successful one left them as it found them.
func (ds *decodeState) unnest(o outerState) {
	ds.input, ds.scopes, ds.strict, ds.top = o.input, o.scopes, o.strict, o.top
	clear(ds.tails[o.tails:])
	ds.tails, ds.tailAt, ds.defs, ds.unknownAt = ds.tails[:o.tails], ds.tailAt[:o.tailAt], ds.defs[:o.defs], ds.unknownAt[:o.unknownAt]
}
