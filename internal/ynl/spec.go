// Package ynl reads the kernel's YNL netlink specifications (the YAML files
// of Documentation/netlink/specs, in the netlink-raw, genetlink,
// genetlink-c and genetlink-legacy protocols) into Go values, with attribute
// and enum values resolved the way the kernel's headers number them.
//
// It serves cmd/nlgen, which writes tagged Go structs from a spec, and the
// tests that check hand-written structs against the specs.
package ynl

import (
	"fmt"
	"os"
	"reflect"
	"strconv"
)

// Family is one spec file: a netlink family and everything it defines.
type Family struct {
	Name       string `yaml:"name"`
	Doc        string `yaml:"doc"`
	Protocol   string `yaml:"protocol"`    // netlink-raw, genetlink, genetlink-c, genetlink-legacy
	Protonum   int    `yaml:"protonum"`    // netlink-raw: the socket protocol
	UAPIHeader string `yaml:"uapi-header"` // kept for documentation
	Version    int    `yaml:"version"`     // genetlink: the family version

	Definitions   []*Definition `yaml:"definitions"`
	AttributeSets []*AttrSet    `yaml:"attribute-sets"`
	SubMessages   []*SubMessage `yaml:"sub-messages"`
	Operations    Operations    `yaml:"operations"`
	McastGroups   McastGroups   `yaml:"mcast-groups"`

	_ struct{} `ignore:"c-family-name,c-version-name,max-by-define,cmd-max-name,cmd-cnt-name,kernel-policy,kernel-family"`

	defs    map[string]*Definition
	sets    map[string]*AttrSet
	submsgs map[string]*SubMessage
}

// Genetlink reports whether the family is a generic netlink one (every
// protocol but netlink-raw). Generic netlink validates nests strictly and
// wants NLA_F_NESTED on them.
func (f *Family) Genetlink() bool { return f.Protocol != "netlink-raw" }

// Definition is an entry of "definitions": a const, enum, flags or struct.
type Definition struct {
	Name       string    `yaml:"name"`
	Type       string    `yaml:"type"`
	Doc        string    `yaml:"doc"`
	Header     string    `yaml:"header"`
	Value      Value     `yaml:"value"`       // const
	ValueStart Value     `yaml:"value-start"` // enum, flags
	Entries    []*Entry  `yaml:"entries"`     // enum, flags
	NamePrefix string    `yaml:"name-prefix"`
	EnumName   string    `yaml:"enum-name"`
	Members    []*Member `yaml:"members"` // struct

	_ struct{} `ignore:"render-max,enum-cnt-name"`
}

// Entry is one name of an enum or flags definition. For enums Value is the
// value; for flags it is the bit number (the flag is 1<<Value).
type Entry struct {
	Name  string `yaml:"name"`
	Doc   string `yaml:"doc"`
	Value *int64 `yaml:"value"`
}

// decodeScalar accepts the short form of an entry: its name alone.
func (e *Entry) decodeScalar(n *Node) bool {
	e.Name = n.Value
	return true
}

// Member is a field of a struct definition.
type Member struct {
	Name        string `yaml:"name"`
	Type        string `yaml:"type"` // u8..s64, string, binary, pad
	Len         Value  `yaml:"len"`
	ByteOrder   string `yaml:"byte-order"`
	Doc         string `yaml:"doc"`
	Enum        string `yaml:"enum"`
	EnumAsFlags bool   `yaml:"enum-as-flags"`
	DisplayHint string `yaml:"display-hint"`
	Struct      string `yaml:"struct"`
}

// AttrSet is an attribute space.
type AttrSet struct {
	Name       string  `yaml:"name"`
	NamePrefix string  `yaml:"name-prefix"`
	EnumName   string  `yaml:"enum-name"`
	Doc        string  `yaml:"doc"`
	SubsetOf   string  `yaml:"subset-of"`
	Attributes []*Attr `yaml:"attributes"`

	_ struct{} `ignore:"attr-cnt-name,attr-max-name,header"`

	byName map[string]*Attr
}

// Attr is one attribute of a set. After Load, Value holds its number and, in
// a subset, the properties it inherits from the full set are filled in.
type Attr struct {
	Name             string   `yaml:"name"`
	Type             string   `yaml:"type"`
	Doc              string   `yaml:"doc"`
	Value            int      `yaml:"value"`
	TypeValue        []string `yaml:"type-value"`
	ByteOrder        string   `yaml:"byte-order"`
	MultiAttr        bool     `yaml:"multi-attr"`
	NestedAttributes string   `yaml:"nested-attributes"`
	Enum             string   `yaml:"enum"`
	EnumAsFlags      bool     `yaml:"enum-as-flags"`
	Checks           Checks   `yaml:"checks"`
	SubType          string   `yaml:"sub-type"`
	DisplayHint      string   `yaml:"display-hint"`
	NamePrefix       string   `yaml:"name-prefix"`
	Struct           string   `yaml:"struct"`
	SubMessage       string   `yaml:"sub-message"`
	Selector         string   `yaml:"selector"`

	hasValue bool
}

