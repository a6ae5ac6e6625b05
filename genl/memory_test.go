package genl_test

import (
	"encoding/binary"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

// policyDump returns a CTRL_CMD_GETPOLICY reply body whose CTRL_ATTR_POLICY
// holds n attribute policies of policy 0, each inner holding inner bytes.
func policyDump(n int, inner []byte) []byte {
	var entries []byte
	for i := range n {
		entries = nltag.AppendAttr(entries, uint16(i), inner)
	}
	outer := nltag.AppendAttr(nil, 0, entries)
	return nltag.AppendAttr([]byte{unix.CTRL_CMD_GETPOLICY, 1, 0, 0}, unix.CTRL_ATTR_POLICY, outer)
}

// TestPolicyDumpMemory decodes policy dumps claiming many entries: memory
// follows the bytes, whatever the entries claim.
func TestPolicyDumpMemory(t *testing.T) {
	typ := binary.NativeEndian.AppendUint32(nil, uint32(genl.AttrU32))
	for _, tc := range []struct {
		name  string
		in    []byte
		fails bool
	}{
		{"4096 typed entries", policyDump(4096, nltag.AppendAttr(nil, unix.NL_POLICY_TYPE_ATTR_TYPE, typ)), false},
		{"8192 entries without a type", policyDump(8192, nil), true},
		{"entry claiming 0xffff bytes", append(policyDump(1, nil)[:len(policyDump(1, nil))-4], 0xff, 0xff, 0, 0), true},
	} {
		var m genl.PolicyMessage
		var err error
		membound.Check(t, tc.name, len(tc.in), func() { err = nltag.Unmarshal(tc.in, &m) })
		if (err != nil) != tc.fails {
			t.Errorf("%s: err = %v", tc.name, err)
		}
	}
}
