package ynl

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/nltag"
)

// Agreement of hand-written structs with a spec: a Checker walks Go types
// the way nltag reads them (nla tags, attribute sets registered with
// nltag.RegisterSet, sub-message tables) beside the spec's attribute sets,
// and reports where numbers, kinds, byte order or nesting differ.

// Severity tells whether a Finding is a disagreement or a note.
type Severity uint8

// Severities of findings.
const (
	// Disagree: the Go type and the spec describe different bytes.
	Disagree Severity = iota + 1
	// Missing: the spec describes something the Go types do not (yet).
	Missing
	// Note: the Go type models the bytes differently, or more precisely,
	// than the spec, or the check cannot see inside it (hooks, raw bytes).
	Note
)

func (s Severity) String() string {
	return map[Severity]string{Disagree: "disagree", Missing: "missing", Note: "note"}[s]
}

// A Finding is one result of a check.
type Finding struct {
	Severity Severity
	Path     string // where: message, then set.attribute steps
	Msg      string
}

func (f Finding) String() string { return fmt.Sprintf("%s: %s: %s", f.Severity, f.Path, f.Msg) }

// Checker compares Go types with one family's spec.
type Checker struct {
	F *Family
	// SkipHeader is a header type that Go bodies start with and the spec
	// leaves out (genl.Header before a generic netlink fixed header).
	SkipHeader reflect.Type
	Findings   []Finding
	// Checked counts the attribute fields compared.
	Checked int

	done map[[2]any]bool
}

func (c *Checker) add(s Severity, path, format string, args ...any) {
	c.Findings = append(c.Findings, Finding{s, path, fmt.Sprintf(format, args...)})
}

// Lookup returns a new body (a pointer) of the message with the given
// message type or command, or nil when the Go side has none. reply is true
// for replies and notifications.
type Lookup func(reply bool, value int) any

// CheckOperations checks the body of every request and reply of the spec's
// operations, as lookup finds them.
func (c *Checker) CheckOperations(lookup Lookup) {
	for _, op := range c.F.Operations.List {
		set, hdr := op.AttributeSet, op.FixedHeader
		if hdr == "" {
			hdr = c.F.Operations.FixedHeader
		}
		if set == "" {
			continue // a notification sharing another operation's body
		}
		for _, side := range []struct {
			reply bool
			v     int
		}{{false, op.ReqValue}, {true, op.RspValue}} {
			if side.v == 0 {
				continue
			}
			what := "request"
			if side.reply {
				what = "reply"
			}
			path := fmt.Sprintf("%s %s (%d)", op.Name, what, side.v)
			body := lookup(side.reply, side.v)
			if body == nil {
				c.add(Missing, path, "no Go body type registered")
				continue
			}
			c.CheckStruct(path, reflect.TypeOf(body), hdr, set)
		}
	}
}

// CheckStruct checks struct type t (or a pointer to one) against the fixed
// header hdr (may be empty) followed by the attributes of set.
func (c *Checker) CheckStruct(path string, t reflect.Type, hdr, set string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	key := [2]any{t, hdr + "/" + set}
	if c.done == nil {
		c.done = map[[2]any]bool{}
	}
	if c.done[key] {
		return
	}
	c.done[key] = true
	g, err := goFields(t, c.SkipHeader)
	if err != nil {
		c.add(Disagree, path, "%v: %v", t, err)
		return
	}
	if hdr != "" {
		c.checkLayout(path+" header", t, g.header, hdr)
	} else if len(g.header.fields) > 0 {
		c.add(Disagree, path, "%v has header fields; the spec has no fixed header", t)
	}
	if set == "" {
		if len(g.attrs) > 0 {
			c.add(Disagree, path, "%v has attributes; the spec has only a fixed header", t)
		}
		return
	}
	s := c.F.AttrSet(set)
	if s == nil {
		c.add(Disagree, path, "spec has no attribute set %q", set)
		return
	}
	if g.set != nil && c.F.Genetlink() && !g.set.NestedFlag {
		c.add(Disagree, path, "attribute set %q is registered without NestedFlag; generic netlink nests carry NLA_F_NESTED", g.set.Name)
	}
	have := map[int]bool{}
	for _, f := range g.attrs {
		have[f.num] = true
		a := s.AttrByValue(f.num)
		p := fmt.Sprintf("%s > %s.%s", path, set, f.goName)
		if a == nil || a.Type == "unused" {
			c.add(Note, p, "attribute %d (%s) is not in the spec's set %q", f.num, f.name, set)
			continue
		}
		c.checkAttr(fmt.Sprintf("%s > %s.%s", path, set, a.Name), f, a)
	}
	var missing []string
	for _, a := range s.Attributes {
		if !have[a.Value] && a.Type != "pad" && a.Type != "unused" {
			missing = append(missing, a.Name)
		}
	}
	if len(missing) > 0 && g.set != nil {
		c.add(Missing, path+" > "+set, "%v declares no field for %s", t, strings.Join(missing, ", "))
	}
}

