package nltag_test

// Regressions found by the seventh review, through the randomized property
// test's sub-message, attribute set and flag generator
// (property_submsg_test.go).

import (
	"bytes"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

type r7CStruct struct{ A, B uint16 }

type r7Indexed struct {
	L []r7CStruct `nla:"1,indexed"`
}

// NLA_F_NESTED marks a payload that is a list of attributes: a nest, not
// a C struct (a struct of header fields alone), which a direct field
// writes without it. The elements of an indexed array of C structs
// carried it all the same, as if they were nests, and a strictly
// validating kernel refuses a flag its policy does not expect.
func TestR7IndexedCStructElementsNotNested(t *testing.T) {
	b, err := nltag.Marshal(&r7Indexed{L: []r7CStruct{{1, 2}, {3, 4}}})
	if err != nil {
		t.Fatal(err)
	}
	elem := func(n uint16, a, b byte) []byte { return nltag.AppendAttr(nil, n, []byte{a, 0, b, 0}) }
	want := nltag.AppendAttr(nil, 1|nltag.FlagNested, append(elem(1, 1, 2), elem(2, 3, 4)...))
	if !bytes.Equal(b, want) {
		t.Errorf("Marshal = %x, want %x", b, want)
	}
}
