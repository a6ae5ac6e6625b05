package main

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/nltag/go-netlink/internal/ynl"
)

// writeSubMessages writes a type for each format that has both a fixed
// header and attributes, and registers every format with nltag.
func (g *generator) writeSubMessages(w *bytes.Buffer) error {
	if len(g.f.SubMessages) == 0 {
		return nil
	}
	type reg struct{ table, key, sample string }
	var regs []reg
	var empty []string
	for _, m := range g.f.SubMessages {
		intKey, err := g.selectorIsInt(m.Name)
		if err != nil {
			return err
		}
		for _, fm := range m.Formats {
			key := strconv.Quote(fm.Value)
			if intKey {
				if _, err := strconv.ParseInt(fm.Value, 0, 64); err != nil {
					return fmt.Errorf("%s: sub-message %s: value %q for an integer selector", g.f.Name, m.Name, fm.Value)
				}
				key = fm.Value
			}
			var sample string
			switch {
			case fm.FixedHeader != "" && fm.AttributeSet != "":
				t := g.names.take(goName(m.Name)+goName(fm.Value), "")
				h, s := g.defType[fm.FixedHeader], g.setType[fm.AttributeSet]
				if h == "" || s == "" {
					return fmt.Errorf("%s: sub-message %s, %s: unknown header or set", g.f.Name, m.Name, fm.Value)
				}
				comment(w, "", fmt.Sprintf("%s is the %q format of %q: struct %s, then the attributes of %q.", t, fm.Value, m.Name, fm.FixedHeader, fm.AttributeSet))
				fmt.Fprintf(w, "type %s struct {\n\t%s\n\tAttrs %s `nla:\",attrs\"`\n}\n\n", t, h, s)
				sample = t
				g.types = append(g.types, t)
			case fm.AttributeSet != "":
				sample = g.setType[fm.AttributeSet]
			case fm.FixedHeader != "":
				sample = g.defType[fm.FixedHeader]
			default:
				empty = append(empty, fm.Value)
				continue
			}
			if sample == "" {
				return fmt.Errorf("%s: sub-message %s, %s: unknown header or set", g.f.Name, m.Name, fm.Value)
			}
			regs = append(regs, reg{g.subTable(m.Name), key, sample})
		}
	}
	doc := "The formats of the sub-messages, by selector value."
	if len(empty) > 0 {
		doc += fmt.Sprintf(" Formats without payload (%s) are not registered: they decode as nltag.Raw.", joinWrapped(empty))
	}
	comment(w, "", doc)
	fmt.Fprintln(w, "func init() {")
	for _, r := range regs {
		fmt.Fprintf(w, "\tnltag.RegisterSubMessageOf[%s](%q, %s)\n", r.sample, r.table, r.key)
	}
	fmt.Fprintf(w, "}\n\n")
	return nil
}

func joinWrapped(vs []string) string {
	s := ""
	for i, v := range vs {
		if i > 0 {
			s += ", "
		}
		s += v
	}
	return s
}

// selectorIsInt tells whether the attributes selecting sub-message m are
// integers, so that its formats are keyed by number.
func (g *generator) selectorIsInt(m string) (bool, error) {
	for _, s := range g.f.AttributeSets {
		for _, a := range s.Attributes {
			if a.Type != "sub-message" || a.SubMessage != m {
				continue
			}
			sel := s.Attr(a.Selector)
			for _, outer := range g.f.AttributeSets {
				if sel != nil {
					break
				}
				sel = outer.Attr(a.Selector)
			}
			if sel == nil {
				return false, fmt.Errorf("%s: sub-message %s: selector %q not found", g.f.Name, m, a.Selector)
			}
			_, _, _, isInt := intType(sel.Type)
			return isInt, nil
		}
	}
	return false, nil
}

// body is the Go type of the messages of one or more operations: the fixed
// header (and, for generic netlink, the genl header) then an attribute set.
type body struct {
	header, set, goType string
	ops                 []*ynl.Operation
}

// bodies groups the operations by header and attribute set; notifications
// without their own set take the set of the operation they notify about.
func (g *generator) bodies() []*body {
	var out []*body
	find := func(h, s string) *body {
		for _, b := range out {
			if b.header == h && b.set == s {
				return b
			}
		}
		b := &body{header: h, set: s}
		out = append(out, b)
		return b
	}
	for _, op := range g.f.Operations.List {
		h, s := op.FixedHeader, op.AttributeSet
		if h == "" {
			h = g.f.Operations.FixedHeader
		}
		if s == "" && op.Notify != "" {
			for _, o := range g.f.Operations.List {
				if o.Name == op.Notify {
					s = o.AttributeSet
				}
			}
		}
		if s == "" {
			continue
		}
		b := find(h, s)
		b.ops = append(b.ops, op)
	}
	for _, b := range out {
		name := "Message"
		if len(out) > 1 {
			set := b.set
			if len(set) > 6 && set[len(set)-6:] == "-attrs" {
				set = set[:len(set)-6]
			}
			name = goName(set) + "Message"
		}
		b.goType = g.names.take(name, "")
	}
	return out
}

