package genl

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Direction says which way a message travels. Families such as ethtool
// number the commands of each direction separately, so that command 3 is
// LINKINFO_SET in a request and LINKINFO_NTF from the kernel; a Table keeps
// the two apart. On the wire, requests are the messages with NLM_F_REQUEST.
type Direction uint8

// Directions; Both registers a command for either.
const (
	ToKernel   Direction = 1 << iota // requests
	FromKernel                       // replies and notifications
	Both       = ToKernel | FromKernel
)

// DirectionOf returns the direction of a message with header h.
func DirectionOf(h netlink.Header) Direction {
	if h.Flags&netlink.Request != 0 {
		return ToKernel
	}
	return FromKernel
}

// A Table maps one family's commands, in each direction, to their names and
// body types, so that messages of the family decode into typed bodies: the
// generic netlink counterpart of netlink.Table, keyed on the command of the
// generic header rather than on the message type (which is the family's id,
// known only at run time). A Table is safe for concurrent use.
type Table struct {
	family  string
	version uint8

	mu   sync.RWMutex
	cmds [2]map[uint8]command // to the kernel, from it
}

type command struct {
	name string
	body reflect.Type
}

// NewTable returns an empty table for the family with the given name and
// interface version (the version requests should carry).
// The table is also what errors of requests to the family take the names
// of commands from (the last table made for a family wins).
func NewTable(family string, version uint8) *Table {
	t := &Table{family: family, version: version, cmds: [2]map[uint8]command{{}, {}}}
	tables.Store(family, t)
	return t
}

// tables holds the last Table made for each family, by name.
var tables sync.Map

// commandName names command cmd of a request to family, from its table if
// one was made, else "command N".
func commandName(family string, cmd uint8) string {
	if t, ok := tables.Load(family); ok {
		if c, ok := t.(*Table).lookup(ToKernel, cmd); ok {
			return c.name
		}
	}
	return fmt.Sprintf("command %d", cmd)
}

// Family returns the name of the table's family.
func (t *Table) Family() string { return t.family }

// Version returns the family's interface version.
func (t *Table) Version() uint8 { return t.version }

// Register names command cmd in the given directions and gives its body the
// Go type of sample: a struct (or a pointer to one) whose first field is an
// embedded Header. Decoded bodies are pointers to that type; a nil sample
// registers only the name. Registering again replaces.
func (t *Table) Register(dir Direction, cmd uint8, name string, sample any) {
	var rt reflect.Type
	if sample != nil {
		rt = reflect.TypeOf(sample)
		if rt.Kind() == reflect.Pointer {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || rt.NumField() == 0 || rt.Field(0).Type != reflect.TypeFor[Header]() {
			panic(fmt.Sprintf("genl: %s %s: body type %v does not start with a genl.Header", t.family, name, rt))
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, d := range []Direction{ToKernel, FromKernel} {
		if dir&d != 0 {
			t.cmds[i][cmd] = command{name, rt}
		}
	}
}

func (t *Table) lookup(dir Direction, cmd uint8) (command, bool) {
	i := 0
	if dir == FromKernel {
		i = 1
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	c, ok := t.cmds[i][cmd]
	return c, ok
}

// CommandName returns the name of command cmd in direction dir (ToKernel or
// FromKernel), or "FAMILY command N" when it has none.
func (t *Table) CommandName(dir Direction, cmd uint8) string {
	if c, ok := t.lookup(dir, cmd); ok {
		return c.name
	}
	return fmt.Sprintf("%s command %d", t.family, cmd)
}

// LookupCommand returns the number of the command called name in direction
// dir.
func (t *Table) LookupCommand(dir Direction, name string) (uint8, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for i, d := range []Direction{ToKernel, FromKernel} {
		if dir&d == 0 {
			continue
		}
		for n, c := range t.cmds[i] {
			if c.name == name {
				return n, true
			}
		}
	}
	return 0, false
}

// New returns a new body (a pointer) for command cmd in direction dir, or
// nil if the command has no registered body type.
func (t *Table) New(dir Direction, cmd uint8) any {
	c, ok := t.lookup(dir, cmd)
	if !ok || c.body == nil {
		return nil
	}
	return reflect.New(c.body).Interface()
}

// standard decodes the message types every protocol shares.
var standard = netlink.NewTable("generic")

// Name returns the name of m: a standard type's (NLMSG_DONE), or the name of
// its command in its direction.
func (t *Table) Name(m netlink.RawMessage) string {
	if m.Header.Type < netlink.MinType {
		return standard.TypeName(m.Header.Type)
	}
	if len(m.Data) == 0 {
		return t.family + " message without header"
	}
	return t.CommandName(DirectionOf(m.Header), m.Data[0])
}

// Decode decodes m, a message of the table's family or a standard message
// (an error, an ACK, the end of a dump), into a typed body. A command with no
// registered body decodes to nltag.Raw, holding a copy of the whole body,
// generic header included, so that it still encodes back as it came. Decode
// does not check m's type against the family's id: the caller knows which
// family it asked.
func (t *Table) Decode(m netlink.RawMessage) (netlink.Message, error) {
	if m.Header.Type < netlink.MinType {
		return standard.Decode(m)
	}
	var body any
	if len(m.Data) >= HeaderLen {
		body = t.New(DirectionOf(m.Header), m.Data[0])
	}
	if body == nil {
		return netlink.Message{Header: m.Header, Body: nltag.Raw(append([]byte(nil), m.Data...))}, nil
	}
	if err := nltag.Unmarshal(m.Data, body); err != nil {
		return netlink.Message{Header: m.Header}, fmt.Errorf("genl: decoding %s: %w", t.Name(m), err)
	}
	return netlink.Message{Header: m.Header, Body: body}, nil
}

// DecodeAll splits a datagram into messages and decodes each.
func (t *Table) DecodeAll(b []byte) ([]netlink.Message, error) {
	var out []netlink.Message
	for raw, err := range netlink.Messages(b) {
		if err != nil {
			return out, err
		}
		m, err := t.Decode(raw)
		if err != nil {
			return out, err
		}
		out = append(out, m)
	}
	return out, nil
}
