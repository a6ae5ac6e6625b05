package nltag_test

import (
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

type DupA struct {
	X uint32 `nla:"1"`
	Y uint32 `nla:"3"`
}

type DupB struct {
	X uint32 `nla:"2"`
}

type dupInline struct {
	DupA `nla:",inline"`
	B    *DupB `nla:",inline"`
}

// Two inline structs may both have a field X: Format names each by its
// path then, so that a golden file says which is which. Names nothing
// else shares stay short.
func TestFormatInlineNames(t *testing.T) {
	got := nltag.Format(&dupInline{DupA{1, 3}, &DupB{2}})
	want := "nltag_test.dupInline\n  DupA.X: 1\n  Y: 3\n  B.X: 2\n"
	if got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
}