// checkAttr compares one attribute field with its spec attribute.
func (c *Checker) checkAttr(path string, f goField, a *Attr) {
	c.Checked++
	if a.Type == "pad" {
		c.add(Disagree, path, "Go field %s; the spec says pad", f.goName)
		return
	}
	multi := f.has("multi")
	if a.MultiAttr != multi {
		c.add(Disagree, path, "spec multi-attr=%v, Go field %s multi=%v", a.MultiAttr, f.goName, multi)
	}
	elem := f.typ
	if multi || f.indexed() {
		if elem.Kind() == reflect.Slice {
			elem = elem.Elem()
		}
	}
	for elem.Kind() == reflect.Pointer {
		elem = elem.Elem()
	}
	k := f.kind(elem)
	switch a.Type {
	case "indexed-array", "array-nest":
		if !f.indexed() {
			c.add(Disagree, path, "spec %s, Go field %s is not indexed", a.Type, f.goName)
			return
		}
		switch sub := a.SubType; {
		case sub == "nest" || sub == "" && a.NestedAttributes != "":
			c.checkNest(path, f, elem, k, a.NestedAttributes)
		case sub == "binary" && a.Struct != "":
			c.checkFixed(path, f, elem, k, a.Struct)
		case sub == "binary":
			c.checkBinary(path, elem, k, a)
		default:
			c.checkScalar(path, f, k, &Attr{Type: sub, ByteOrder: a.ByteOrder})
		}
		return
	}
	if f.indexed() {
		c.add(Disagree, path, "Go field %s is indexed; the spec says %s", f.goName, a.Type)
		return
	}
	switch a.Type {
	case "flag":
		if k != "flag" {
			c.add(Disagree, path, "spec flag, Go kind %s", k)
		}
	case "string":
		if k != "string" {
			c.add(Disagree, path, "spec string, Go kind %s", k)
		}
	case "binary":
		if a.Struct != "" {
			c.checkFixed(path, f, elem, k, a.Struct)
		} else {
			c.checkBinary(path, elem, k, a)
		}
	case "bitfield32":
		if k == "struct" && sizeOf(elem) != 8 || k != "struct" && k != "bytes" && k != "hook" {
			c.add(Disagree, path, "spec bitfield32 (8 bytes), Go %v kind %s", elem, k)
		}
	case "nest":
		c.checkNest(path, f, elem, k, a.NestedAttributes)
	case "nest-type-value":
		c.add(Note, path, "nest-type-value: Go kind %s, not checked (nltag cannot express it)", k)
	case "sub-message":
		c.checkSubMessage(path, f, a)
	default:
		c.checkScalar(path, f, k, a)
	}
}

// checkBinary compares a binary attribute without struct with Go kind k.
func (c *Checker) checkBinary(path string, elem reflect.Type, k string, a *Attr) {
	switch k {
	case "bytes":
	case "hook":
		c.add(Note, path, "Go type %v has its own codec; not checked", elem)
	case "struct", "nested", "submsg", "flag":
		c.add(Note, path, "Go reads kind %s (%v) where the spec says opaque binary", k, elem)
	case "packed":
		// A packed slice holds the spec's array of fixed-width integers.
		_, width, signed, ok := intKind(a.SubType)
		if !ok || a.SubType == "uint" || a.SubType == "sint" || elem.Kind() != reflect.Slice ||
			int(elem.Elem().Size()) != width || signed != (elem.Elem().Kind() >= reflect.Int && elem.Elem().Kind() <= reflect.Int64) {
			c.add(Disagree, path, "spec binary of sub-type %q, Go packed %v", a.SubType, elem)
		}
	case "ether":
		if a.DisplayHint != "" && a.DisplayHint != "mac" {
			c.add(Disagree, path, "spec display-hint %s, Go kind ether", a.DisplayHint)
		}
	case "ipv4", "ipv6", "ip":
		want := map[string]string{"ipv4": "ipv4", "ipv6": "ipv6", "ipv4-or-v6": "ip"}[a.DisplayHint]
		switch {
		case want == "":
			c.add(Note, path, "Go reads an address (kind %s) where the spec gives no display hint", k)
		case want != k && k != "ip":
			c.add(Disagree, path, "spec display-hint %s, Go kind %s", a.DisplayHint, k)
		}
	default:
		c.add(Disagree, path, "spec binary, Go kind %s", k)
	}
}

