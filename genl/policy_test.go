package genl_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/nltag"
)

// TestPoliciesRoundTrip encodes attribute and command policies and decodes
// them back; entries of one policy share its nest.
func TestPoliciesRoundTrip(t *testing.T) {
	m := &genl.PolicyMessage{
		Header:   genl.Header{Command: genl.CtrlCmdGetPolicy, Version: genl.CtrlVersion},
		FamilyID: 21,
		Policy: genl.Policies{
			{Policy: 1, Attr: 2, AttrPolicy: genl.AttrPolicy{Type: genl.AttrNulString, MaxLength: new(uint32(15))}},
			{Policy: 1, Attr: 3, AttrPolicy: genl.AttrPolicy{Type: genl.AttrU32, Mask: new(uint64(3))}},
			{Policy: 2, Attr: 1, AttrPolicy: genl.AttrPolicy{Type: genl.AttrNested, PolicyIndex: new(uint32(1))}},
		},
		OpPolicy: genl.OpPolicies{{Command: 2, OpPolicy: genl.OpPolicy{Do: new(uint32(0)), Dump: new(uint32(2))}}},
	}
	b, err := nltag.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back genl.PolicyMessage
	if err := nltag.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(m, &back, cmpopts.IgnoreTypes(nltag.Wire{}), cmpopts.IgnoreUnexported(genl.Header{}, genl.PolicyMessage{}, genl.AttrPolicy{}, genl.OpPolicy{})); d != "" {
		t.Errorf("round trip (-sent +decoded):\n%s", d)
	}
	// Policy 1 is one nest holding attributes 2 and 3, flagged nested.
	var outer []nltag.Attr
	for a, err := range nltag.Attrs(b[4:]) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Num() == 8 { // CTRL_ATTR_POLICY
			for p := range nltag.Attrs(a.Data) {
				outer = append(outer, p)
			}
		}
	}
	if len(outer) != 2 || outer[0].Type != 1|nltag.FlagNested || outer[1].Type != 2|nltag.FlagNested {
		t.Errorf("policy nests: %+v", outer)
	}
}

func TestPolicyKeyLimits(t *testing.T) {
	if _, err := nltag.Marshal(&genl.PolicyMessage{Policy: genl.Policies{{Policy: 1 << 14}}}); err == nil {
		t.Error("a policy index beyond 14 bits was encoded")
	}
	// Command 300 in an operation policy cannot be a command.
	b := nltag.AppendAttr(nil, 300|nltag.FlagNested, nltag.AppendAttr(nil, 1, []byte{0, 0, 0, 0}))
	b = nltag.AppendAttr([]byte{10, 2, 0, 0}, 9, b)
	var m genl.PolicyMessage
	if err := nltag.Unmarshal(b, &m); err == nil {
		t.Errorf("decoded command 300: %+v", m.OpPolicy)
	}
}

func TestFamilyLookups(t *testing.T) {
	f := &genl.Family{
		Ops:    []genl.Op{{ID: 3, Flags: genl.OpCanDo | genl.OpHasPolicy}},
		Groups: []genl.MulticastGroup{{Name: "notify", ID: 16}},
	}
	if op, ok := f.Op(3); !ok || op.Flags.String() != "GENL_CMD_CAP_DO|GENL_CMD_CAP_HASPOL" {
		t.Errorf("Op(3) = %v, %v", op, ok)
	}
	if _, ok := f.Op(4); ok {
		t.Error("Op(4) found")
	}
	if g, ok := f.Group("notify"); !ok || g.ID != 16 {
		t.Errorf("Group = %v, %v", g, ok)
	}
	if genl.AttrUint.String() != "NL_ATTR_TYPE_UINT" || genl.AttrType(99).String() != "99" {
		t.Error(genl.AttrUint, genl.AttrType(99))
	}
}
