package bench

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// The route package's types keep every unknown attribute and the order of
// arrival in Wire fields, so that a decoded message re-encodes to its
// bytes. The peers keep neither. To compare equal work, "plain" decoding
// uses the same types with every Wire field taken out: the same fields,
// tags, attribute sets and sub-message selection, built at run time with
// reflect.StructOf. nltag compiles them into plans as it does any struct.

var wireType = reflect.TypeFor[nltag.Wire]()

// isWire reports a Wire field's type: nltag.Wire or *nltag.Wire.
func isWire(t reflect.Type) bool { return t == wireType || t == reflect.PointerTo(wireType) }

// plainPrefix names the sub-message tables of the plain types: the table
// "link-kind" becomes "plain/link-kind", holding the plain twins of the
// types route registers in "link-kind". wirePtrPrefix does the same for
// the *Wire twins.
const (
	plainPrefix   = "plain/"
	wirePtrPrefix = "wireptr/"
)

// A plainer makes twins of types: the same fields, with each Wire field
// dropped (wire nil) or of type wire, and sub-message tables under prefix.
type plainer struct {
	wire   reflect.Type
	prefix string
	mu     sync.Mutex
	memo   map[reflect.Type]reflect.Type
	busy   map[reflect.Type]bool
}

var (
	plains   = &plainer{prefix: plainPrefix, memo: map[reflect.Type]reflect.Type{}, busy: map[reflect.Type]bool{}}
	wirePtrs = &plainer{wire: reflect.PointerTo(wireType), prefix: wirePtrPrefix, memo: map[reflect.Type]reflect.Type{}, busy: map[reflect.Type]bool{}}
)

// PlainType returns t without Wire (and *Wire) fields, at any depth. Types that have
// none anywhere are returned unchanged, so named scalar, slice and
// fixed-struct types (and their String and Unmarshal methods) survive.
func PlainType(t reflect.Type) reflect.Type { return plains.twin(t) }

// WirePtrType returns t with each nltag.Wire field, at any depth, turned
// into a *nltag.Wire: the layout the route types take when their Wires
// move behind pointers, for measuring that before they do.
func WirePtrType(t reflect.Type) reflect.Type { return wirePtrs.twin(t) }

func (p *plainer) twin(t reflect.Type) reflect.Type {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.strip(t)
}

func (p *plainer) strip(t reflect.Type) reflect.Type {
	if s, ok := p.memo[t]; ok {
		return s
	}
	var s reflect.Type
	switch t.Kind() {
	case reflect.Pointer:
		if e := p.strip(t.Elem()); e != t.Elem() {
			s = reflect.PointerTo(e)
		}
	case reflect.Slice:
		if e := p.strip(t.Elem()); e != t.Elem() && t.Name() == "" {
			s = reflect.SliceOf(e)
		}
	case reflect.Struct:
		s = p.stripStruct(t)
	}
	if s == nil {
		s = t
	}
	p.memo[t] = s
	return s
}

func (p *plainer) stripStruct(t reflect.Type) reflect.Type {
	if t == wireType || reflect.PointerTo(t).Implements(reflect.TypeFor[nltag.Unmarshaler]()) {
		return nil
	}
	if p.busy[t] {
		panic(fmt.Sprintf("bench: %v contains itself without an interface in between", t))
	}
	p.busy[t] = true
	defer delete(p.busy, t)
	changed := false
	var fields []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if isWire(f.Type) {
			if p.wire == nil {
				changed = true
				continue
			}
			changed = changed || f.Type != p.wire
			f.Type = p.wire
		} else if ft := p.strip(f.Type); ft != f.Type {
			f.Type = ft
			changed = true
		}
		if tag, ok := f.Tag.Lookup("nla"); ok && strings.Contains(tag, "submsg=") {
			tag = strings.Replace(tag, "submsg=", "submsg="+p.prefix, 1)
			f.Tag = reflect.StructTag(fmt.Sprintf("nla:%q", tag))
			changed = true
		}
		f.Offset, f.Index = 0, nil
		fields = append(fields, f)
	}
	if !changed {
		return nil
	}
	return reflect.StructOf(fields)
}

// registerPlain registers, in table plain/<table>, the plain twin of each
// sample under the key route registered the sample with in <table>, and
// the *Wire twin in wireptr/<table>.
func registerPlain(table string, samples ...any) {
	for _, s := range samples {
		key, ok := nltag.SubMessageKey(table, s)
		if !ok {
			panic(fmt.Sprintf("bench: %T is not registered in %q", s, table))
		}
		for _, p := range []*plainer{plains, wirePtrs} {
			pt := p.twin(reflect.TypeOf(s)) // a pointer type: decoding yields pointers
			nltag.RegisterSubMessage(p.prefix+table, key, reflect.New(pt.Elem()).Interface())
		}
	}
}

func init() {
	registerPlain("link-kind",
		&route.VethData{}, &route.BridgeData{}, &route.MacvlanData{}, &route.MacvtapData{},
		&route.VxlanData{}, &route.VLANData{}, &route.BondData{}, &route.VRFData{},
		&route.IPVlanData{}, &route.GeneveData{}, &route.TunData{})
	registerPlain("link-slave-kind", &route.BridgePortData{}, &route.BondSlaveData{}, &route.VRFPortData{})
	registerPlain("link-af-spec", &route.LinkAFSpec{}, &route.BridgeAFSpec{})
	registerPlain("link-protinfo", &route.BridgePortData{}, &route.Inet6Link{})
	registerPlain("lwtunnel", &route.IPEncap{}, &route.IP6Encap{}, &route.MPLSEncap{})
}

// The plain twins of the three message types of the decode benchmarks.
var (
	PlainLink    = PlainType(reflect.TypeFor[route.Link]())
	PlainRoute   = PlainType(reflect.TypeFor[route.Route]())
	PlainAddress = PlainType(reflect.TypeFor[route.Address]())
)

// NewSlots returns n zero values of type t in one slice, and a pointer to
// each as an any, ready for nltag.Unmarshal without further allocation.
func NewSlots(t reflect.Type, n int) []any {
	s := reflect.MakeSlice(reflect.SliceOf(t), n, n)
	out := make([]any, n)
	for i := range out {
		out[i] = s.Index(i).Addr().Interface()
	}
	return out
}
