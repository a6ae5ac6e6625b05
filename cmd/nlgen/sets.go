package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/nltag/go-netlink/internal/ynl"
)

// setName is the name an attribute set is registered under with nltag. Set
// names are global to a program, so they carry the family's name.
func (g *generator) setName(s *ynl.AttrSet) string { return g.f.Name + "/" + s.Name }

// subTable is the name of a sub-message's nltag table.
func (g *generator) subTable(m string) string { return g.f.Name + "/" + m }

// prefix returns the C prefix of a set's attribute names: its name-prefix,
// or the kernel's default FAMILY-a-SET-.
func (g *generator) prefix(s *ynl.AttrSet) string {
	if s.NamePrefix != "" {
		return s.NamePrefix
	}
	return g.f.Name + "-a-" + s.Name + "-"
}

// field is one attribute field of a generated struct.
type field struct {
	name, goType, tag, doc string
}

func (g *generator) writeSets(w *bytes.Buffer) error {
	for _, s := range g.f.AttributeSets {
		t := g.setType[s.Name]
		g.use(pkgNltag)
		doc := fmt.Sprintf("%s holds the attributes of the %q set (%s*).", t, s.Name, cName(g.prefix(s), ""))
		if s.SubsetOf != "" {
			doc += fmt.Sprintf(" It is the part of %q used in this place.", s.SubsetOf)
		}
		comment(w, "", doc+" "+sentence(s.Doc))
		fmt.Fprintf(w, "type %s struct {\n", t)
		g.types = append(g.types, t)
		fmt.Fprintf(w, "\t_ nltag.Set `nla:%q`\n\n", g.setName(s))
		used := names{"Wire": true}
		for _, a := range s.Attributes {
			f, ok, err := g.attrField(s, a)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			f.name = used.take(f.name, "Attr")
			if f.doc != "" {
				comment(w, "\t", f.doc)
			}
			fmt.Fprintf(w, "\t%s %s `nla:%q`\n", f.name, f.goType, f.tag)
		}
		fmt.Fprintf(w, "\n\t// Wire keeps unknown attributes and the order of arrival, so that a\n")
		fmt.Fprintf(w, "\t// decoded value encodes back to the same bytes.\n\tWire nltag.Wire\n}\n\n")

		fmt.Fprintf(w, "var _ = nltag.RegisterSet(&nltag.AttrSet{Name: %q, NestedFlag: %v, Attrs: map[string]uint16{\n", g.setName(s), g.f.Genetlink())
		for _, a := range s.Attributes {
			if a.Type == "unused" {
				continue
			}
			fmt.Fprintf(w, "\t%q: %d,\n", cName(g.prefix(s), a.Name), a.Value)
		}
		fmt.Fprintf(w, "}})\n\n")
	}
	return nil
}

