//go:build linux

package main

// Output: JSON objects whose keys keep iproute2's order, and the argument
// reader shared by the commands.

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/nltag/go-netlink/examples/internal/iproute"
	"github.com/nltag/go-netlink/route"
)

// obj is a JSON object that keeps its keys in the order they were added,
// as iproute2 prints them.
type obj []field

type field struct {
	key string
	val any
}

// add appends key; nil values are left out (use null{} for JSON null).
func (o *obj) add(key string, val any) {
	if val != nil {
		*o = append(*o, field{key, val})
	}
}

// get returns the value of key, or nil.
func (o obj) get(key string) any {
	for _, f := range o {
		if f.key == key {
			return f.val
		}
	}
	return nil
}

// MarshalJSON writes the fields in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(f.val)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// null is JSON null: iproute2's value for flag keys such as "router".
type null struct{}

// MarshalJSON writes null.
func (null) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// printJSON writes v on one line, or indented with -p.
func (cl *cli) printJSON(v any) error {
	return iproute.WriteJSON(cl.out, v, cl.Pretty)
}

// printAll prints objects as ip -j does (one array), or their text forms.
func (cl *cli) printAll(objs []obj, texts []string) error {
	return iproute.Print(cl.out, cl.JSON, cl.Pretty, objs, texts)
}

// argv reads command arguments the way ip(8) takes them: keywords, each
// followed by its value.
type argv struct{ iproute.Args }

// link returns the word after key as a link's name.
func (a *argv) link(key string) (route.LinkRef, error) {
	s, err := a.Value(key)
	return route.ByName(s), err
}

// uintValue returns the word after key as an unsigned number of bits bits.
func (a *argv) uintValue(key string, bits int) (uint64, error) {
	s, err := a.Value(key)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseUint(s, 0, bits)
	if err != nil {
		return 0, usagef("Argument of %q is invalid: %q", key, s)
	}
	return n, nil
}

// onOff returns the on or off after key.
func (a *argv) onOff(key string) (bool, error) {
	s, err := a.Value(key)
	switch {
	case err != nil:
		return false, err
	case s == "on":
		return true, nil
	case s == "off":
		return false, nil
	}
	return false, usagef("Argument of %q must be \"on\" or \"off\", not %q", key, s)
}
