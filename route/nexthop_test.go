package route

import (
	"errors"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

func FuzzNextHop(f *testing.F) { fuzzRouteBody[NextHopObject](f, "nexthop-") }

func TestGroupEntryWeight(t *testing.T) {
	for _, w := range []int{1, 2, 255, 256, 257, 65536} {
		var e GroupEntry
		e.SetWeight(w)
		if got := e.FullWeight(); got != w {
			t.Errorf("SetWeight(%d): FullWeight = %d (weight %d, high %d)", w, got, e.Weight, e.WeightHigh)
		}
	}
}

func TestNextHopGroupLength(t *testing.T) {
	// NHA_GROUP of 12 bytes: one entry and a half.
	in := nltag.AppendAttr(make([]byte, 8), 2, make([]byte, 12))
	var nh NextHopObject
	err := nltag.Unmarshal(in, &nh)
	var ne *nltag.Error
	if !errors.As(err, &ne) || ne.Path != "Group" {
		t.Fatalf("Unmarshal = %v, want an error at Group", err)
	}
}
