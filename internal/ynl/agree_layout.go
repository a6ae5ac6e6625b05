package ynl

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/nltag"
)

// goStruct is what a Checker sees of a Go struct: its attribute set, its
// header fields laid out as nltag lays them out, and its attribute fields.
type goStruct struct {
	set     *nltag.AttrSet
	header  layout
	attrs   []goField
	hasWire bool
}

// layout is a C struct: its scalar and byte-run fields with their offsets.
type layout struct {
	fields []cField
	size   int
	align  int
}

// cField is one field of a layout; bytes fields are runs of n bytes.
type cField struct {
	name  string
	off   int
	size  int
	be    bool
	bytes bool
}

func (l *layout) place(size, align int) int {
	l.align = max(l.align, align)
	l.size = (l.size + align - 1) / align * align
	off := l.size
	l.size += size
	return off
}

func (l *layout) finish() {
	if l.align > 0 {
		l.size = (l.size + l.align - 1) / l.align * l.align
	}
}

var setType = reflect.TypeFor[nltag.Set]()

// goFields reads struct t as nltag would. skip is a header type to leave
// out when it is t's first field.
func goFields(t reflect.Type, skip reflect.Type) (*goStruct, error) {
	g := &goStruct{}
	if err := g.walk(t, skip, false); err != nil {
		return nil, err
	}
	g.header.finish()
	return g, nil
}

func (g *goStruct) walk(t reflect.Type, skip reflect.Type, inAttrs bool) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Type == setType {
			name := sf.Tag.Get("nla")
			s, ok := nltag.LookupSet(name)
			if !ok {
				return fmt.Errorf("attribute set %q is not registered", name)
			}
			g.set = s
		}
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("nla")
		parts := strings.Split(tag, ",")
		switch {
		case sf.Type == setType || tag == "-":
		case sf.Type == reflect.TypeFor[nltag.Wire]() || sf.Type == reflect.TypeFor[*nltag.Wire]() || contains(parts[1:], "unknown"):
			g.hasWire = true
		case contains(parts[1:], "inline") || contains(parts[1:], "attrs"):
			st := sf.Type
			if st.Kind() == reflect.Pointer {
				st = st.Elem() // its fields are attributes all the same
			}
			if err := g.walk(st, nil, true); err != nil {
				return err
			}
		case parts[0] != "":
			f := goField{goName: sf.Name, name: parts[0], typ: sf.Type}
			for _, o := range parts[1:] {
				if isKind(o) {
					f.kindTag = o
				} else {
					f.opts = append(f.opts, o)
				}
			}
			if n, err := strconv.ParseUint(parts[0], 0, 16); err == nil {
				f.num = int(n)
			} else if g.set == nil {
				return fmt.Errorf("field %s names attribute %q without a set", sf.Name, parts[0])
			} else if n, ok := g.set.Attrs[parts[0]]; ok {
				f.num = int(n)
			} else {
				return fmt.Errorf("field %s: set %q has no %q", sf.Name, g.set.Name, parts[0])
			}
			g.attrs = append(g.attrs, f)
		case inAttrs:
			return fmt.Errorf("header field %s inside an inline struct", sf.Name)
		case i == 0 && skip != nil && sf.Type == skip:
		default:
			g.header.addGo(sf.Name, sf.Type, len(parts) > 1 && strings.HasPrefix(parts[1], "be"), sf.Name == "_")
		}
	}
	return nil
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func isKind(o string) bool {
	switch o {
	case "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "uint", "sint", "be16", "be32", "be64",
		"string", "bytes", "binary", "ether", "ipv4", "ipv6", "ip", "flag", "nested", "struct", "packed":
		return true
	}
	return false
}

