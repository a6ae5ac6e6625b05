package iproute

import (
	"bytes"
	"testing"
)

func TestPrint(t *testing.T) {
	for _, tc := range []struct {
		json, pretty bool
		objs         []map[string]int
		texts        []string
		want         string
	}{
		{false, false, nil, []string{"a\n", "b\n"}, "a\nb\n"},
		{true, false, nil, nil, "[]\n"},
		{true, false, []map[string]int{{"x": 1}}, nil, `[{"x":1}]` + "\n"},
		{true, true, []map[string]int{{"x": 1}}, nil, "[\n    {\n        \"x\": 1\n    }\n]\n"},
	} {
		var b bytes.Buffer
		if err := Print(&b, tc.json, tc.pretty, tc.objs, tc.texts); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("Print(json=%v, pretty=%v) = %q, want %q", tc.json, tc.pretty, b.String(), tc.want)
		}
	}
}
