package iproute

import "testing"

func TestFindObject(t *testing.T) {
	objs := []Object[int]{{Names: []string{"link", "l"}, Help: "L"}, {Names: []string{"fdb", "f"}, Help: "F"}}
	if o := FindObject(objs, "f"); o == nil || o.Help != "F" {
		t.Errorf("FindObject(f) = %v, want fdb", o)
	}
	if o := FindObject(objs, "x"); o != nil {
		t.Errorf("FindObject(x) = %v, want nil", o)
	}
}