// addGo lays out a Go header field as nltag does: scalars aligned to their
// size, byte arrays unaligned, structs aligned to their widest member.
func (l *layout) addGo(name string, t reflect.Type, be, blank bool) {
	switch t.Kind() {
	case reflect.Array:
		if e := t.Elem().Kind(); e == reflect.Uint8 || e == reflect.Int8 {
			off := l.place(t.Len(), 1)
			if !blank {
				l.fields = append(l.fields, cField{name: name, off: off, size: t.Len(), bytes: true})
			}
			return
		}
		for i := range t.Len() {
			l.addGo(fmt.Sprintf("%s[%d]", name, i), t.Elem(), be, blank)
		}
	case reflect.Struct:
		var in layout
		for i := range t.NumField() {
			sf := t.Field(i)
			if sf.Type == setType {
				continue
			}
			in.addGo(name+"."+sf.Name, sf.Type, strings.HasPrefix(sf.Tag.Get("nla"), ",be"), blank || sf.Name == "_")
		}
		in.finish()
		off := l.place(in.size, max(in.align, 1))
		for _, f := range in.fields {
			f.off += off
			l.fields = append(l.fields, f)
		}
	default:
		size := int(t.Size())
		off := l.place(size, size)
		if !blank {
			l.fields = append(l.fields, cField{name: name, off: off, size: size, be: be})
		}
	}
}

// layout returns the C layout of a struct definition.
func (f *Family) layout(name string) (layout, error) {
	d := f.Definition(name)
	if d == nil || d.Type != "struct" {
		return layout{}, fmt.Errorf("spec has no struct %q", name)
	}
	var l layout
	for _, m := range d.Members {
		switch {
		case m.Struct != "":
			in, err := f.layout(m.Struct)
			if err != nil {
				return l, err
			}
			off := l.place(in.size, max(in.align, 1))
			for _, x := range in.fields {
				x.off += off
				x.name = m.Name + "." + x.name
				l.fields = append(l.fields, x)
			}
		case m.Type == "pad" || m.Type == "binary" || m.Type == "string":
			n, ok := m.Len.Int(f)
			if !ok {
				return l, fmt.Errorf("struct %s: member %s has no known len", name, m.Name)
			}
			off := l.place(int(n), 1)
			if m.Type != "pad" {
				l.fields = append(l.fields, cField{name: m.Name, off: off, size: int(n), bytes: true})
			}
		default:
			_, w, _, ok := intKind(m.Type)
			if !ok {
				return l, fmt.Errorf("struct %s: member %s of type %q", name, m.Name, m.Type)
			}
			off := l.place(w, w)
			l.fields = append(l.fields, cField{name: m.Name, off: off, size: w, be: m.ByteOrder == "big-endian" && w > 1})
		}
	}
	l.finish()
	return l, nil
}

// checkLayout compares Go header fields with the spec's struct def: the
// size, and each integer of either side against what the other has at its
// offset.
func (c *Checker) checkLayout(path string, t reflect.Type, g layout, def string) {
	// A struct used in many places is compared once.
	key := [2]any{t, "struct " + def}
	if c.done == nil {
		c.done = map[[2]any]bool{}
	}
	if c.done[key] {
		return
	}
	c.done[key] = true
	s, err := c.F.layout(def)
	if err != nil {
		c.add(Disagree, path, "%v", err)
		return
	}
	if g.size != s.size {
		c.add(Disagree, path, "Go header is %d bytes, spec struct %s is %d", g.size, def, s.size)
	}
	at := func(l layout, off int) *cField {
		for i := range l.fields {
			if f := &l.fields[i]; f.off <= off && off < f.off+f.size {
				return f
			}
		}
		return nil
	}
	for _, sf := range s.fields {
		gf := at(g, sf.off)
		switch {
		case gf == nil:
			c.add(Note, path, "spec member %s (offset %d) is padding in Go", sf.name, sf.off)
		case sf.bytes || gf.bytes:
		case gf.off != sf.off || gf.size != sf.size:
			c.add(Disagree, path, "spec member %s is %d bytes at offset %d; Go field %s is %d bytes at offset %d",
				sf.name, sf.size, sf.off, gf.name, gf.size, gf.off)
		case gf.be != sf.be:
			c.add(Disagree, path, "spec member %s big-endian=%v, Go field %s big-endian=%v", sf.name, sf.be, gf.name, gf.be)
		}
	}
	for _, gf := range g.fields {
		if !gf.bytes && at(s, gf.off) == nil {
			c.add(Note, path, "Go field %s (offset %d) is padding in spec struct %s", gf.name, gf.off, def)
		}
	}
}

// sizeOf is the C size of a fixed struct type.
func sizeOf(t reflect.Type) int {
	var l layout
	l.addGo("", t, false, false)
	l.finish()
	return l.size
}
