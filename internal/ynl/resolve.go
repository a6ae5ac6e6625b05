package ynl

import (
	"fmt"
	"slices"
)

// resolve indexes the spec's names, numbers attributes and operations, and
// fills subsets from the sets they are part of.
func (f *Family) resolve() error {
	f.defs = map[string]*Definition{}
	for _, d := range f.Definitions {
		if f.defs[d.Name] != nil {
			return fmt.Errorf("definition %q twice", d.Name)
		}
		f.defs[d.Name] = d
	}
	f.sets = map[string]*AttrSet{}
	for _, s := range f.AttributeSets {
		if f.sets[s.Name] != nil {
			return fmt.Errorf("attribute set %q twice", s.Name)
		}
		f.sets[s.Name] = s
		s.byName = map[string]*Attr{}
		for _, a := range s.Attributes {
			if old := s.byName[a.Name]; old != nil {
				// ethtool's "strings" lists its unused 0 twice; harmless.
				if old.Type == "unused" && a.Type == "unused" {
					continue
				}
				return fmt.Errorf("attribute set %q: attribute %q twice", s.Name, a.Name)
			}
			s.byName[a.Name] = a
		}
	}
	f.submsgs = map[string]*SubMessage{}
	for _, m := range f.SubMessages {
		f.submsgs[m.Name] = m
	}
	// Full sets first: attribute numbers start at 1 (0 is the unused
	// *_UNSPEC) and count up from the last explicit value.
	for _, s := range f.AttributeSets {
		if s.SubsetOf != "" {
			continue
		}
		next := 1
		for _, a := range s.Attributes {
			if !a.hasValue {
				a.Value = next
			}
			next = a.Value + 1
		}
	}
	for _, s := range f.AttributeSets {
		if s.SubsetOf == "" {
			continue
		}
		full := f.sets[s.SubsetOf]
		if full == nil || full.SubsetOf != "" {
			return fmt.Errorf("attribute set %q: subset of unknown set %q", s.Name, s.SubsetOf)
		}
		for i, a := range s.Attributes {
			base := full.byName[a.Name]
			if base == nil {
				return fmt.Errorf("attribute set %q: %q is not in %q", s.Name, a.Name, full.Name)
			}
			s.Attributes[i] = inherit(base, a)
			s.byName[a.Name] = s.Attributes[i]
		}
		if s.NamePrefix == "" {
			s.NamePrefix = full.NamePrefix
		}
	}
	return f.numberOperations()
}

// inherit returns the subset's attribute: the full set's, with whatever the
// subset states itself put over it.
func inherit(base, sub *Attr) *Attr {
	a := *base
	over := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	over(&a.Type, sub.Type)
	over(&a.Doc, sub.Doc)
	over(&a.NestedAttributes, sub.NestedAttributes)
	over(&a.Enum, sub.Enum)
	over(&a.SubType, sub.SubType)
	over(&a.DisplayHint, sub.DisplayHint)
	over(&a.Struct, sub.Struct)
	over(&a.ByteOrder, sub.ByteOrder)
	over(&a.SubMessage, sub.SubMessage)
	over(&a.Selector, sub.Selector)
	a.MultiAttr = a.MultiAttr || sub.MultiAttr
	return &a
}

// numberOperations gives every operation its message type or command
// values. In the unified model one number serves requests and replies and
// counts up from 1; in the directional model requests and replies (and
// notifications) are numbered apart, each from 1, unless the spec gives a
// message's value itself.
func (f *Family) numberOperations() error {
	unified := f.Operations.EnumModel != "directional"
	next, nextReq, nextRsp := 1, 1, 1
	for _, op := range f.Operations.List {
		if unified {
			if !op.hasValue {
				op.Value = next
			}
			next = op.Value + 1
			if op.hasRequest() {
				op.ReqValue = op.Value
			}
			if op.hasReply() {
				op.RspValue = op.Value
			}
			continue
		}
		// An operation-level value serves the sides that give none (rt-link's
		// newlink-ntf is a notification numbered that way).
		if op.hasRequest() {
			op.ReqValue = nextReq
			if op.hasValue {
				op.ReqValue = op.Value
			}
			if v := op.msgValue(func(s *SubOp) *Message { return s.Request }); v != nil {
				op.ReqValue = *v
			}
			nextReq = op.ReqValue + 1
		}
		if op.hasReply() {
			op.RspValue = nextRsp
			if op.hasValue {
				op.RspValue = op.Value
			}
			if v := op.msgValue(func(s *SubOp) *Message { return s.Reply }); v != nil {
				op.RspValue = *v
			}
			nextRsp = op.RspValue + 1
		}
	}
	return nil
}

func (op *Operation) hasRequest() bool {
	return op.Do != nil && op.Do.Request != nil || op.Dump != nil && op.Dump.Request != nil
}

func (op *Operation) hasReply() bool {
	return op.Do != nil && op.Do.Reply != nil || op.Dump != nil && op.Dump.Reply != nil ||
		op.Notify != "" || op.Event != nil
}

func (op *Operation) msgValue(side func(*SubOp) *Message) *int {
	for _, s := range []*SubOp{op.Do, op.Dump} {
		if s != nil && side(s) != nil && side(s).Value != nil {
			return side(s).Value
		}
	}
	return nil
}

// Definition returns the definition with the given name, or nil.
func (f *Family) Definition(name string) *Definition { return f.defs[name] }

// AttrSet returns the attribute set with the given name, or nil.
func (f *Family) AttrSet(name string) *AttrSet { return f.sets[name] }

// SubMessage returns the sub-message with the given name, or nil.
func (f *Family) SubMessage(name string) *SubMessage { return f.submsgs[name] }

// Attr returns the attribute with the given name, or nil.
func (s *AttrSet) Attr(name string) *Attr { return s.byName[name] }

// EnumValue is a named value of an enum or flags definition.
type EnumValue struct {
	Name  string
	Value int64 // for flags, the mask (1<<bit)
	Doc   string
}

// Values returns the entries of an enum or flags definition with their
// values: enums count up from value-start (default 0), flags take bits
// counting up from value-start.
func (d *Definition) Values(f *Family) []EnumValue {
	n, _ := d.ValueStart.Int(f)
	out := make([]EnumValue, 0, len(d.Entries))
	for _, e := range d.Entries {
		if e.Value != nil {
			n = *e.Value
		}
		v := n
		if d.Type == "flags" {
			v = 1 << n
		}
		out = append(out, EnumValue{Name: e.Name, Value: v, Doc: e.Doc})
		n++
	}
	return out
}

// AttrByValue returns the attribute with number v, or nil.
func (s *AttrSet) AttrByValue(v int) *Attr {
	i := slices.IndexFunc(s.Attributes, func(a *Attr) bool { return a.Value == v })
	if i < 0 {
		return nil
	}
	return s.Attributes[i]
}
