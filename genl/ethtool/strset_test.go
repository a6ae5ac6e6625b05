package ethtool

import (
	"slices"
	"strings"
	"testing"
)

// TestStringSetListErrors checks what Client.Strings reports of a set that
// List cannot give in full, and that a whole set gives no error.
func TestStringSetListErrors(t *testing.T) {
	strs := func(indices ...uint32) []StringList {
		var l StringList
		for _, i := range indices {
			l.Strings = append(l.Strings, String{Index: i, Value: "x"})
		}
		return []StringList{l}
	}
	for _, tc := range []struct {
		set  StringSet
		want []string
		err  string
	}{
		{StringSet{ID: SSFeatures, Count: 2, Strings: strs(1, 0)}, []string{"x", "x"}, ""},
		{StringSet{ID: SSFeatures, Count: 3, Strings: strs(0, 2)}, []string{"x", "", "x"}, ""},
		{StringSet{ID: SSFeatures}, []string{}, ""},
		{StringSet{ID: SSFeatures, Count: 64}, []string{}, "ETH_SS_FEATURES claims 64 strings and holds 0"},
		{StringSet{ID: SSStats, Count: 5, Strings: strs(0, 1)}, []string{"x", "x", "", ""}, "ETH_SS_STATS claims 5 strings and holds 2"},
		{StringSet{ID: SSStats, Strings: strs(0, 1, 1<<31)}, []string{"x", "x", "", "", "", ""}, "ETH_SS_STATS: string 2 of list 0 has index 2147483648, beyond twice the 3 strings it holds"},
	} {
		got, err := tc.set.list()
		if !slices.Equal(got, tc.want) || (err == nil) != (tc.err == "") || err != nil && !strings.HasSuffix(err.Error(), tc.err) {
			t.Errorf("%+v: got %q, %v; want %q, %q", tc.set, got, err, tc.want, tc.err)
		}
		if l := tc.set.List(); !slices.Equal(l, got) {
			t.Errorf("%+v: List gives %q, list %q", tc.set, l, got)
		}
	}
}
