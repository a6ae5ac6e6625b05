package nltag_test

import (
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

// kindOf is a struct with a pointer (its string), of a type of its own for
// each K, and 136 bytes long: fifteen of its values fill a 2 KiB chunk.
type kindOf[K any] struct {
	_ [0]K
	S string    `nla:"1"`
	N [120]byte `nla:"2"`
}

// manyKinds points to twenty such types.
type manyKinds struct {
	A01 *kindOf[[1]byte]  `nla:"1"`
	A02 *kindOf[[2]byte]  `nla:"2"`
	A03 *kindOf[[3]byte]  `nla:"3"`
	A04 *kindOf[[4]byte]  `nla:"4"`
	A05 *kindOf[[5]byte]  `nla:"5"`
	A06 *kindOf[[6]byte]  `nla:"6"`
	A07 *kindOf[[7]byte]  `nla:"7"`
	A08 *kindOf[[8]byte]  `nla:"8"`
	A09 *kindOf[[9]byte]  `nla:"9"`
	A10 *kindOf[[10]byte] `nla:"10"`
	A11 *kindOf[[11]byte] `nla:"11"`
	A12 *kindOf[[12]byte] `nla:"12"`
	A13 *kindOf[[13]byte] `nla:"13"`
	A14 *kindOf[[14]byte] `nla:"14"`
	A15 *kindOf[[15]byte] `nla:"15"`
	A16 *kindOf[[16]byte] `nla:"16"`
	A17 *kindOf[[17]byte] `nla:"17"`
	A18 *kindOf[[18]byte] `nla:"18"`
	A19 *kindOf[[19]byte] `nla:"19"`
	A20 *kindOf[[20]byte] `nla:"20"`
}

// A type that points to many types of values with pointers is held to
// the memory bound on a cold pool too: each type's values are carved from
// chunks of 2 KiB, which a call may start only as far as its budget pays
// for them (twenty chunks for 80 bytes of empty nests took 43 KB).
func TestSlabChunksBound(t *testing.T) {
	var in []byte
	for i := uint16(1); i <= 20; i++ {
		in = nltag.AppendAttr(in, i, nil)
	}
	membound.Check(t, "twenty pointer types from 80 bytes", len(in), func() {
		var v manyKinds
		if err := nltag.Unmarshal(in, &v); err != nil {
			t.Fatal(err)
		}
		if v.A01 == nil || v.A20 == nil {
			t.Fatal("empty nests decoded to nil pointers")
		}
	})
}
