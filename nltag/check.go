package nltag

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
)

// Check validates the type of v (a value or a pointer to one) and every type
// it reaches: tags, attribute names, kinds against Go types, sub-message
// tables that have no registered type, and selectors that name no field of
// the struct that holds them nor of one enclosing it in v. Types are
// otherwise checked at first use; Check lets a test catch a bad declaration
// before any message is sent. It also builds the codec of each type
// registered in the sub-message tables it reaches, which registration
// does not (the sets a type needs may be registered after it), and
// reports one that cannot be built or that the field cannot hold; the
// selectors inside those types are checked by a call of their own.
func Check(v any) error {
	t := reflect.TypeOf(v)
	if t == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	rf, err := typeField(t)
	if err != nil || rf.c.plan == nil {
		return err
	}
	return checkSelectors(rf.c.plan, nil)
}

// checkSelectors checks the sub-message fields of p and of the plans it
// reaches, scopes holding the plans enclosing p, outermost first.
func checkSelectors(p *plan, scopes []*plan) error {
	for _, s := range scopes {
		if s == p {
			return nil // a recursive type: checked on the way in
		}
	}
	scopes = append(scopes, p)
	for i := range p.attrs {
		f := &p.attrs[i]
		switch f.c.kind {
		case kSub:
			if m := f.c.table.sel.Load(); len(m.byStr)+len(m.byInt) == 0 {
				return &TypeError{Type: p.typ, Field: f.path, Msg: fmt.Sprintf("sub-message table %q has no registered type", f.c.tname)}
			}
			if msg := f.c.table.sel.Load().badEntry(f.c.typ); msg != "" {
				return &TypeError{Type: p.typ, Field: f.path, Msg: fmt.Sprintf("sub-message table %q: %s", f.c.tname, msg)}
			}
			if both := ambiguousIn(f.selName, scopes); both != "" {
				return &TypeError{Type: p.typ, Field: f.path, Msg: fmt.Sprintf("selector %s is ambiguous: %s both have that name", f.selName, both)}
			}
			if !selectorIn(f.selName, scopes) {
				return &TypeError{Type: p.typ, Field: f.path, Msg: fmt.Sprintf("selector %s is no string or integer field of %v or of a struct enclosing it", f.selName, p.typ)}
			}
		case kNested:
			if err := checkSelectors(f.c.plan, scopes); err != nil {
				return err
			}
		}
	}
	return nil
}

// selectorIn reports whether name selects in one of scopes, as the decoder
// looks it up: innermost first.
func selectorIn(name string, scopes []*plan) bool {
	for i := len(scopes) - 1; i >= 0; i-- {
		if scopes[i].byName[name] != nil {
			return true
		}
	}
	return false
}

// ambiguousIn returns the Go paths of the two fields that name names in
// the innermost of scopes that has it, when that name is ambiguous there.
func ambiguousIn(name string, scopes []*plan) string {
	for i := len(scopes) - 1; i >= 0; i-- {
		if scopes[i].byName[name] != nil {
			return ""
		}
		if both, ok := scopes[i].ambiguous[name]; ok {
			return both
		}
	}
	return ""
}

// badEntry says what is wrong with the first of m's types, in key order,
// that a field of interface type iface cannot hold or whose codec cannot
// be built: decoding a message that selects it would fail. Registration
// does not build codecs, since the sets they need may be registered after
// it (a failed build is kept); Check does.
func (m *subSel) badEntry(iface reflect.Type) string {
	bad := func(e *subEntry) string {
		key := fmt.Sprint(e.key)
		if s, ok := e.key.(string); ok {
			key = strconv.Quote(s)
		}
		if !e.t.AssignableTo(iface) {
			return fmt.Sprintf("%v for %s does not implement %v", e.t, key, iface)
		}
		t := e.t
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if _, err := typeField(t); err != nil {
			return fmt.Sprintf("%v for %s cannot be encoded or decoded: %v", e.t, key, err)
		}
		return ""
	}
	for _, k := range slices.Sorted(maps.Keys(m.byStr)) {
		if msg := bad(m.byStr[k]); msg != "" {
			return msg
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m.byInt)) {
		if msg := bad(m.byInt[k]); msg != "" {
			return msg
		}
	}
	return ""
}
