package ynl

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// dump renders a node tree compactly for comparisons.
func dump(n *Node) any {
	switch n.Kind {
	case Scalar:
		return n.Value
	case Sequence:
		out := []any{}
		for _, it := range n.Items {
			out = append(out, dump(it))
		}
		return out
	case Mapping:
		out := map[string]any{}
		for i, k := range n.Keys {
			out[k] = dump(n.Vals[i])
		}
		return out
	}
	return nil
}

func TestParseYAML(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      any
	}{
		{"mapping", "a: 1\nb: two # comment\n", map[string]any{"a": "1", "b": "two"}},
		{"document start and directive", "%YAML 1.2\n---\nx: y\n", map[string]any{"x": "y"}},
		{"null", "a:\nb: ~\n", map[string]any{"a": nil, "b": nil}},
		{"dash on its own line", "l:\n  -\n    name: a\n    type: u8\n  -\n    name: b\n",
			map[string]any{"l": []any{map[string]any{"name": "a", "type": "u8"}, map[string]any{"name": "b"}}}},
		{"dash with mapping", "l:\n  - name: a\n    v: 1\n  - b\n",
			map[string]any{"l": []any{map[string]any{"name": "a", "v": "1"}, "b"}}},
		{"sequence at key indentation", "l:\n- a\n- b\nm: c\n", map[string]any{"l": []any{"a", "b"}, "m": "c"}},
		{"flow sequence", `t: [ string, "null", 'it''s' ]`, map[string]any{"t": []any{"string", "null", "it's"}}},
		{"flow over lines", "t: [ a, b,\n     c ]\n", map[string]any{"t": []any{"a", "b", "c"}}},
		{"quoted", `a: "x # y"` + "\nb: 'q'\n", map[string]any{"a": "x # y", "b": "q"}},
		{"plain continued", "doc: one\n  two\n  three\nnext: x\n", map[string]any{"doc": "one two three", "next": "x"}},
		{"literal", "doc: |\n  line one\n\n  line two\nx: 1\n", map[string]any{"doc": "line one\n\nline two\n", "x": "1"}},
		{"folded strip", "doc: >-\n  one\n  two\n\n  three\n", map[string]any{"doc": "one two\nthree"}},
		{"anchor and alias", "a: &x\n  k: v\nb: *x\nc: &s\n  - 1\nd: *s\n",
			map[string]any{"a": map[string]any{"k": "v"}, "b": map[string]any{"k": "v"}, "c": []any{"1"}, "d": []any{"1"}}},
		{"hash inside word", "a: b#c\n", map[string]any{"a": "b#c"}},
		{"repeated key", "a: 1\na: 2\n", map[string]any{"a": "2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := ParseYAML([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, dump(n)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseYAMLErrors(t *testing.T) {
	for _, src := range []string{
		"a: {b: c}\n",
		"a: *nope\n",
		"a: [x, y\n",
		"a: b\n: d\n",
		"a: |2\n  x\n",
	} {
		if _, err := ParseYAML([]byte(src)); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}