// attrField maps one attribute to a Go field. ok is false for attributes
// that carry nothing (pad, unused).
func (g *generator) attrField(s *ynl.AttrSet, a *ynl.Attr) (f field, ok bool, err error) {
	where := fmt.Sprintf("%s: set %s, attribute %s", g.f.Name, s.Name, a.Name)
	name := cName(g.prefix(s), a.Name)
	f = field{name: goName(a.Name), doc: sentence(a.Doc)}
	opts := []string{}
	kind := ""
	lack := func(what string) {
		g.gaps = append(g.gaps, gap{where, what})
		f.goType, kind = "[]byte", "binary"
		if f.doc != "" {
			f.doc += "\n\n"
		}
		f.doc += "Left as bytes: " + what + "."
	}
	switch a.Type {
	case "unused", "pad":
		return f, false, nil
	case "flag":
		f.goType, kind = "bool", "flag"
	case "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "uint", "sint":
		var width int
		f.goType, width, _, _ = intType(a.Type)
		kind = a.Type
		if a.ByteOrder == "big-endian" && width > 1 {
			kind = fmt.Sprintf("be%d", width*8)
		}
		if e := g.enumFor(a.Enum, a.EnumAsFlags); e != nil {
			f.goType = e.goType
		}
		switch a.DisplayHint {
		case "ipv4":
			if width == 4 {
				f.goType, kind = g.addr(), "ipv4"
			}
		case "ipv6", "ipv4-or-v6", "mac":
			lack(fmt.Sprintf("display-hint %s on a %s", a.DisplayHint, a.Type))
		}
		if (a.Type == "uint" || a.Type == "sint") && a.ByteOrder == "big-endian" {
			lack("big-endian " + a.Type)
		}
	case "string":
		f.goType, kind = "string", "string"
	case "binary":
		f.goType, kind = "[]byte", "binary"
		switch {
		case a.Struct != "":
			t, ok := g.defType[a.Struct]
			if !ok {
				return f, false, fmt.Errorf("%s: unknown struct %q", where, a.Struct)
			}
			f.goType, kind = t, ""
		case a.SubType == "u8" || a.SubType == "s8":
			// A packed array of bytes is just bytes.
		case a.SubType != "":
			// A packed array of fixed-width integers in host order: nltag's
			// packed kind. The variable-width uint and sint have no array form.
			goT, _, _, isInt := intType(a.SubType)
			if !isInt || a.SubType == "uint" || a.SubType == "sint" || a.ByteOrder == "big-endian" {
				lack(fmt.Sprintf("binary with sub-type %s (byte order %q), which nltag's packed kind does not hold", a.SubType, a.ByteOrder))
				break
			}
			f.goType, kind = "[]"+goT, "packed"
		case a.DisplayHint == "ipv4":
			f.goType, kind = g.addr(), "ipv4"
		case a.DisplayHint == "ipv6":
			f.goType, kind = g.addr(), "ipv6"
		case a.DisplayHint == "ipv4-or-v6":
			f.goType, kind = g.addr(), "ip"
		case a.DisplayHint == "mac":
			g.use("net")
			f.goType, kind = "net.HardwareAddr", "ether"
		}
	case "bitfield32":
		f.goType = g.bitfieldType()
	case "nest":
		t, ok := g.setType[a.NestedAttributes]
		if !ok {
			return f, false, fmt.Errorf("%s: nest of unknown set %q", where, a.NestedAttributes)
		}
		f.goType = t
	case "indexed-array", "array-nest":
		opts = append(opts, "indexed")
		switch sub := a.SubType; {
		case sub == "nest" || sub == "" && a.NestedAttributes != "":
			t, ok := g.setType[a.NestedAttributes]
			if !ok {
				return f, false, fmt.Errorf("%s: array of unknown set %q", where, a.NestedAttributes)
			}
			f.goType = "[]" + t
		case sub == "binary" && a.Struct != "":
			t, ok := g.defType[a.Struct]
			if !ok {
				return f, false, fmt.Errorf("%s: unknown struct %q", where, a.Struct)
			}
			f.goType = "[]" + t
		case sub == "binary":
			f.goType, kind = "[][]byte", "binary"
		default:
			goT, _, _, isInt := intType(sub)
			if !isInt {
				return f, false, fmt.Errorf("%s: array of unknown sub-type %q", where, sub)
			}
			if e := g.enumFor(a.Enum, a.EnumAsFlags); e != nil {
				goT = e.goType
			}
			f.goType, kind = "[]"+goT, sub
		}
	case "nest-type-value":
		opts = nil
		lack(fmt.Sprintf("nest-type-value (type-value %v) keys nested attributes by value, which nltag cannot map", a.TypeValue))
	case "sub-message":
		sel, err := g.selectorField(s, a)
		if err != nil {
			return f, false, fmt.Errorf("%s: %w", where, err)
		}
		f.goType = "any"
		opts = append(opts, "submsg="+g.subTable(a.SubMessage), "selector="+sel)
	default:
		return f, false, fmt.Errorf("%s: unknown type %q", where, a.Type)
	}
	ptr := a.Type == "nest" || a.Type == "bitfield32" || a.Type == "binary" && a.Struct != ""
	if a.MultiAttr {
		switch {
		case a.Type == "flag" || a.Type == "indexed-array" || a.Type == "array-nest":
			return f, false, fmt.Errorf("%s: multi-attr %s", where, a.Type)
		default:
			f.goType = "[]" + f.goType
			opts = append(opts, "multi")
			ptr = false
		}
	}
	parts := []string{name}
	if kind != "" {
		parts = append(parts, kind)
	}
	// Optional values: nests and structs are pointers; scalars and strings
	// are left out when zero (a decoded message still re-encodes a zero it
	// received, through Wire); flags, slices and addresses have their own
	// absent value.
	switch {
	case ptr:
		f.goType = "*" + f.goType
	case f.goType == "bool", f.goType == "any", strings.HasPrefix(f.goType, "[]"),
		f.goType == "netip.Addr", f.goType == "net.HardwareAddr":
	default:
		opts = append(opts, "omitempty")
	}
	f.tag = strings.Join(append(parts, opts...), ",")
	return f, true, nil
}

func (g *generator) addr() string {
	g.use("net/netip")
	return "netip.Addr"
}

// selectorField names the attribute a sub-message's selector refers to, in
// the same set or an enclosing one, by its C name, which nltag looks up in
// the struct holding the field and then in those enclosing it.
func (g *generator) selectorField(s *ynl.AttrSet, a *ynl.Attr) (string, error) {
	if a.SubMessage == "" || a.Selector == "" {
		return "", fmt.Errorf("sub-message needs sub-message and selector")
	}
	if g.f.SubMessage(a.SubMessage) == nil {
		return "", fmt.Errorf("unknown sub-message %q", a.SubMessage)
	}
	if sel := s.Attr(a.Selector); sel != nil {
		return cName(g.prefix(s), sel.Name), nil
	}
	// In an enclosing set the selector is named by its Go field, which
	// nltag looks up innermost first: sets that nest s in several places
	// (tc's stats, in a message and in each action) each name their own
	// attribute, and only the field name is common to them.
	field := ""
	for _, outer := range g.f.AttributeSets {
		for _, o := range outer.Attributes {
			if o.NestedAttributes != s.Name {
				continue
			}
			sel := outer.Attr(a.Selector)
			if sel == nil {
				return "", fmt.Errorf("selector %q is not in %q, which encloses %q", a.Selector, outer.Name, s.Name)
			}
			field = goName(sel.Name)
		}
	}
	if field == "" {
		return "", fmt.Errorf("selector %q is in no set enclosing %q", a.Selector, s.Name)
	}
	g.scoped = append(g.scoped, g.setType[s.Name])
	return field, nil
}
