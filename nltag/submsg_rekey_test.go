package nltag_test

import (
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

type rekeyOld struct {
	A uint32 `nla:"1"`
}

type rekeyNew struct {
	B uint32 `nla:"1"`
}

type rekeyOther struct {
	C uint32 `nla:"1"`
}

// TestSubMessageKeyReplaced: a key registered again selects the new type,
// so the replaced type has no key any more; a type of another key keeps its
// own, and an integer key replaced through another integer type counts.
func TestSubMessageKeyReplaced(t *testing.T) {
	const tbl = "test-rekey"
	nltag.RegisterSubMessageOf[rekeyOld](tbl, uint16(7))
	nltag.RegisterSubMessageOf[rekeyOther](tbl, "other")
	if k, ok := nltag.SubMessageKey(tbl, &rekeyOld{}); !ok || k != uint16(7) {
		t.Fatalf("before: SubMessageKey(*rekeyOld) = %v, %v", k, ok)
	}
	nltag.RegisterSubMessageOf[rekeyNew](tbl, 7)
	if k, ok := nltag.SubMessageKey(tbl, &rekeyOld{}); ok {
		t.Errorf("SubMessageKey(*rekeyOld) = %v after key 7 went to *rekeyNew", k)
	}
	if k, ok := nltag.SubMessageKey(tbl, &rekeyNew{}); !ok || k != 7 {
		t.Errorf("SubMessageKey(*rekeyNew) = %v, %v; want 7", k, ok)
	}
	if k, ok := nltag.SubMessageKey(tbl, &rekeyOther{}); !ok || k != "other" {
		t.Errorf("SubMessageKey(*rekeyOther) = %v, %v; want other", k, ok)
	}
	// A type under two keys keeps the one that still selects it.
	nltag.RegisterSubMessageOf[rekeyOther](tbl, "second")
	nltag.RegisterSubMessageOf[rekeyNew](tbl, "second")
	if k, ok := nltag.SubMessageKey(tbl, &rekeyOther{}); !ok || k != "other" {
		t.Errorf("SubMessageKey(*rekeyOther) = %v, %v after its key second went to *rekeyNew; want other", k, ok)
	}
}
