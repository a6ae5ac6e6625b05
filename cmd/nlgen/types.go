package main

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/nltag/go-netlink/internal/ynl"
)

// enumInfo is the Go type of an enum or flags definition. Its underlying
// integer is as wide as its widest use, so that every attribute can hold it;
// struct members narrower than that keep a plain integer.
type enumInfo struct {
	goType string
	width  int // bytes
	signed bool
}

// intType returns the Go integer type of a spec scalar type, its width in
// bytes and whether it is signed.
func intType(t string) (goT string, width int, signed bool, ok bool) {
	switch t {
	case "u8":
		return "uint8", 1, false, true
	case "u16":
		return "uint16", 2, false, true
	case "u32":
		return "uint32", 4, false, true
	case "u64", "uint":
		return "uint64", 8, false, true
	case "s8":
		return "int8", 1, true, true
	case "s16":
		return "int16", 2, true, true
	case "s32":
		return "int32", 4, true, true
	case "s64", "sint":
		return "int64", 8, true, true
	}
	return "", 0, false, false
}

func goInt(width int, signed bool) string {
	t := "uint"
	if signed {
		t = "int"
	}
	return t + strconv.Itoa(width*8)
}

func (g *generator) collectEnumUses() {
	use := func(enum, typ string) {
		d := g.f.Definition(enum)
		if d == nil || (d.Type != "enum" && d.Type != "flags") {
			return
		}
		_, w, s, ok := intType(typ)
		if !ok {
			return
		}
		e := g.enums[enum]
		if e == nil {
			e = &enumInfo{goType: g.defType[enum]}
			g.enums[enum] = e
		}
		e.width = max(e.width, w)
		e.signed = e.signed || s
	}
	for _, s := range g.f.AttributeSets {
		for _, a := range s.Attributes {
			if a.Enum != "" {
				use(a.Enum, a.Type)
			}
		}
	}
	for _, d := range g.f.Definitions {
		for _, m := range d.Members {
			if m.Enum != "" {
				use(m.Enum, m.Type)
			}
		}
	}
	for _, d := range g.f.Definitions {
		if (d.Type == "enum" || d.Type == "flags") && g.enums[d.Name] == nil {
			g.enums[d.Name] = &enumInfo{goType: g.defType[d.Name], width: 4}
		}
	}
}

// enumFor returns the Go type of an attribute's or member's enum, or nil.
// An enum used as flags holds masks of 1<<value, which the enum's names do
// not describe, so it stays a plain integer.
func (g *generator) enumFor(name string, asFlags bool) *enumInfo {
	if d := g.f.Definition(name); d == nil || asFlags && d.Type == "enum" {
		return nil
	}
	return g.enums[name]
}

func (g *generator) writeConsts(w *bytes.Buffer) error {
	first := true
	for _, d := range g.f.Definitions {
		if d.Type != "const" {
			continue
		}
		if first {
			fmt.Fprintln(w, "// Constants of the spec's definitions.")
			fmt.Fprintln(w, "const (")
			first = false
		}
		if d.Doc != "" {
			comment(w, "\t", sentence(d.Doc))
		}
		name := g.names.take(goName(d.Name), "Const")
		if _, err := strconv.ParseInt(string(d.Value), 0, 64); err == nil {
			fmt.Fprintf(w, "\t%s = %s\n", name, d.Value)
		} else {
			fmt.Fprintf(w, "\t%s = %q\n", name, string(d.Value))
		}
	}
	if !first {
		fmt.Fprintln(w, ")")
		fmt.Fprintln(w)
	}
	return nil
}

