package ethtool_test

import (
	"encoding/binary"
	"slices"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// strsetReply returns an ETHTOOL_MSG_STRSET_GET_REPLY body holding one
// string set of ETH_SS_FEATURES with the given count (none if count is
// nil) and one string per index.
func strsetReply(count *uint32, indices ...uint32) []byte {
	u32 := func(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }
	set := nltag.AppendAttr(nil, unix.ETHTOOL_A_STRINGSET_ID, u32(uint32(ethtool.SSFeatures)))
	if count != nil {
		set = nltag.AppendAttr(set, unix.ETHTOOL_A_STRINGSET_COUNT, u32(*count))
	}
	if len(indices) > 0 {
		var strs []byte
		for _, i := range indices {
			str := nltag.AppendAttr(nil, unix.ETHTOOL_A_STRING_INDEX, u32(i))
			str = nltag.AppendAttr(str, unix.ETHTOOL_A_STRING_VALUE, []byte("x\x00"))
			strs = nltag.AppendAttr(strs, unix.ETHTOOL_A_STRINGS_STRING, str)
		}
		set = nltag.AppendAttr(set, unix.ETHTOOL_A_STRINGSET_STRINGS, strs)
	}
	sets := nltag.AppendAttr(nil, unix.ETHTOOL_A_STRINGSETS_STRINGSET, set)
	return nltag.AppendAttr([]byte{ethtool.MsgStrsetGet, ethtool.Version, 0, 0}, unix.ETHTOOL_A_STRSET_STRINGSETS, sets)
}

// decodeLists decodes a string set reply and lists its sets, as
// Client.Strings does. It keeps the lists of the first few sets only, so
// that a message of many empty sets measures List and not the test's own
// slice of lists.
func decodeLists(b []byte) (lists [][]string, err error) {
	_, lists, err = decodeStrset(b)
	return lists, err
}

// decodeStrset is decodeLists that also returns the message decoded.
func decodeStrset(b []byte) (_ *ethtool.Strset, lists [][]string, err error) {
	m := new(ethtool.Strset)
	if err := nltag.Unmarshal(b, m); err != nil {
		return nil, nil, err
	}
	if m.StringSets != nil {
		lists = make([][]string, 0, 2)
		for i := range m.StringSets.Sets {
			if l := m.StringSets.Sets[i].List(); len(lists) < cap(lists) {
				lists = append(lists, l)
			}
		}
	}
	return m, lists, nil
}

// TestStringSetMemory decodes and lists string sets whose count or
// indices claim far more strings than the message holds: what List
// allocates follows the strings present, so a message of a few dozen
// bytes cannot make it allocate a list of 65,536 strings (1 MiB), as it
// did when it trusted Count up to 1<<16.
func TestStringSetMemory(t *testing.T) {
	n := func(v uint32) *uint32 { return &v }
	for _, tc := range []struct {
		name string
		in   []byte
		want []string // the list of the one set
	}{
		{"count 65536, no strings", strsetReply(n(1 << 16)), []string{}},
		{"count 0xffffffff, no strings", strsetReply(n(0xffffffff)), []string{}},
		{"count 0xffffffff, one string", strsetReply(n(0xffffffff), 0), []string{"x", ""}},
		{"one string at index 0xffff", strsetReply(nil, 0xffff), []string{"", ""}},
		{"one string at index 1<<31", strsetReply(nil, 1<<31), []string{"", ""}},
		{"count 2, strings 0 and 1", strsetReply(n(2), 0, 1), []string{"x", "x"}},
		{"count 3, strings 0 and 2", strsetReply(n(3), 0, 2), []string{"x", "", "x"}},
	} {
		var lists [][]string
		var err error
		membound.Check(t, tc.name, len(tc.in), func() { lists, err = decodeLists(tc.in) })
		t.Logf("%s: %d bytes, allocated %d", tc.name, len(tc.in), membound.Bytes(func() { lists, err = decodeLists(tc.in) }))
		if err != nil || len(lists) != 1 || !slices.Equal(lists[0], tc.want) {
			t.Errorf("%s: got %d lists, %v; want one list %q", tc.name, len(lists), err, tc.want)
			for _, l := range lists {
				t.Logf("a list of %d: %q", len(l), l[:min(len(l), 4)])
			}
		}
	}
}

// TestStringSetCapturesMemory lists the sets of the captured string set
// replies, and of the membound.Sweep variants of them: among them 8,192
// empty sets, string lists or strings, which take 17.6–19.6× their bytes
// as whole elements (72–80 bytes each) and pass on the value's objects
// (see RELIABILITY.md, Memory).
func TestStringSetCapturesMemory(t *testing.T) {
	for _, name := range []string{"strset-features", "strset-dev", "strset-counts"} {
		b, err := golden.ReadHex("../../testdata/genl/ethtool/" + name + ".hex")
		if err != nil {
			t.Fatal(err)
		}
		for m := range netlink.Messages(b) {
			if m.Header.Flags&netlink.Request != 0 {
				continue
			}
			membound.Check(t, name, len(m.Data), func() { decodeLists(m.Data) })
			// The kernel's sets come whole: Count strings, or none when
			// only counts were asked for.
			var r ethtool.Strset
			if err := nltag.Unmarshal(m.Data, &r); err != nil || r.StringSets == nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, set := range r.StringSets.Sets {
				want := int(set.Count)
				if r.CountsOnly || set.Strings == nil {
					want = 0
				}
				if l := set.List(); len(l) != want {
					t.Errorf("%s: %v lists %d strings of %d", name, set.ID, len(l), set.Count)
				}
			}
			membound.Sweep(t, [][]byte{m.Data}, 64, func(body []byte) (any, error) {
				m, lists, err := decodeStrset(body)
				return []any{m, lists}, err
			})
		}
	}
}
