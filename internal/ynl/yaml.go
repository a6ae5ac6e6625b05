package ynl

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A Node is one value of a YAML document: a scalar, a sequence or a mapping.
// Only the block and flow forms that netlink specs use are understood.
type Node struct {
	Kind  NodeKind
	Value string  // scalars: the text, quotes and escapes resolved
	Items []*Node // sequences
	Keys  []string
	Vals  []*Node // mappings: Vals[i] belongs to Keys[i]
	Line  int     // 1-based line where the node starts
}

// NodeKind tells what a Node holds.
type NodeKind uint8

// The kinds of Node.
const (
	Null NodeKind = iota
	Scalar
	Sequence
	Mapping
)

// Get returns the value of key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Mapping {
		return nil
	}
	for i, k := range n.Keys {
		if k == key {
			return n.Vals[i]
		}
	}
	return nil
}

// ParseYAML reads one YAML document written in the subset netlink specs use:
// block mappings and sequences (items on the dash line or below it), plain,
// single- and double-quoted scalars, literal and folded block scalars, flow
// sequences of scalars, comments, anchors and aliases. Anything else is an
// error rather than a guess, so a spec that leaves the subset is noticed.
func ParseYAML(src []byte) (*Node, error) {
	p := &parser{lines: strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n"), anchors: map[string]*Node{}}
	p.skipPreamble()
	n, err := p.block(0)
	if err != nil {
		return nil, err
	}
	if l, _, ok := p.peek(); ok {
		return nil, p.errorf(l, "unexpected content at indentation %d", indentOf(p.lines[l]))
	}
	return n, nil
}

type parser struct {
	lines   []string
	i       int // next line to read
	anchors map[string]*Node
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("yaml: line %d: %s", line+1, fmt.Sprintf(format, args...))
}

// skipPreamble drops directives (%YAML) and the document start marker.
func (p *parser) skipPreamble() {
	for p.i < len(p.lines) {
		s := strings.TrimSpace(stripComment(p.lines[p.i]))
		if s == "" || strings.HasPrefix(p.lines[p.i], "%") {
			p.i++
			continue
		}
		if s == "---" {
			p.i++
		}
		return
	}
}

// peek returns the index, indentation and content (comment removed) of the
// next line that holds something, without consuming it.
func (p *parser) peek() (int, string, bool) {
	for j := p.i; j < len(p.lines); j++ {
		s := strings.TrimSpace(stripComment(p.lines[j]))
		if s == "" {
			continue
		}
		if s == "..." || s == "---" {
			return 0, "", false // a second document is not read
		}
		return j, s, true
	}
	return 0, "", false
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// block reads the node whose lines are indented at least min.
func (p *parser) block(min int) (*Node, error) {
	l, s, ok := p.peek()
	if !ok || indentOf(p.lines[l]) < min {
		return &Node{Kind: Null, Line: l + 1}, nil
	}
	if strings.HasPrefix(p.lines[l][indentOf(p.lines[l]):], "\t") {
		return nil, p.errorf(l, "tab in indentation")
	}
	if isDash(s) {
		return p.sequence(indentOf(p.lines[l]))
	}
	return p.mapping(indentOf(p.lines[l]))
}

func isDash(s string) bool { return s == "-" || strings.HasPrefix(s, "- ") }

// sequence reads "- item" lines at exactly indentation ind.
func (p *parser) sequence(ind int) (*Node, error) {
	seq := &Node{Kind: Sequence, Line: p.i + 1}
	for {
		l, s, ok := p.peek()
		if !ok || indentOf(p.lines[l]) != ind || !isDash(s) {
			return seq, nil
		}
		rest := strings.TrimLeft(p.lines[l][ind+1:], " ")
		var item *Node
		var err error
		if strings.TrimSpace(stripComment(rest)) == "" {
			p.i = l + 1
			item, err = p.block(ind + 1)
		} else {
			// Replace the dash by a space: the item's content then starts a
			// block at its own column, which covers "- key: value" mappings
			// continued on the lines below as well as plain scalars.
			col := len(p.lines[l]) - len(rest)
			p.lines[l] = strings.Repeat(" ", col) + rest
			p.i = l
			item, err = p.itemAt(col)
		}
		if err != nil {
			return nil, err
		}
		seq.Items = append(seq.Items, item)
	}
}

// itemAt reads a sequence item whose content begins on the current line at
// column col: a mapping if it looks like "key:", else a value.
func (p *parser) itemAt(col int) (*Node, error) {
	l, s, _ := p.peek()
	if _, _, isKey := splitKey(s); isKey || isDash(s) {
		return p.block(col)
	}
	p.i = l + 1
	return p.value(l, s, col-1)
}

// mapping reads "key: value" lines at exactly indentation ind.
func (p *parser) mapping(ind int) (*Node, error) {
	m := &Node{Kind: Mapping, Line: p.i + 1}
	for {
		l, s, ok := p.peek()
		if !ok || indentOf(p.lines[l]) != ind || isDash(s) {
			return m, nil
		}
		key, rest, isKey := splitKey(s)
		if !isKey {
			return nil, p.errorf(l, "expected \"key: value\", found %q", s)
		}
		p.i = l + 1
		var v *Node
		var err error
		if rest == "" {
			// A sequence may sit at the key's own indentation.
			if nl, ns, ok := p.peek(); ok && indentOf(p.lines[nl]) == ind && isDash(ns) {
				v, err = p.sequence(ind)
			} else {
				v, err = p.block(ind + 1)
			}
		} else {
			v, err = p.value(l, rest, ind)
		}
		if err != nil {
			return nil, err
		}
		// A repeated key replaces the earlier value, as common YAML readers
		// do; the kernel's schema files repeat "if".
		if i := slices.Index(m.Keys, key); i >= 0 {
			m.Vals[i] = v
			continue
		}
		m.Keys = append(m.Keys, key)
		m.Vals = append(m.Vals, v)
	}
}

// value reads what follows "key:" or "- " on line l (already consumed): an
// anchor, alias, block scalar, flow sequence or scalar. ind is the
// indentation of the key; continuation lines are indented more.
func (p *parser) value(l int, s string, ind int) (*Node, error) {
	if strings.HasPrefix(s, "*") {
		n, ok := p.anchors[s[1:]]
		if !ok {
			return nil, p.errorf(l, "unknown alias %s", s)
		}
		return n, nil
	}
	if strings.HasPrefix(s, "&") {
		name, rest, _ := strings.Cut(s[1:], " ")
		rest = strings.TrimSpace(rest)
		var n *Node
		var err error
		if rest == "" {
			if nl, ns, ok := p.peek(); ok && indentOf(p.lines[nl]) == ind && isDash(ns) {
				n, err = p.sequence(ind)
			} else {
				n, err = p.block(ind + 1)
			}
		} else {
			n, err = p.value(l, rest, ind)
		}
		if err != nil {
			return nil, err
		}
		p.anchors[name] = n
		return n, nil
	}
	switch s[0] {
	case '|', '>':
		return p.blockScalar(l, s, ind)
	case '[':
		// A flow sequence may run over several lines.
		for !strings.HasSuffix(s, "]") {
			nl, ns, ok := p.peek()
			if !ok || indentOf(p.lines[nl]) <= ind {
				return nil, p.errorf(l, "unterminated flow sequence")
			}
			s += " " + ns
			p.i = nl + 1
		}
		return p.flowSequence(l, s[1:len(s)-1])
	case '{':
		return nil, p.errorf(l, "flow mappings are not supported")
	case '"', '\'':
		v, err := unquote(s)
		if err != nil {
			return nil, p.errorf(l, "%v", err)
		}
		return &Node{Kind: Scalar, Value: v, Line: l + 1}, nil
	}
	// A plain scalar continues on more-indented lines, folded with spaces.
	for {
		nl, ns, ok := p.peek()
		if !ok || indentOf(p.lines[nl]) <= ind {
			break
		}
		s += " " + ns
		p.i = nl + 1
	}
	return plain(s, l), nil
}

func plain(s string, l int) *Node {
	if s == "~" || s == "null" || s == "Null" || s == "NULL" {
		return &Node{Kind: Null, Line: l + 1}
	}
	return &Node{Kind: Scalar, Value: s, Line: l + 1}
}

func (p *parser) flowSequence(l int, s string) (*Node, error) {
	seq := &Node{Kind: Sequence, Line: l + 1}
	for s = strings.TrimSpace(s); s != ""; {
		var item string
		if s[0] == '"' || s[0] == '\'' {
			end := closingQuote(s)
			if end < 0 {
				return nil, p.errorf(l, "unterminated quote in flow sequence")
			}
			v, err := unquote(s[:end+1])
			if err != nil {
				return nil, p.errorf(l, "%v", err)
			}
			seq.Items = append(seq.Items, &Node{Kind: Scalar, Value: v, Line: l + 1})
			s = strings.TrimSpace(s[end+1:])
		} else {
			if strings.ContainsAny(s[:1], "[{") {
				return nil, p.errorf(l, "nested flow collections are not supported")
			}
			item, s, _ = strings.Cut(s, ",")
			seq.Items = append(seq.Items, plain(strings.TrimSpace(item), l))
			s = strings.TrimSpace(s)
			continue
		}
		if s != "" {
			if s[0] != ',' {
				return nil, p.errorf(l, "expected , in flow sequence")
			}
			s = strings.TrimSpace(s[1:])
		}
	}
	return seq, nil
}

// blockScalar reads a literal (|) or folded (>) scalar with optional
// chomping indicator; its lines are those indented more than ind.
func (p *parser) blockScalar(l int, head string, ind int) (*Node, error) {
	style, chomp := head[0], byte(0)
	for _, c := range head[1:] {
		switch {
		case c == '-' || c == '+':
			chomp = byte(c)
		case c >= '1' && c <= '9':
			return nil, p.errorf(l, "explicit indentation indicators are not supported")
		default:
			return nil, p.errorf(l, "unexpected %q after block scalar indicator", c)
		}
	}
	var lines []string
	col := -1
	j := p.i
	for ; j < len(p.lines); j++ {
		raw := p.lines[j]
		if strings.TrimSpace(raw) == "" {
			lines = append(lines, "")
			continue
		}
		in := indentOf(raw)
		if in <= ind {
			break
		}
		if col < 0 {
			col = in
		}
		if in < col {
			break
		}
		lines = append(lines, raw[col:])
	}
	p.i = j
	// Trailing blank lines belong to chomping, not to the content.
	n := len(lines)
	for n > 0 && lines[n-1] == "" {
		n--
	}
	trailing := len(lines) - n
	lines = lines[:n]
	var text string
	if style == '|' {
		text = strings.Join(lines, "\n")
	} else {
		text = fold(lines)
	}
	switch {
	case text == "":
	case chomp == '-':
	case chomp == '+':
		text += "\n" + strings.Repeat("\n", trailing)
	default:
		text += "\n"
	}
	return &Node{Kind: Scalar, Value: text, Line: l + 1}, nil
}

// fold joins the lines of a folded scalar: a line break between two
// ordinary lines becomes a space, blank lines become line breaks, and
// more-indented lines keep their breaks.
func fold(lines []string) string {
	var sb strings.Builder
	for i, s := range lines {
		if i > 0 {
			prev := lines[i-1]
			switch {
			case s == "" || prev == "":
				if s == "" {
					sb.WriteByte('\n')
				}
			case strings.HasPrefix(s, " ") || strings.HasPrefix(prev, " "):
				sb.WriteByte('\n')
			default:
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(s)
	}
	return sb.String()
}

// splitKey splits "key: rest" (or "key:" alone); the key may be quoted.
func splitKey(s string) (key, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	if s[0] == '"' || s[0] == '\'' {
		end := closingQuote(s)
		if end < 0 || end+1 >= len(s) || s[end+1] != ':' {
			return "", "", false
		}
		k, err := unquote(s[:end+1])
		if err != nil {
			return "", "", false
		}
		r := s[end+2:]
		if r != "" && r[0] != ' ' {
			return "", "", false
		}
		return k, strings.TrimSpace(r), true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ') {
			if i == 0 {
				return "", "", false
			}
			return s[:i], strings.TrimSpace(s[i+1:]), true
		}
	}
	return "", "", false
}

// stripComment removes a comment: "#" at the start or after a blank,
// outside quotes.
func stripComment(s string) string {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else if c == '\\' && q == '"' {
				i++
			}
		case c == '"' || c == '\'':
			// Quotes open a quoted scalar only where one can begin.
			if i == 0 || strings.ContainsRune(" [,:-", rune(s[i-1])) {
				q = c
			}
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return s[:i]
		}
	}
	return s
}

// closingQuote returns the index of the quote closing the scalar s begins.
func closingQuote(s string) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q:
			if q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			return i
		}
	}
	return -1
}

func unquote(s string) (string, error) {
	if len(s) < 2 || s[len(s)-1] != s[0] {
		return "", fmt.Errorf("bad quoted scalar %s", s)
	}
	if s[0] == '\'' {
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), nil
	}
	v, err := strconv.Unquote(s)
	if err != nil {
		return "", fmt.Errorf("bad double-quoted scalar %s", s)
	}
	return v, nil
}
