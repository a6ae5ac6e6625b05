package nltag

import (
	"net"
	"net/netip"
	"reflect"
	"testing"
)

// skipKinds has a field of each kind plan.encode may skip, zero-valued.
type skipKinds struct {
	Hdr    uint32
	U32    uint32           `nla:"1,omitempty"`
	U32Set uint32           `nla:"2"`
	Str    string           `nla:"3,omitempty"`
	StrSet string           `nla:"4"`
	Bytes  []byte           `nla:"5"`
	Ether  net.HardwareAddr `nla:"6"`
	Arr    [4]byte          `nla:"7"`
	ArrOm  [4]byte          `nla:"8,omitempty"`
	IP     netip.Addr       `nla:"9"`
	V4     netip.Addr       `nla:"10,ipv4"`
	Flag   bool             `nla:"11,flag"`
	Nest   *skipNest        `nla:"12"`
	NestV  skipNest         `nla:"13"`
	NestOm skipNest         `nla:"14,omitempty"`
	Multi  []uint32         `nla:"15,multi"`
	Ptr    *uint32          `nla:"16"`
	Idx    []skipNest       `nla:"17,indexed"`
}

type skipNest struct {
	A uint32 `nla:"1,omitempty"`
}

// TestZeroSkip checks that every field plan.encode skips when its test
// holds is one its encoder would have written nothing for, and that the
// zero fields an encoder writes are still written.
func TestZeroSkip(t *testing.T) {
	p, err := planFor(reflect.TypeFor[skipKinds]())
	if err != nil {
		t.Fatal(err)
	}
	var v skipKinds
	skipped := 0
	for i := range p.attrs {
		f := &p.attrs[i]
		fp := at(ptr(&v), f.off)
		if !f.skip.absent(fp, f.size) {
			continue
		}
		skipped++
		if b, err := f.enc(nil, f, fp, 0, false, 0); err != nil || len(b) != 0 {
			t.Errorf("%s: skipped, but its encoder writes %x (%v)", f.goName, b, err)
		}
	}
	if skipped < 10 {
		t.Errorf("only %d fields skipped", skipped)
	}
	b, err := Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	var got []uint16
	for a, err := range Attrs(b[4:]) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, a.Num())
	}
	// U32Set, StrSet, Arr, NestV: written though zero.
	if want := []uint16{2, 4, 7, 13}; !reflect.DeepEqual(got, want) {
		t.Errorf("zero value writes attributes %v, want %v", got, want)
	}
}