func (g *generator) writeEnums(w *bytes.Buffer) error {
	for _, d := range g.f.Definitions {
		if d.Type != "enum" && d.Type != "flags" {
			continue
		}
		g.use(pkgNetlink)
		e := g.enums[d.Name]
		t := e.goType
		what := "enum"
		if d.Type == "flags" {
			what = "flags"
		}
		comment(w, "", fmt.Sprintf("%s is the %s %q of the %s family. %s", t, what, d.Name, g.f.Name, sentence(d.Doc)))
		fmt.Fprintf(w, "type %s %s\n\n", t, goInt(e.width, e.signed))
		vals := d.Values(g.f)
		if len(vals) > 0 {
			fmt.Fprintf(w, "// Values of %s.\nconst (\n", t)
			consts := make([]string, len(vals))
			for i, v := range vals {
				consts[i] = g.names.take(t+goName(v.Name), "")
				if v.Doc != "" {
					comment(w, "\t", v.Doc)
				}
				fmt.Fprintf(w, "\t%s %s = %s\n", consts[i], t, literal(v.Value, d.Type == "flags"))
			}
			fmt.Fprintf(w, ")\n\n")
			table := lowerFirst(t) + "Names"
			ctor := "NewEnum"
			if d.Type == "flags" {
				ctor = "NewFlags"
			}
			fmt.Fprintf(w, "var %s = netlink.%s(map[%s]string{\n", table, ctor, t)
			seen := map[int64]bool{}
			for i, v := range vals {
				if seen[v.Value] {
					continue // an alias: the first name prints
				}
				seen[v.Value] = true
				fmt.Fprintf(w, "\t%s: %q,\n", consts[i], v.Name)
			}
			fmt.Fprintf(w, "})\n\n")
			if d.Type == "flags" {
				fmt.Fprintf(w, "// String returns the names of the flags set in v, joined by \"|\".\n")
				fmt.Fprintf(w, "func (v %s) String() string { return %s.Format(v) }\n\n", t, table)
			} else {
				fmt.Fprintf(w, "// String returns the spec's name for v, or v in decimal.\n")
				fmt.Fprintf(w, "func (v %s) String() string { return %s.Format(v) }\n\n", t, table)
			}
		}
	}
	return nil
}

func literal(v int64, hex bool) string {
	if hex && v >= 0 {
		return fmt.Sprintf("%#x", v)
	}
	return strconv.FormatInt(v, 10)
}

// writeStructs writes the struct definitions: fixed C structs, laid out by
// nltag with C's alignment, used as headers and binary payloads.
func (g *generator) writeStructs(w *bytes.Buffer) error {
	for _, d := range g.f.Definitions {
		if d.Type != "struct" {
			continue
		}
		t := g.defType[d.Name]
		comment(w, "", fmt.Sprintf("%s is the fixed struct %q of the %s family. %s", t, d.Name, g.f.Name, sentence(d.Doc)))
		fmt.Fprintf(w, "type %s struct {\n", t)
		g.types = append(g.types, t)
		fields := names{}
		for _, m := range d.Members {
			goT, tag, err := g.memberType(d, m)
			if err != nil {
				return err
			}
			name := "_"
			if m.Type != "pad" {
				name = fields.take(goName(m.Name), "")
			}
			doc := sentence(m.Doc)
			if e := g.enumFor(m.Enum, m.EnumAsFlags); e != nil && goT != e.goType {
				doc += fmt.Sprintf(" Holds %s values.", e.goType)
			}
			if doc != "" {
				comment(w, "\t", doc)
			}
			fmt.Fprintf(w, "\t%s %s%s\n", name, goT, tag)
		}
		fmt.Fprintf(w, "}\n\n")
	}
	return nil
}

func (g *generator) memberType(d *ynl.Definition, m *ynl.Member) (string, string, error) {
	where := fmt.Sprintf("%s: struct %s, member %s", g.f.Name, d.Name, m.Name)
	switch m.Type {
	case "pad", "binary", "string":
		if m.Struct != "" {
			t, ok := g.defType[m.Struct]
			if !ok {
				return "", "", fmt.Errorf("%s: unknown struct %q", where, m.Struct)
			}
			return t, "", nil
		}
		n, ok := m.Len.Int(g.f)
		if !ok {
			return "", "", fmt.Errorf("%s: %s member without a known len (%q)", where, m.Type, m.Len)
		}
		return fmt.Sprintf("[%d]byte", n), "", nil
	}
	goT, width, signed, ok := intType(m.Type)
	if !ok {
		return "", "", fmt.Errorf("%s: unknown member type %q", where, m.Type)
	}
	if e := g.enumFor(m.Enum, m.EnumAsFlags); e != nil && e.width == width && e.signed == signed {
		goT = e.goType
	}
	tag := ""
	if m.ByteOrder == "big-endian" && width > 1 {
		tag = fmt.Sprintf(" `nla:\",be%d\"`", width*8)
	}
	return goT, tag, nil
}

func (g *generator) writeBitfield(w *bytes.Buffer) error {
	if !g.bitfield {
		return nil
	}
	t := g.bitfieldType()
	fmt.Fprintf(w, "// %s is struct nla_bitfield32: a request changes the bits of Value\n", t)
	fmt.Fprintf(w, "// that Selector marks and leaves the others as they are.\n")
	fmt.Fprintf(w, "type %s struct {\n\tValue    uint32\n\tSelector uint32\n}\n", t)
	return nil
}

func (g *generator) bitfieldType() string {
	if !g.bitfield {
		g.bitfield = true
		g.defType["\x00bitfield32"] = g.names.take("Bitfield32", "")
	}
	return g.defType["\x00bitfield32"]
}
