package netlink

import (
	"fmt"
	"maps"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/nltag/go-netlink/internal/zeroed"
	"github.com/nltag/go-netlink/nltag"
)

// BodyUnmarshaler is implemented by bodies whose layout depends on the
// message header, as NLMSG_ERROR's does on its flags.
type BodyUnmarshaler interface {
	UnmarshalMessage(h Header, data []byte) error
}

// BodyMarshaler is BodyUnmarshaler's counterpart for AppendMessage.
type BodyMarshaler interface {
	MarshalMessage(h Header, b []byte) ([]byte, error)
}

// A Table maps one protocol's message types to their names and body types,
// so that a stream of messages decodes into typed bodies: guile-netlink's
// %default-message-decoder. Every table knows the standard types; protocols
// and applications register theirs. A Table is safe for concurrent use.
type Table struct {
	name string
	mu   sync.Mutex // serializes registrations
	reg  atomic.Pointer[registry]
}

// registry is a Table's contents. It is never changed once published:
// Register copies it, so that lookups, one per message decoded, take no
// lock.
type registry struct {
	names  map[MsgType]string
	byName map[string]MsgType
	bodies map[MsgType]*bodyType
	dense  [denseTypes]*bodyType // bodies of the types below denseTypes, by type: one load from the registry
}

// bodyType is a registered body type, and whether it decodes itself.
type bodyType struct {
	t      reflect.Type
	new    func() any // returns a new *t
	custom bool       // *t implements BodyUnmarshaler
	// carved, when not nil, decodes a body into a new *t that nltag
	// carves from a chunk of a few (see RegisterType).
	carved func(data []byte) (any, error)
}

// denseTypes bounds the message types looked up by index: every protocol
// of the kernel numbers its messages below it.
const denseTypes = 256

// NewTable returns a table holding the standard message types.
func NewTable(protocol string) *Table {
	t := &Table{name: protocol}
	t.reg.Store(&registry{names: map[MsgType]string{}, byName: map[string]MsgType{}, bodies: map[MsgType]*bodyType{}})
	t.Register(Noop, "NLMSG_NOOP", NoData{})
	t.Register(Error, "NLMSG_ERROR", ErrorMessage{})
	t.Register(Done, "NLMSG_DONE", DoneMessage{})
	t.Register(Overrun, "NLMSG_OVERRUN", OverrunMessage{})
	return t
}

// Protocol returns the name the table was made with.
func (t *Table) Protocol() string { return t.name }

var bodyUnmarshalerType = reflect.TypeFor[BodyUnmarshaler]()

// Register names message type typ and gives its body the Go type of sample
// (a struct, or a pointer to one); decoded bodies are pointers to that type.
// A nil sample registers only the name. Registering again replaces.
func (t *Table) Register(typ MsgType, name string, sample any) {
	if sample == nil {
		t.register(typ, name, nil)
		return
	}
	rt := reflect.TypeOf(sample)
	if rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	t.register(typ, name, &bodyType{t: rt, new: func() any { return reflect.New(rt).Interface() }})
}

// RegisterType registers typ in t as Register does with a T for sample, T
// being the body's struct type: register a protocol's own types with it.
// Decode then allocates its bodies without reflection, and as nltag
// allocates the values pointer fields point to: carved from chunks (of at
// most 4 KiB) that a few bodies share, which spares small messages
// (addresses, routes) an allocation each. A body kept keeps its chunk
// alive. Large types, and those that decode themselves, are allocated one
// by one, with new(T).
func RegisterType[T any](t *Table, typ MsgType, name string) {
	if reflect.TypeFor[T]().Kind() == reflect.Pointer {
		panic(fmt.Sprintf("netlink: RegisterType of %s with a pointer type: give the type it points to", name))
	}
	b := &bodyType{t: reflect.TypeFor[T](), new: func() any { return new(T) }}
	if c, ok := zeroed.NewCarved[T](); ok && !reflect.PointerTo(b.t).Implements(bodyUnmarshalerType) {
		b.carved = func(data []byte) (any, error) { return c.Decode(data) }
	}
	t.register(typ, name, b)
}