func (g *generator) opPrefix() string {
	if p := g.f.Operations.NamePrefix; p != "" {
		return p
	}
	return g.f.Name + "-cmd-"
}

func (g *generator) writeOperations(w *bytes.Buffer) error {
	if len(g.f.Operations.List) == 0 {
		return nil
	}
	bodies := g.bodies()
	genl := g.f.Genetlink()
	hdr := ""
	if genl {
		hdr = g.writeCommands(w)
	}
	for _, b := range bodies {
		set := g.setType[b.set]
		if set == "" {
			return fmt.Errorf("%s: operations use unknown set %q", g.f.Name, b.set)
		}
		var opNames []string
		for _, op := range b.ops {
			opNames = append(opNames, op.Name)
		}
		doc := fmt.Sprintf("%s is the body of the %s messages (%s):", b.goType, g.f.Name, joinWrapped(opNames))
		if genl {
			doc += " the genetlink header,"
		}
		if b.header != "" {
			doc += fmt.Sprintf(" struct %s,", b.header)
		}
		doc += fmt.Sprintf(" then the attributes of %q.", b.set)
		comment(w, "", doc)
		fmt.Fprintf(w, "type %s struct {\n", b.goType)
		if genl {
			fmt.Fprintf(w, "\t%s\n", hdr)
		}
		if b.header != "" {
			h := g.defType[b.header]
			if h == "" {
				return fmt.Errorf("%s: unknown fixed header %q", g.f.Name, b.header)
			}
			fmt.Fprintf(w, "\t%s\n", h)
		}
		fmt.Fprintf(w, "\tAttrs %s `nla:\",attrs\"`\n}\n\n", set)
		g.types = append(g.types, b.goType)
	}
	if genl {
		return g.writeNewBody(w, bodies)
	}
	return g.writeTable(w, bodies)
}

// msgValue is one message type or command with its names.
type msgValue struct {
	goName, cName string
	value         int
	body          string
}

// values lists the message types (or commands) of the operations: request
// values under the operations' names, then reply and notification values
// not yet named under the operation's name, with a Reply suffix when the
// operation has requests too. Generic netlink families of the directional
// model number replies apart, so they ask for one side at a time.
func (g *generator) values(bodies []*body, side string) []msgValue {
	bodyOf := map[*ynl.Operation]string{}
	for _, b := range bodies {
		for _, op := range b.ops {
			bodyOf[op] = b.goType
		}
	}
	var out []msgValue
	seen := map[int]bool{}
	add := func(op *ynl.Operation, v int, suffix string) {
		if v == 0 || seen[v] {
			return
		}
		seen[v] = true
		name := goName(op.Name)
		if suffix != "" {
			name += goName(suffix)
		}
		out = append(out, msgValue{name, cName(g.opPrefix(), op.Name+suffix), v, bodyOf[op]})
	}
	if side != "reply" {
		for _, op := range g.f.Operations.List {
			add(op, op.ReqValue, "")
		}
	}
	if side != "request" {
		for _, op := range g.f.Operations.List {
			suffix := ""
			if op.ReqValue != 0 {
				suffix = "-reply"
			}
			add(op, op.RspValue, suffix)
		}
	}
	return out
}

// writeTable writes the message types of a netlink-raw family and a
// netlink.Table that decodes them.
func (g *generator) writeTable(w *bytes.Buffer, bodies []*body) error {
	g.use(pkgNetlink)
	vals := g.values(bodies, "all")
	fmt.Fprintf(w, "// Message types of the %s family.\nconst (\n", g.f.Name)
	for i := range vals {
		vals[i].goName = g.names.take("Msg"+vals[i].goName, "")
		fmt.Fprintf(w, "\t%s netlink.MsgType = %d // %s\n", vals[i].goName, vals[i].value, vals[i].cName)
	}
	fmt.Fprintf(w, ")\n\n")
	table := g.names.take("Messages", "")
	fmt.Fprintf(w, "// %s maps the family's message types to their names and bodies, so\n", table)
	fmt.Fprintf(w, "// that a dump decodes with %s.DecodeAll.\n", table)
	fmt.Fprintf(w, "var %s = netlink.NewTable(%q)\n\nfunc init() {\n", table, g.f.Name)
	for _, v := range vals {
		sample := "nil"
		if v.body != "" {
			sample = v.body + "{}"
		}
		fmt.Fprintf(w, "\t%s.Register(%s, %q, %s)\n", table, v.goName, v.cName, sample)
	}
	fmt.Fprintf(w, "}\n\n")
	return nil
}