func (c *Checker) checkScalar(path string, f goField, k string, a *Attr) {
	_, width, signed, ok := intKind(a.Type)
	if !ok {
		c.add(Disagree, path, "spec %s, Go kind %s", a.Type, k)
		return
	}
	want := a.Type
	if a.ByteOrder == "big-endian" && width > 1 && a.Type != "uint" && a.Type != "sint" {
		want = "be" + strconv.Itoa(width*8)
	}
	switch {
	case k == want:
	case k == "hook":
		c.add(Note, path, "Go field %s has its own codec; not checked", f.goName)
	case (k == "ipv4" || k == "ip") && width == 4 && (a.ByteOrder == "big-endian" || a.DisplayHint == "ipv4"):
		// An IPv4 address as a u32 in network order; some specs leave out
		// the byte order beside the display hint.
	case a.Type == "uint" || a.Type == "sint":
		c.add(Disagree, path, "spec %s (4 or 8 bytes), Go kind %s", a.Type, k)
	default:
		_, gw, gs, gok := intKind(k)
		switch {
		case gok && gw == width && gs != signed && want == a.Type:
			c.add(Disagree, path, "spec %s, Go kind %s (same width, other signedness)", want, k)
		case strings.HasPrefix(want, "be") != strings.HasPrefix(k, "be") && gok && gw == width:
			c.add(Disagree, path, "spec %s, Go kind %s (byte order)", want, k)
		default:
			c.add(Disagree, path, "spec %s, Go kind %s", want, k)
		}
	}
}

func (c *Checker) checkNest(path string, f goField, elem reflect.Type, k, set string) {
	switch k {
	case "nested":
		c.CheckStruct(path, elem, "", set)
	case "bytes", "hook":
		c.add(Note, path, "Go keeps the nest of %q as %v; not checked", set, elem)
	case "submsg":
		c.add(Note, path, "Go selects a sub-message where the spec has a nest of %q; not checked", set)
	default:
		c.add(Disagree, path, "spec nest of %q, Go kind %s", set, k)
	}
}

func (c *Checker) checkFixed(path string, f goField, elem reflect.Type, k, def string) {
	switch k {
	case "struct":
		g, err := goFields(elem, nil)
		if err != nil {
			c.add(Disagree, path, "%v: %v", elem, err)
			return
		}
		c.checkLayout(path, elem, g.header, def)
	case "bytes", "hook":
		c.add(Note, path, "Go keeps struct %s as %v; not checked", def, elem)
	default:
		c.add(Disagree, path, "spec struct %s, Go kind %s", def, k)
	}
}

// checkSubMessage finds, for each format of the spec's sub-message, the Go
// type registered under the same selector value in the field's table, and
// checks it against the format.
func (c *Checker) checkSubMessage(path string, f goField, a *Attr) {
	table := f.opt("submsg")
	if k := f.kind(f.typ); k == "bytes" || k == "hook" {
		c.add(Note, path, "Go keeps sub-message %s as %v; not checked", a.SubMessage, f.typ)
		return
	}
	if table == "" {
		c.add(Disagree, path, "spec sub-message %s, Go field %s is not one", a.SubMessage, f.goName)
		return
	}
	m := c.F.SubMessage(a.SubMessage)
	if m == nil {
		c.add(Disagree, path, "spec has no sub-message %q", a.SubMessage)
		return
	}
	for _, fm := range m.Formats {
		p := fmt.Sprintf("%s(%s)", path, fm.Value)
		size := 0
		if fm.FixedHeader != "" {
			l, err := c.F.layout(fm.FixedHeader)
			if err != nil {
				c.add(Disagree, p, "%v", err)
				continue
			}
			size = l.size
		}
		t, err := probeSubMessage(table, fm.Value, size)
		if err != nil {
			c.add(Disagree, p, "probing table %q: %v", table, err)
			continue
		}
		if t == nil {
			if fm.FixedHeader != "" || fm.AttributeSet != "" {
				c.add(Missing, p, "table %q has no type for %q", table, fm.Value)
			}
			continue
		}
		c.CheckStruct(p, t, fm.FixedHeader, fm.AttributeSet)
	}
}

