package nltag_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

type rootA struct {
	Kind uint8
	_    [3]byte
	Name string `nla:"1,string"`
}

type rootB struct {
	ID  uint32
	Num uint32 `nla:"2"`
}

// TestAppendMarshalRoots encodes pointers of two types in turn, from
// several goroutines, as AppendMarshal's cache of the last pointer type
// meets them: each encodes as its value does, which goes the uncached way,
// and a nil pointer of a cached type is still an error.
func TestAppendMarshalRoots(t *testing.T) {
	a, b := &rootA{Kind: 1, Name: "eth0"}, &rootB{ID: 7, Num: 9}
	wantA, err := nltag.Marshal(*a)
	if err != nil {
		t.Fatal(err)
	}
	wantB, err := nltag.Marshal(*b)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			var buf []byte
			for i := range 200 {
				v, want := any(a), wantA
				if (i+g)%3 == 0 {
					v, want = b, wantB
				}
				got, err := nltag.AppendMarshal(buf[:0], v)
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("AppendMarshal(%T) = %x, %v; want %x", v, got, err, want)
					return
				}
				buf = got
			}
		})
	}
	wg.Wait()
	if _, err := nltag.AppendMarshal(nil, (*rootA)(nil)); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("AppendMarshal of a nil *rootA after others = %v, want an error naming nil", err)
	}
}
