package nltag

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// kind is how a value is laid out on the wire.
type kind uint8

const (
	kNone kind = iota
	kU8
	kU16
	kU32
	kU64
	kS8
	kS16
	kS32
	kS64
	kUint // variable width: 4 or 8 bytes
	kSint
	kBE16
	kBE32
	kBE64
	kString
	kBytes
	kEther
	kIPv4
	kIPv6
	kIP
	kFlag
	kNested // a struct: attributes after an optional fixed header
	kHook   // Marshaler / Unmarshaler
	kSub    // selected sub-message
	kPacked // []intN: elements back to back in host byte order
)

var kindNames = map[string]kind{
	"u8": kU8, "u16": kU16, "u32": kU32, "u64": kU64,
	"s8": kS8, "s16": kS16, "s32": kS32, "s64": kS64,
	"uint": kUint, "sint": kSint,
	"be16": kBE16, "be32": kBE32, "be64": kBE64,
	"string": kString, "bytes": kBytes, "binary": kBytes, "ether": kEther,
	"ipv4": kIPv4, "ipv6": kIPv6, "ip": kIP, "flag": kFlag,
	"nested": kNested, "struct": kNested, "packed": kPacked,
}

// width is the wire size of fixed-width integer kinds, 0 for the others.
func (k kind) width() int {
	switch k {
	case kU8, kS8:
		return 1
	case kU16, kS16, kBE16:
		return 2
	case kU32, kS32, kBE32:
		return 4
	case kU64, kS64, kBE64:
		return 8
	}
	return 0
}

// isInt reports a fixed-width integer kind (not uint and sint).
func (k kind) isInt() bool { return k.width() > 0 }
func (k kind) signedWire() bool {
	return k == kS8 || k == kS16 || k == kS32 || k == kS64 || k == kSint
}
func (k kind) bigEndian() bool { return k == kBE16 || k == kBE32 || k == kBE64 }

// tag is a parsed `nla:"..."` struct tag.
type tag struct {
	name      string // attribute name or number; empty for fixed fields
	num       int    // parsed number, or -1 when name must be resolved
	kind      kind
	kindName  string
	omitEmpty bool
	multi     bool
	indexed   bool
	base0     bool // indexed elements are numbered from 0
	inline    bool // the field is a struct, or a pointer to one, whose fields are this struct's attributes
	unknown   bool
	flag      int8 // +1 force NLA_F_NESTED, -1 never, 0 as the set says
	submsg    string
	selector  string
	skip      bool
}

func parseTag(s string) (tag, error) {
	t := tag{num: -1}
	if s == "-" {
		t.skip = true
		return t, nil
	}
	parts := strings.Split(s, ",")
	t.name = parts[0]
	if n, isNum, err := parseNum(t.name); err != nil {
		return t, err
	} else if isNum {
		t.num = n
	}
	for _, o := range parts[1:] {
		key, val, hasVal := strings.Cut(o, "=")
		if k, ok := kindNames[o]; ok {
			if t.kind != kNone {
				return t, fmt.Errorf("two kinds: %s and %s", t.kindName, o)
			}
			t.kind, t.kindName = k, o
			continue
		}
		switch {
		case o == "omitempty":
			t.omitEmpty = true
		case o == "multi":
			t.multi = true
		case o == "indexed":
			t.indexed = true
		case o == "indexed0":
			t.indexed, t.base0 = true, true
		case o == "inline" || o == "attrs":
			t.inline = true
		case o == "unknown":
			t.unknown = true
		case o == "nestflag":
			t.flag = 1
		case o == "noflag":
			t.flag = -1
		case key == "submsg" && hasVal && val != "":
			t.submsg = val
		case key == "selector" && hasVal && val != "":
			t.selector = val
		default:
			return t, fmt.Errorf("unknown tag option %q", o)
		}
	}
	if t.multi && t.indexed {
		return t, fmt.Errorf("multi and indexed exclude each other")
	}
	if (t.submsg == "") != (t.selector == "") {
		return t, fmt.Errorf("submsg= and selector= go together")
	}
	if (t.inline || t.unknown) && t.name != "" {
		return t, fmt.Errorf("inline and unknown fields take no attribute name")
	}
	if t.inline && (t.kind != kNone || t.omitEmpty || t.multi || t.indexed || t.unknown || t.flag != 0 || t.submsg != "") {
		return t, fmt.Errorf("inline takes no other option: its fields' tags say how they are written")
	}
	return t, nil
}

// parseNum parses an attribute number, which the tag gives in decimal or
// 0x hex: a name that starts with a digit, a sign or a dot is a number or
// an error, never a name for the set to resolve.
func parseNum(s string) (n int, isNum bool, err error) {
	if s == "" || !strings.ContainsRune("0123456789+-.", rune(s[0])) {
		return 0, false, nil
	}
	digits, base := s, 10
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		digits, base = s[2:], 16
	}
	v, perr := strconv.ParseUint(digits, base, 32)
	switch {
	case perr != nil && errors.Is(perr, strconv.ErrRange):
		return 0, true, fmt.Errorf("attribute number %s exceeds %d", s, TypeMask)
	case perr != nil || strings.ContainsAny(digits, "+-_") || base == 10 && len(s) > 1 && s[0] == '0':
		return 0, true, fmt.Errorf("attribute number %q: want decimal or 0x hex, such as 16 or 0x10", s)
	case v == 0:
		// The kernel's attribute parser skips type 0: as a number it is
		// mostly an unset constant. The few protocols that use it
		// (IFLA_BRIDGE_FLAGS) name it in their set.
		return 0, true, fmt.Errorf("attribute number 0, which nla_parse skips: give 1 to %d, or a name from the set", TypeMask)
	case v > TypeMask:
		return 0, true, fmt.Errorf("attribute number %s exceeds %d", s, TypeMask)
	}
	return int(v), true, nil
}
