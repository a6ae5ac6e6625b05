package nltag_test

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// Concurrent first uses of a type each see its whole plan: none prints a
// plan still being built. Struct types made at run time are new to the
// cache in every run of the test; each round takes one of its own.
func TestFormatFirstUse(t *testing.T) {
	for round := range 20 {
		var fields []reflect.StructField
		for i := range 40 {
			fields = append(fields, reflect.StructField{
				Name: "F" + itoa(i) + "R" + itoa(round),
				Type: reflect.TypeFor[uint32](),
				Tag:  reflect.StructTag(`nla:"` + itoa(i+1) + `"`),
			})
		}
		v := reflect.New(reflect.StructOf(fields))
		for i := range 40 {
			v.Elem().Field(i).SetUint(uint64(i + 1))
		}
		var wg sync.WaitGroup
		out := make([]string, 100)
		for i := range out {
			wg.Go(func() { out[i] = nltag.Format(v.Interface()) })
		}
		wg.Wait()
		for i, s := range out {
			if n := strings.Count(s, "\n"); n != 41 {
				t.Fatalf("round %d, call %d printed %d of 40 fields:\n%s", round, i, n-1, s)
			}
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// A type whose plan fails makes every type that reaches it fail, whatever
// was used first.
type poisonA struct {
	B *poisonB `nla:"1"`
	C chan int `nla:"2"`
}

type poisonB struct {
	A *poisonA `nla:"1"`
	X uint32   `nla:"2"`
}

type poisonC struct {
	D *poisonD `nla:"1"`
	C chan int `nla:"2"`
}

type poisonD struct {
	C *poisonC `nla:"1"`
	X uint32   `nla:"2"`
}

func TestFailedPlanPoisonsNone(t *testing.T) {
	// A then B, and (another pair) D then C: both must fail either way.
	if err := nltag.Check(&poisonA{}); err == nil {
		t.Fatal("Check(poisonA) passed")
	}
	if err := nltag.Check(&poisonB{}); err == nil {
		t.Error("Check(poisonB) passed after Check(poisonA) failed")
	}
	if _, err := nltag.Marshal(&poisonB{A: &poisonA{}, X: 7}); err == nil {
		t.Error("Marshal(poisonB) passed")
	}
	in := nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 1, nil))
	if err := nltag.Unmarshal(in, &poisonB{}); err == nil {
		t.Error("Unmarshal(poisonB) passed")
	}
	if err := nltag.Check(&poisonD{}); err == nil {
		t.Error("Check(poisonD) passed")
	}
	if err := nltag.Check(&poisonC{}); err == nil {
		t.Error("Check(poisonC) passed")
	}
}