// probeSubMessage returns the type that table registers for the selector
// value key, by decoding a payload of size zero bytes selected by key. It
// returns nil when the value selects no type (nltag.Raw).
func probeSubMessage(table, key string, size int) (reflect.Type, error) {
	selType, selKind := reflect.TypeFor[string](), "string"
	payload := append([]byte(key), 0)
	if n, err := strconv.ParseInt(key, 0, 64); err == nil {
		selType, selKind = reflect.TypeFor[int64](), "s64"
		payload = binary.NativeEndian.AppendUint64(nil, uint64(n))
	}
	probe := reflect.StructOf([]reflect.StructField{
		{Name: "Sel", Type: selType, Tag: reflect.StructTag(`nla:"1,` + selKind + `"`)},
		{Name: "Data", Type: reflect.TypeFor[any](), Tag: reflect.StructTag(`nla:"2,submsg=` + table + `,selector=Sel"`)},
	})
	b := nltag.AppendAttr(nil, 1, payload)
	b = nltag.AppendAttr(b, 2, make([]byte, size))
	v := reflect.New(probe)
	if err := nltag.Unmarshal(b, v.Interface()); err != nil {
		return nil, err
	}
	d := v.Elem().Field(1).Elem()
	if !d.IsValid() || d.Type() == reflect.TypeFor[nltag.Raw]() {
		return nil, nil
	}
	return d.Type(), nil
}

// goField is one attribute field of a Go struct, as nltag sees it.
type goField struct {
	goName, name string
	num          int
	typ          reflect.Type
	kindTag      string
	opts         []string
}

func (f goField) has(o string) bool {
	for _, x := range f.opts {
		if x == o {
			return true
		}
	}
	return false
}

func (f goField) opt(key string) string {
	for _, x := range f.opts {
		if k, v, ok := strings.Cut(x, "="); ok && k == key {
			return v
		}
	}
	return ""
}

func (f goField) indexed() bool { return f.has("indexed") || f.has("indexed0") }

var (
	addrType = reflect.TypeFor[netip.Addr]()
	hwType   = reflect.TypeFor[net.HardwareAddr]()
	mType    = reflect.TypeFor[nltag.Marshaler]()
	uType    = reflect.TypeFor[nltag.Unmarshaler]()
)

// kind returns the wire kind of a value of type t in this field: the tag's,
// or the default nltag gives t. Structs are "nested" when they hold
// attributes and "struct" when they are fixed C structs.
func (f goField) kind(t reflect.Type) string {
	if f.opt("submsg") != "" {
		return "submsg"
	}
	k := f.kindTag
	if k == "binary" {
		k = "bytes"
	}
	if k == "" || k == "nested" || k == "struct" {
		k = defaultKind(t)
	}
	return k
}

func defaultKind(t reflect.Type) string {
	if p := reflect.PointerTo(t); p.Implements(mType) && p.Implements(uType) {
		return "hook"
	}
	switch t {
	case addrType:
		return "ip"
	case hwType:
		return "ether"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "flag"
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "u" + strconv.Itoa(int(t.Size())*8)
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "s" + strconv.Itoa(int(t.Size())*8)
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "bytes"
		}
	case reflect.Struct:
		g, err := goFields(t, nil)
		if err == nil && len(g.attrs) == 0 && g.set == nil && !g.hasWire {
			return "struct"
		}
		return "nested"
	}
	return "?" + t.String()
}

// intKind describes integer kinds, spec or nltag.
func intKind(k string) (string, int, bool, bool) {
	switch k {
	case "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64":
		w, _ := strconv.Atoi(k[1:])
		return k, w / 8, k[0] == 's', true
	case "be16", "be32", "be64":
		w, _ := strconv.Atoi(k[2:])
		return k, w / 8, false, true
	case "uint":
		return k, 8, false, true
	case "sint":
		return k, 8, true, true
	}
	return "", 0, false, false
}