// Checks are the kernel's input validation of an attribute.
type Checks struct {
	FlagsMask      string `yaml:"flags-mask"`
	Min            Value  `yaml:"min"`
	Max            Value  `yaml:"max"`
	MinLen         Value  `yaml:"min-len"`
	MaxLen         Value  `yaml:"max-len"`
	ExactLen       Value  `yaml:"exact-len"`
	UnterminatedOK bool   `yaml:"unterminated-ok"`
}

// SubMessage is a payload whose format another attribute selects.
type SubMessage struct {
	Name    string    `yaml:"name"`
	Formats []*Format `yaml:"formats"`
}

// Format is one variant of a sub-message, chosen when the selector equals
// Value. It has a fixed header, attributes, both, or neither.
type Format struct {
	Value        string `yaml:"value"`
	FixedHeader  string `yaml:"fixed-header"`
	AttributeSet string `yaml:"attribute-set"`
}

// Operations lists the messages of the family.
type Operations struct {
	EnumModel   string       `yaml:"enum-model"` // unified or directional
	NamePrefix  string       `yaml:"name-prefix"`
	EnumName    string       `yaml:"enum-name"`
	AsyncPrefix string       `yaml:"async-prefix"`
	AsyncEnum   string       `yaml:"async-enum"`
	FixedHeader string       `yaml:"fixed-header"`
	List        []*Operation `yaml:"list"`
}

// Operation is a command (genetlink) or a message type (netlink-raw).
type Operation struct {
	Name         string   `yaml:"name"`
	Doc          string   `yaml:"doc"`
	Value        int      `yaml:"value"`
	AttributeSet string   `yaml:"attribute-set"`
	FixedHeader  string   `yaml:"fixed-header"`
	Flags        []string `yaml:"flags"`
	Do           *SubOp   `yaml:"do"`
	Dump         *SubOp   `yaml:"dump"`
	Notify       string   `yaml:"notify"`
	Event        *Message `yaml:"event"`
	Mcgrp        string   `yaml:"mcgrp"`

	_ struct{} `ignore:"dont-validate,config-cond"`

	// ReqValue and RspValue are the message type (netlink-raw) or command
	// (genetlink) of the operation's requests and of its replies and
	// notifications, set by Load; 0 when it has none.
	ReqValue, RspValue int

	hasValue bool
}

// SubOp is the do or dump side of an operation.
type SubOp struct {
	Request *Message `yaml:"request"`
	Reply   *Message `yaml:"reply"`

	_ struct{} `ignore:"pre,post"`
}

// Message lists the attributes of a request or reply; Value is its own
// message type (or command) when requests and replies are numbered apart.
type Message struct {
	Attributes []string `yaml:"attributes"`
	Value      *int     `yaml:"value"`
}

// McastGroups lists the multicast groups.
type McastGroups struct {
	List []*McastGroup `yaml:"list"`
}

// McastGroup is one multicast group.
type McastGroup struct {
	Name  string   `yaml:"name"`
	Value int      `yaml:"value"`
	Flags []string `yaml:"flags"`

	_ struct{} `ignore:"c-define-name"`
}

// Value is a scalar that may be a number or a name (a const's, in lengths
// and value-start).
type Value string

// Int returns v as a number, resolving a const's name in f; ok is false when
// v is empty or names nothing known.
func (v Value) Int(f *Family) (int64, bool) {
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(string(v), 0, 64); err == nil {
		return n, true
	}
	if d := f.Definition(string(v)); d != nil && d.Type == "const" {
		return d.Value.Int(f)
	}
	return 0, false
}

// LoadFile reads and resolves a spec file.
func LoadFile(path string) (*Family, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Parse reads and resolves a spec.
func Parse(src []byte) (*Family, error) {
	n, err := ParseYAML(src)
	if err != nil {
		return nil, err
	}
	// Whether an attribute or operation gives a value matters for numbering,
	// and a decoded zero cannot tell, so note it from the tree.
	f := &Family{}
	if err := decode(n, reflect.ValueOf(f).Elem(), "spec"); err != nil {
		return nil, err
	}
	markValues(n, f)
	if err := f.resolve(); err != nil {
		return nil, err
	}
	return f, nil
}

func markValues(n *Node, f *Family) {
	if sets := n.Get("attribute-sets"); sets != nil {
		for i, s := range sets.Items {
			for j, a := range s.Get("attributes").Items {
				f.AttributeSets[i].Attributes[j].hasValue = a.Get("value") != nil
			}
		}
	}
	if ops := n.Get("operations").Get("list"); ops != nil {
		for i, o := range ops.Items {
			f.Operations.List[i].hasValue = o.Get("value") != nil
		}
	}
}