// writeCommands writes the command enum and the genetlink header of a
// generic netlink family, and returns the header's type name.
func (g *generator) writeCommands(w *bytes.Buffer) string {
	g.use(pkgNetlink)
	cmd := g.names.take("Command", "")
	hdr := g.names.take("Header", "")
	fmt.Fprintf(w, "// %s is a command of the %s family (genlmsghdr.cmd).\ntype %s uint8\n\n", cmd, g.f.Name, cmd)
	directional := g.f.Operations.EnumModel == "directional"
	var all []msgValue
	for _, reply := range []bool{false, true} {
		if reply && !directional {
			break
		}
		side := "all"
		if directional {
			side = map[bool]string{false: "request", true: "reply"}[reply]
		}
		vals := g.values(nil, side)
		what := "Commands"
		if directional && !reply {
			what = "Request commands"
		} else if reply {
			what = "Reply and notification commands"
		}
		doc := fmt.Sprintf("%s of the %s family.", what, g.f.Name)
		if reply {
			doc = fmt.Sprintf("%s of the %s family, numbered apart from requests.", what, g.f.Name)
		}
		fmt.Fprintf(w, "// %s\nconst (\n", doc)
		for i := range vals {
			vals[i].goName = g.names.take("Cmd"+vals[i].goName, "")
			g.cmdName[cmdKey{reply && directional, vals[i].value}] = vals[i].goName
			fmt.Fprintf(w, "\t%s %s = %d // %s\n", vals[i].goName, cmd, vals[i].value, vals[i].cName)
		}
		fmt.Fprintf(w, ")\n\n")
		if !reply {
			all = vals
		}
	}
	table := lowerFirst(cmd) + "Names"
	fmt.Fprintf(w, "var %s = netlink.NewEnum(map[%s]string{\n", table, cmd)
	for _, v := range all {
		fmt.Fprintf(w, "\t%s: %q,\n", v.goName, v.cName)
	}
	fmt.Fprintf(w, "})\n\n")
	if directional {
		fmt.Fprintf(w, "// String returns the name of request command c, or c in decimal.\n")
	} else {
		fmt.Fprintf(w, "// String returns the name of command c, or c in decimal.\n")
	}
	fmt.Fprintf(w, "func (c %s) String() string { return %s.Format(c) }\n\n", cmd, table)
	fmt.Fprintf(w, "// %s is struct genlmsghdr, which starts every message of the family.\n", hdr)
	fmt.Fprintf(w, "type %s struct {\n\t%s %s\n\tVersion uint8\n\t_ uint16\n}\n\n", hdr, cmd, cmd)
	return hdr
}

// cmdKey finds a command constant: directional families number replies
// apart from requests.
type cmdKey struct {
	reply bool
	value int
}

// writeNewBody writes the function that picks a generic netlink message's
// body type by its command: the message type is the family's id, shared by
// every command, so a netlink.Table cannot tell them apart.
func (g *generator) writeNewBody(w *bytes.Buffer, bodies []*body) error {
	fn := g.names.take("NewBody", "")
	directional := g.f.Operations.EnumModel == "directional"
	fmt.Fprintf(w, "// %s returns a new body (a pointer) for a message carrying cmd, or nil\n", fn)
	fmt.Fprintf(w, "// when the spec describes no such message. Generic netlink messages all\n")
	fmt.Fprintf(w, "// have the family's id as their type, so the command picks the body.\n")
	if directional {
		fmt.Fprintf(w, "// Replies and notifications are numbered apart from requests: reply says\n// which cmd is.\n")
		fmt.Fprintf(w, "func %s(cmd Command, reply bool) any {\n\tswitch {\n", fn)
	} else {
		fmt.Fprintf(w, "func %s(cmd Command) any {\n\tswitch cmd {\n", fn)
	}
	for _, b := range bodies {
		var req, rsp []string
		for _, op := range b.ops {
			if op.ReqValue != 0 {
				req = append(req, g.cmdName[cmdKey{false, op.ReqValue}])
			}
			if op.RspValue != 0 {
				rsp = append(rsp, g.cmdName[cmdKey{directional, op.RspValue}])
			}
		}
		if !directional {
			fmt.Fprintf(w, "\tcase %s:\n\t\treturn new(%s)\n", joinUnique(append(req, rsp...), ""), b.goType)
			continue
		}
		if len(req) > 0 {
			fmt.Fprintf(w, "\tcase !reply && (%s):\n\t\treturn new(%s)\n", joinUnique(req, "cmd == "), b.goType)
		}
		if len(rsp) > 0 {
			fmt.Fprintf(w, "\tcase reply && (%s):\n\t\treturn new(%s)\n", joinUnique(rsp, "cmd == "), b.goType)
		}
	}
	fmt.Fprintf(w, "\t}\n\treturn nil\n}\n\n")
	return nil
}

func joinUnique(vs []string, prefix string) string {
	seen := map[string]bool{}
	s := ""
	for _, v := range vs {
		if seen[v] {
			continue
		}
		seen[v] = true
		if s != "" {
			if prefix != "" {
				s += " || "
			} else {
				s += ", "
			}
		}
		s += prefix + v
	}
	return s
}
