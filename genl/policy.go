package genl

import (
	"encoding/binary"
	"fmt"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// PolicyMessage is the body of CTRL_CMD_GETPOLICY. A request names a family
// (by FamilyName or FamilyID) and may narrow the dump to one command (Op).
// Each reply carries the family's id and one of: OpPolicy, which says which
// policy validates a command's requests, or Policy, which describes how one
// attribute of one policy is validated.
type PolicyMessage struct {
	Header
	_          nltag.Set `nla:"nlctrl"`
	FamilyID   uint16    `nla:"CTRL_ATTR_FAMILY_ID,omitempty"`
	FamilyName string    `nla:"CTRL_ATTR_FAMILY_NAME,omitempty"`
	// Op narrows a request to one command.
	Op uint32 `nla:"CTRL_ATTR_OP,omitempty"`
	// Policy describes attributes of the family's policies.
	Policy Policies `nla:"CTRL_ATTR_POLICY,omitempty"`
	// OpPolicy gives the policy indices of commands.
	OpPolicy OpPolicies `nla:"CTRL_ATTR_OP_POLICY,omitempty"`

	Wire nltag.Wire
}

// AttrPolicy says how a family validates one attribute: the
// NL_POLICY_TYPE_ATTR_* attributes. Limits the policy lacks are nil.
type AttrPolicy struct {
	_ nltag.Set `nla:"nlctrl-policy"`
	// Type is the attribute's type.
	Type AttrType `nla:"NL_POLICY_TYPE_ATTR_TYPE"`
	// Value limits of signed and unsigned integers.
	MinValueS *int64  `nla:"NL_POLICY_TYPE_ATTR_MIN_VALUE_S"`
	MaxValueS *int64  `nla:"NL_POLICY_TYPE_ATTR_MAX_VALUE_S"`
	MinValueU *uint64 `nla:"NL_POLICY_TYPE_ATTR_MIN_VALUE_U"`
	MaxValueU *uint64 `nla:"NL_POLICY_TYPE_ATTR_MAX_VALUE_U"`
	// Length limits of strings and binary attributes.
	MinLength *uint32 `nla:"NL_POLICY_TYPE_ATTR_MIN_LENGTH"`
	MaxLength *uint32 `nla:"NL_POLICY_TYPE_ATTR_MAX_LENGTH"`
	// PolicyIndex is the policy of a nested attribute's contents, and
	// PolicyMaxType the highest attribute number that policy knows.
	PolicyIndex   *uint32 `nla:"NL_POLICY_TYPE_ATTR_POLICY_IDX"`
	PolicyMaxType *uint32 `nla:"NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE"`
	// Bitfield32Mask is the valid bits of a bitfield32 attribute.
	Bitfield32Mask *uint32 `nla:"NL_POLICY_TYPE_ATTR_BITFIELD32_MASK"`
	// Mask is the bits an unsigned integer may have set.
	Mask *uint64 `nla:"NL_POLICY_TYPE_ATTR_MASK"`

	Wire nltag.Wire
}

// PolicyEntry is the policy of attribute Attr in the family's policy (an
// attribute set) number Policy. Policies are numbered from 0 within a dump;
// a nested attribute names the policy of its contents with PolicyIndex.
type PolicyEntry struct {
	Policy uint32
	Attr   uint16
	AttrPolicy
}

// Policies is the payload of CTRL_ATTR_POLICY: attribute policies nested by
// policy index, then by attribute number (YNL's nest-type-value). The
// kernel sends one per message; consecutive entries with the same policy
// index share their outer nest when encoded.
type Policies []PolicyEntry

// MarshalNetlink writes the nests, marked NLA_F_NESTED as the kernel does.
func (ps Policies) MarshalNetlink(b []byte) ([]byte, error) {
	for i := 0; i < len(ps); {
		if ps[i].Policy > nltag.TypeMask {
			return b, fmt.Errorf("genl: policy index %d exceeds %d", ps[i].Policy, nltag.TypeMask)
		}
		outer := len(b)
		b = append(b, 0, 0, 0, 0)
		j := i
		for ; j < len(ps) && ps[j].Policy == ps[i].Policy; j++ {
			if ps[j].Attr > nltag.TypeMask {
				return b, fmt.Errorf("genl: attribute %d exceeds %d", ps[j].Attr, nltag.TypeMask)
			}
			inner := len(b)
			b = append(b, 0, 0, 0, 0)
			var err error
			if b, err = nltag.AppendMarshal(b, &ps[j].AttrPolicy); err != nil {
				return b, err
			}
			closeNest(b, inner, ps[j].Attr)
		}
		closeNest(b, outer, uint16(ps[i].Policy))
		i = j
	}
	return b, nil
}

// UnmarshalNetlinkFrom reads the nests, marked NLA_F_NESTED or not, with d. Every
// entry must have its NL_POLICY_TYPE_ATTR_TYPE, as the kernel's do: an
// entry's Go form is much larger than an empty nest, and hostile input
// must not be able to claim thousands of them for four bytes each. The
// entries are counted first and allocated at once.
func (ps *Policies) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	*ps = nil
	n := 0
	for outer, err := range nltag.Attrs(data) {
		if err != nil {
			return err
		}
		for inner, err := range nltag.Attrs(outer.Data) {
			if err != nil {
				return err
			}
			if !hasAttr(inner.Data, unix.NL_POLICY_TYPE_ATTR_TYPE) {
				return fmt.Errorf("genl: policy %d of attribute %d has no NL_POLICY_TYPE_ATTR_TYPE", outer.Num(), inner.Num())
			}
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make(Policies, n)
	i := 0
	for outer := range nltag.Attrs(data) {
		for inner := range nltag.Attrs(outer.Data) {
			// Decoded in place: a local entry would escape, one allocation each.
			e := &out[i]
			e.Policy, e.Attr = uint32(outer.Num()), inner.Num()
			if err := d.Unmarshal(inner.Data, &e.AttrPolicy); err != nil {
				return err
			}
			i++
		}
	}
	*ps = out
	return nil
}

// hasAttr reports whether the attributes of data include one of type num.
func hasAttr(data []byte, num uint16) bool {
	for a, err := range nltag.Attrs(data) {
		if err != nil {
			return false
		}
		if a.Num() == num {
			return true
		}
	}
	return false
}

// OpPolicy gives the policies that validate a command's requests: Do for
// single requests, Dump for dumps, each nil when there is none.
type OpPolicy struct {
	_    nltag.Set `nla:"nlctrl-op-policy"`
	Do   *uint32   `nla:"CTRL_ATTR_POLICY_DO"`
	Dump *uint32   `nla:"CTRL_ATTR_POLICY_DUMP"`
	Wire nltag.Wire
}

// OpPolicyEntry is the OpPolicy of one command.
type OpPolicyEntry struct {
	Command uint8
	OpPolicy
}

// OpPolicies is the payload of CTRL_ATTR_OP_POLICY: command policies nested
// by command number.
type OpPolicies []OpPolicyEntry

// MarshalNetlink writes the nests, marked NLA_F_NESTED as the kernel does.
func (ps OpPolicies) MarshalNetlink(b []byte) ([]byte, error) {
	for i := range ps {
		h := len(b)
		b = append(b, 0, 0, 0, 0)
		var err error
		if b, err = nltag.AppendMarshal(b, &ps[i].OpPolicy); err != nil {
			return b, err
		}
		closeNest(b, h, uint16(ps[i].Command))
	}
	return b, nil
}

// UnmarshalNetlinkFrom reads the nests, marked NLA_F_NESTED or not, with d.
func (ps *OpPolicies) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	*ps = nil
	for a, err := range nltag.Attrs(data) {
		if err != nil {
			return err
		}
		if a.Num() > 0xff {
			return fmt.Errorf("genl: operation policy of command %d, beyond 255", a.Num())
		}
		*ps = append(*ps, OpPolicyEntry{Command: uint8(a.Num())})
		if err := d.Unmarshal(a.Data, &(*ps)[len(*ps)-1].OpPolicy); err != nil {
			return err
		}
	}
	return nil
}

var ne = binary.NativeEndian

// closeNest fills in the header of the nest that starts at h of b.
func closeNest(b []byte, h int, typ uint16) {
	ne.PutUint16(b[h:], uint16(len(b)-h))
	ne.PutUint16(b[h+2:], typ|nltag.FlagNested)
}

// AttrType is the type of an attribute in a policy (NL_ATTR_TYPE_*).
type AttrType uint32

// Attribute types.
const (
	AttrInvalid     AttrType = unix.NL_ATTR_TYPE_INVALID
	AttrFlag        AttrType = unix.NL_ATTR_TYPE_FLAG
	AttrU8          AttrType = unix.NL_ATTR_TYPE_U8
	AttrU16         AttrType = unix.NL_ATTR_TYPE_U16
	AttrU32         AttrType = unix.NL_ATTR_TYPE_U32
	AttrU64         AttrType = unix.NL_ATTR_TYPE_U64
	AttrS8          AttrType = unix.NL_ATTR_TYPE_S8
	AttrS16         AttrType = unix.NL_ATTR_TYPE_S16
	AttrS32         AttrType = unix.NL_ATTR_TYPE_S32
	AttrS64         AttrType = unix.NL_ATTR_TYPE_S64
	AttrBinary      AttrType = unix.NL_ATTR_TYPE_BINARY
	AttrString      AttrType = unix.NL_ATTR_TYPE_STRING
	AttrNulString   AttrType = unix.NL_ATTR_TYPE_NUL_STRING
	AttrNested      AttrType = unix.NL_ATTR_TYPE_NESTED
	AttrNestedArray AttrType = unix.NL_ATTR_TYPE_NESTED_ARRAY
	AttrBitfield32  AttrType = unix.NL_ATTR_TYPE_BITFIELD32
	AttrSint        AttrType = 16 // NL_ATTR_TYPE_SINT: 4 or 8 bytes, signed
	AttrUint        AttrType = 17 // NL_ATTR_TYPE_UINT: 4 or 8 bytes, unsigned
)

var attrTypes = netlink.NewEnum(map[AttrType]string{
	AttrInvalid:     "NL_ATTR_TYPE_INVALID",
	AttrFlag:        "NL_ATTR_TYPE_FLAG",
	AttrU8:          "NL_ATTR_TYPE_U8",
	AttrU16:         "NL_ATTR_TYPE_U16",
	AttrU32:         "NL_ATTR_TYPE_U32",
	AttrU64:         "NL_ATTR_TYPE_U64",
	AttrS8:          "NL_ATTR_TYPE_S8",
	AttrS16:         "NL_ATTR_TYPE_S16",
	AttrS32:         "NL_ATTR_TYPE_S32",
	AttrS64:         "NL_ATTR_TYPE_S64",
	AttrBinary:      "NL_ATTR_TYPE_BINARY",
	AttrString:      "NL_ATTR_TYPE_STRING",
	AttrNulString:   "NL_ATTR_TYPE_NUL_STRING",
	AttrNested:      "NL_ATTR_TYPE_NESTED",
	AttrNestedArray: "NL_ATTR_TYPE_NESTED_ARRAY",
	AttrBitfield32:  "NL_ATTR_TYPE_BITFIELD32",
	AttrSint:        "NL_ATTR_TYPE_SINT",
	AttrUint:        "NL_ATTR_TYPE_UINT",
})

// String returns the type's name, such as "NL_ATTR_TYPE_U32".
func (t AttrType) String() string { return attrTypes.Format(t) }

// FamilyPolicy is a family's attribute validation, gathered from a whole
// CTRL_CMD_GETPOLICY dump.
type FamilyPolicy struct {
	// Ops gives, by command, the policies of its requests.
	Ops map[uint8]OpPolicy
	// Attrs gives, by policy index and then attribute number, how each
	// attribute is validated.
	Attrs map[uint32]map[uint16]AttrPolicy
}

// add merges the contents of one reply.
func (fp *FamilyPolicy) add(m *PolicyMessage) {
	for _, o := range m.OpPolicy {
		fp.Ops[o.Command] = o.OpPolicy
	}
	for _, a := range m.Policy {
		if fp.Attrs[a.Policy] == nil {
			fp.Attrs[a.Policy] = map[uint16]AttrPolicy{}
		}
		fp.Attrs[a.Policy][a.Attr] = a.AttrPolicy
	}
}
