package ynl_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/ynl"
)

// TestAgreementPacked checks a packed slice against the spec's binary of
// integer sub-type: its element width and signedness must be the spec's.
func TestAgreementPacked(t *testing.T) {
	f, err := ynl.Parse([]byte(`
name: pk
protocol: netlink-raw
attribute-sets:
  -
    name: pk-attrs
    attributes:
      -
        name: weights
        type: binary
        sub-type: s32
        value: 1
`))
	if err != nil {
		t.Fatal(err)
	}
	type good struct {
		Weights []int32 `nla:"1,packed"`
	}
	type narrow struct {
		Weights []int16 `nla:"1,packed"`
	}
	type unsigned struct {
		Weights []uint32 `nla:"1,packed"`
	}
	for _, tc := range []struct {
		t        reflect.Type
		disagree bool
	}{
		{reflect.TypeFor[good](), false},
		{reflect.TypeFor[narrow](), true},
		{reflect.TypeFor[unsigned](), true},
	} {
		c := &ynl.Checker{F: f}
		c.CheckStruct("pk", tc.t, "", "pk-attrs")
		var got []string
		for _, x := range c.Findings {
			if x.Severity == ynl.Disagree {
				got = append(got, x.String())
			}
		}
		if (len(got) > 0) != tc.disagree {
			t.Errorf("%v: disagreements %q, want some: %v", tc.t, strings.Join(got, "; "), tc.disagree)
		}
		if tc.disagree && len(got) > 0 && !strings.Contains(got[0], "Go packed") {
			t.Errorf("%v: %s, want the packed check's finding", tc.t, got[0])
		}
	}
}