// register names typ and, unless b is nil, sets its body type.
func (t *Table) register(typ MsgType, name string, b *bodyType) {
	t.mu.Lock()
	defer t.mu.Unlock()
	old := t.reg.Load()
	r := &registry{names: maps.Clone(old.names), byName: maps.Clone(old.byName), bodies: maps.Clone(old.bodies)}
	r.names[typ] = name
	r.byName[name] = typ
	if b != nil {
		b.custom = reflect.PointerTo(b.t).Implements(bodyUnmarshalerType)
		r.bodies[typ] = b
	}
	for typ, b := range r.bodies {
		if typ < denseTypes {
			r.dense[typ] = b
		}
	}
	t.reg.Store(r)
}

// TypeName returns the name of typ, or its number in decimal.
func (t *Table) TypeName(typ MsgType) string {
	if n, ok := t.reg.Load().names[typ]; ok {
		return n
	}
	return fmt.Sprint(uint16(typ))
}

// LookupType returns the type with the given name.
func (t *Table) LookupType(name string) (MsgType, bool) {
	typ, ok := t.reg.Load().byName[name]
	return typ, ok
}

// body returns the registered body type of typ, or nil.
func (t *Table) body(typ MsgType) *bodyType {
	r := t.reg.Load()
	if typ < denseTypes {
		return r.dense[typ]
	}
	return r.bodies[typ]
}

// New returns a new body value (a pointer) for typ, or nil if typ has no
// registered body type.
func (t *Table) New(typ MsgType) any {
	b := t.body(typ)
	if b == nil {
		return nil
	}
	return b.new()
}

// Decode decodes m's body into the type registered for its message type.
// A type with no registered body decodes to nltag.Raw holding a copy.
// Bodies of types registered with RegisterType may share a chunk of memory
// with a few other messages' bodies, which one of them kept keeps alive: a
// long-lived structure that keeps some bodies of many should copy them.
//
// Decode is not inlined: a RawMessage is too large for Go to keep in
// registers, and the caller's copy of it for an inlined Decode, read right
// after its fields were stored one by one, stalled the loop (9.8 ns a
// message in a loop that takes 6.2 ns with the call).
//
//go:noinline
func (t *Table) Decode(m RawMessage) (Message, error) {
	body, err := t.decodeBody(m.Header, m.Data)
	return Message{Header: m.Header, Body: body}, err
}

// decodeBody returns the body of a message with header h, decoded from
// data; nil if it fails.
func (t *Table) decodeBody(h Header, data []byte) (any, error) {
	b := t.body(h.Type)
	if b == nil {
		return nltag.Raw(append([]byte(nil), data...)), nil
	}
	var body any
	var err error
	switch {
	case b.carved != nil:
		body, err = b.carved(data)
	case b.custom:
		body = b.new()
		err = body.(BodyUnmarshaler).UnmarshalMessage(h, data)
	default:
		// body is fresh: nltag need not check or clear it first, a scan
		// that costs small messages (addresses) as much as the lookup.
		body = b.new()
		err = zeroed.Unmarshal(data, body)
	}
	if err != nil {
		return nil, fmt.Errorf("netlink: decoding %s: %w", t.TypeName(h.Type), err)
	}
	return body, nil
}

// DecodeAll splits a datagram into messages and decodes each.
func (t *Table) DecodeAll(b []byte) ([]Message, error) {
	var out []Message
	for raw, err := range Messages(b) {
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

// UnmarshalBody decodes m's body into body (a pointer), through its
// UnmarshalMessage method when it has one, else through nltag.
func UnmarshalBody(m RawMessage, body any) error {
	if u, ok := body.(BodyUnmarshaler); ok {
		return u.UnmarshalMessage(m.Header, m.Data)
	}
	return nltag.Unmarshal(m.Data, body)
}
