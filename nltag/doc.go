// Package nltag encodes and decodes netlink messages and attributes as Go
// structs whose fields carry `nla` tags, the way encoding/json maps JSON to
// structs. It knows nothing of sockets: its input and output are bytes, so
// the same types serve requests, replies, captures and golden tests.
//
// # Layout of a struct
//
// A struct is a message body or an attribute payload: a fixed header laid
// out like a C struct (host byte order, each field aligned to its size),
// followed by attributes at the next 4-byte boundary. Untagged fields are
// header fields; fields whose tag names an attribute are attributes:
//
//	type LinkMessage struct {
//		Family uint8     // struct ifinfomsg
//		_      uint8     // padding: kept as read, written back
//		Type   uint16
//		Index  int32
//		Flags  uint32
//		Change uint32
//		Attrs  LinkAttrs `nla:",inline"` // the attributes that follow
//	}
//
//	type LinkAttrs struct {
//		_        nltag.Set    `nla:"link"` // names resolve in this set
//		IfName   string       `nla:"IFLA_IFNAME"`
//		MTU      uint32       `nla:"IFLA_MTU,omitempty"`
//		LinkInfo *LinkInfo    `nla:"IFLA_LINKINFO"`
//		Wire     nltag.Wire   // unknown attributes and arrival order
//	}
//
// Header fields may be integers, bools, arrays and structs of them; the tag
// `nla:",be16"` (be32, be64) stores one in network byte order. Blank (_)
// fields name padding: they hold the bytes read, zero in a value built in
// Go, so that a message decoded and encoded again gives the same bytes.
// Padding a struct declares no field for is written as zero.
//
// # Tags
//
// The tag is `nla:"NAME,KIND,OPTIONS..."`. NAME is an attribute number,
// 1 to 16383 in decimal or 0x hex, or a name from the struct's attribute
// set (see AttrSet and Set), which may name 0 where a protocol uses it. KIND may be left out when the Go type implies it:
//
//	kind          Go types                  wire form
//	u8 u16 u32 u64 integers (bool for u8)   host byte order, fixed width
//	s8 s16 s32 s64 integers                 host byte order, sign-extended when read
//	uint sint     integers                  4 bytes when the value fits, else 8 (YNL uint/sint)
//	be16 be32 be64 integers                 network byte order
//	string        string                    bytes and a NUL; read up to the first NUL
//	bytes         []byte, [N]byte           the bytes as they are ("binary" is a synonym)
//	ether         net.HardwareAddr, [6]byte link-layer address bytes
//	ipv4 ipv6 ip  netip.Addr                4 or 16 bytes; ip chooses by length
//	flag          bool                      an empty attribute, present when true
//	nested        struct                    the struct's header and attributes ("struct" is a synonym)
//	packed        []intN, []uintN           the elements back to back, host byte order (sysctl and counter arrays)
//
// Defaults: uintN → uN, intN → sN, string → string, []byte → bytes, bool →
// flag, netip.Addr → ip, net.HardwareAddr → ether, struct → nested, and a
// type whose pointer implements Marshaler and Unmarshaler (or UnmarshalerFrom,
// for hooks that decode parts of their payload with this package) → its own
// methods.
// A struct with only header fields is a fixed C struct inside an attribute
// (rtnl_link_stats64, ifa_cacheinfo); one with attributes is a nest.
//
// Options:
//
//	omitempty      leave the attribute out when the field is zero
//	multi          []T: the attribute repeats, once per element
//	indexed        []T: one nested attribute holding elements numbered 1..n
//	indexed0       []T: the same, numbered 0..n-1 (as bonding's target lists)
//	nestflag       set NLA_F_NESTED on this nest (or sub-message) whatever the set says
//	noflag         never set NLA_F_NESTED on this nest
//	submsg=TABLE   the field (an interface) holds a sub-message whose type is
//	selector=FIELD chosen, through TABLE, by the value of FIELD (see below)
//	inline         (no name) a struct, or pointer to one, whose fields are
//	               this struct's attributes (see Inline structs)
//	unknown        (no name) []Attr receiving attributes no field declares
//	-              ignore the field
//
// A pointer field is present or absent: nil is left out when encoding, and
// decoding allocates it only when the attribute arrives. Address kinds leave
// out the zero netip.Addr and refuse one with a zone (fe80::1%eth0),
// which no address attribute carries; flag leaves out false; a nil byte slice is left
// out, while an empty non-nil one is an empty payload (decoding gives one). Misspelled options and
// names the set lacks are errors, reported as a *TypeError at first use of
// the type or by Check.
//
// # Inline structs
//
// A field tagged `nla:",inline"`, with no name and no other option, of a
// struct type S or a pointer *S, declares no attribute itself: the
// attribute fields of S are attributes of the enclosing struct, in its set
// and its list, as if it declared them (encoding/json/v2's inline). A
// pointer keeps attributes that most messages lack out of line, so that a
// value without them costs only the memory of the rest:
//
//	type Route struct {
//		Family uint8 // struct rtmsg ...
//		_      nltag.Set   `nla:"rt-route"`
//		Dst    netip.Addr  `nla:"RTA_DST"`
//		OIF    uint32      `nla:"RTA_OIF,omitempty"`
//		Extra  *RouteExtra `nla:",inline"` // RTA_MARK, RTA_UID, RTA_ENCAP ...
//		Wire   nltag.Wire
//	}
//
// Decoding allocates the *S when the first of its attributes arrives, and
// fills it with the others; a message with none leaves it nil. Decoding
// into a value resets it to its zero value first, as always, so the
// pointer is nil again and the S of an earlier result is never written
// to. Encoding writes the fields of S where the pointer is declared, or in
// the order Wire.Order recorded, interleaved with the enclosing struct's
// as they arrived; a nil *S writes nothing. Errors and Locate name the
// fields by their path ("Extra.Mark"); Format lists them among the
// enclosing struct's fields, where the pointer is declared and with no
// line for the pointer itself, as the one attribute list they are.
//
// S holds attribute fields only: no header fields, no Wire (unknown
// attributes go to the enclosing struct's), and no Marshaler or
// Unmarshaler methods, which inlining would ignore. Its names resolve in the
// enclosing struct's set; a Set marker in S must name that same set. An
// attribute declared both in S and around it is an error that names both
// fields. S may inline structs of its own, with one pointer at most on
// the way from the enclosing struct to a field: so S cannot inline *S. A
// sub-message and its selector may each be in S or around it. Inline
// structs are no nests: they do not count towards MaxDepth. "attrs" is an
// older name of the option.
//
// # Selected sub-messages
//
// Some payloads change type with another value: IFLA_INFO_DATA is a veth,
// vlan or bridge nest according to IFLA_INFO_KIND. Declare the payload as an
// interface field with submsg and selector options and register each type:
//
//	type LinkInfo struct {
//		_    nltag.Set `nla:"linkinfo"`
//		Kind string    `nla:"IFLA_INFO_KIND"`
//		Data any       `nla:"IFLA_INFO_DATA,submsg=link-kind,selector=Kind"`
//	}
//	nltag.RegisterSubMessageOf[VethData]("link-kind", "veth")
//
// (RegisterSubMessage does the same with a sample value, &VethData{}, and
// also takes non-pointer types; RegisterSubMessageOf's values are stored in
// their interface field by code made for their type, not through reflect.)
//
// The selector is looked up by Go field name or attribute name in the struct
// that holds the field, then in the structs enclosing it, innermost first,
// so a header field such as Family can select too. Decoding waits for the
// whole attribute list before it reads a selector that is an attribute or
// in an enclosing struct: the kernel does not promise that IFLA_INFO_KIND
// comes first. A header field of the struct itself is decoded before any
// attribute, so its sub-message is decoded where it arrives, unless the
// type it selects may itself look for a selector outside it (it holds a
// sub-message, or a field selected from an enclosing struct), which
// waits as well; so does a nest that holds sub-messages of such types,
// whose selectors may be attributes of the struct around it. An absent
// selector has its zero value, "" or 0, which selects as any other value
// does. A selector with no registered type yields Raw, which encodes back
// to the same bytes; the interface type must therefore be able to hold a
// Raw.
// Encoding looks the selector up as decoding does and refuses, with
// ErrValue and the field's path, a value that is not of the type its
// value selects (by pointer or by value: the bytes are the same), or of a
// struct type of its layout without hooks (type MacvtapData MacvlanData,
// for kinds that share their attributes), or a Raw: a Raw's bytes are
// written as they are, whatever the selector.
//
// # Losslessness
//
// A field of type Wire or *Wire (or an []Attr field tagged unknown)
// receives the attributes that no field declares. Wire also records the
// order and type flags of every attribute, so a decoded message re-encodes
// to exactly the bytes it came from, attributes this package has never
// heard of included. It keeps too, in Wire.Tails, the bytes of a declared
// attribute past what its field reads: a newer kernel's longer C struct,
// an integer wider than the field's kind, bytes after a string's NUL.
// Without such a field, unknown attributes and tails are skipped and
// encoding follows declaration order.
//
// A *Wire field keeps the record out of the struct, which then holds a
// pointer in place of the Wire's three slices: values built in Go, copied,
// or allocated per message before decoding fills them stay smaller. It is
// nil until decoded; decoding sets it in every struct it decodes into, as
// it fills a Wire field. A nil *Wire encodes by the field rules, as a zero
// Wire does.
//
// Decoded values share what they can of these records: a struct whose
// attributes arrived in the order of one of the last few shapes decoded
// into its type gets the same Order slice and, for a *Wire field with
// nothing unknown and no tails, the same Wire; in a dump, where messages
// of a kind mostly arrive alike, that spares a record per message. Treat a
// decoded Wire's contents as read-only: to change how a value encodes,
// replace or clear its Wire (ClearWire, or assign a new one); modifying
// its slices in place would change other values too.
//
// # Errors and hostile input
//
// Decoding validates every length against the bytes that hold it and nests
// at most MaxDepth deep. It never panics on malformed input and allocates in
// proportion to the input, whatever its length fields claim (16 bytes per
// input byte and 16 KiB in all, on a first call too): a value that would
// take more than 12 bytes per input byte and 8 KiB besides (thousands of
// empty attributes each asking for an element with a large fixed part) is
// refused with ErrMemory before it is allocated. Failures are
// *Error values that give the Go type, the field path (such as
// "LinkInfo.Data(veth).Peer"), the byte offset and a cause that errors.Is
// matches (ErrLength, ErrShort, ErrUnknown ...). UnmarshalOptions.Strict
// rejects undeclared attributes and surplus bytes, as strict kernel policies
// do; the default is tolerant, as a program must be against newer kernels.
//
// The other way round, Locate names the field of a value that wrote a byte
// of its encoding: a kernel's extended ACK points at the attribute it
// refused by such an offset, and the field path says what to fix.
// ClearWire forgets what decoding kept of the wire, at every depth (zeroing
// Wire fields, setting *Wire fields to nil), so that a decoded value
// encodes as a request built in Go.
//
// # Performance
//
// Each type's codec (a plan) is built once, on first use, and cached; it
// indexes fields by attribute number, so decoding an attribute is one table
// lookup and no reflection. Decoding copies only what strings, byte slices
// and packed arrays of the result hold. Those copies, pointed-to values
// without pointers of their own (such as *uint32 or a stats struct) and
// Wire's order records come from small chunks that later calls go on
// carving, so a dump costs one allocation for many of them; pointed-to
// values with pointers (a nest, a sub-message, an inline struct) and the
// Wires of *Wire fields come from chunks of their own type in the same
// way, when they are not shared (see Losslessness). A result keeps its chunks alive. A Decoder kept across the messages
// of a dump also saves the per-call setup of Unmarshal.
package nltag
