package iproute

import "testing"

func TestFindObject(t *testing.T) {
	objs := []Object[int]{{Names: []string{"link", "l"}, Help: "L"}, {Names: []string{"fdb", "f"}, Help: "F"}}
	if o := findObject(objs, "f"); o == nil || o.Help != "F" {
		t.Errorf("findObject(f) = %v, want fdb", o)
	}
	if o := findObject(objs, "x"); o != nil {
		t.Errorf("findObject(x) = %v, want nil", o)
	}
}

func TestRunObject(t *testing.T) {
	var ran []string
	objs := []Object[*[]string]{{Names: []string{"link", "l"}, Help: "L", Run: func(r *[]string, args []string) error {
		*r = args
		return nil
	}}}
	if help, err := RunObject(objs, &ran, []string{"l", "show"}, "U", "x help"); help != "L" || err != nil || len(ran) != 1 || ran[0] != "show" {
		t.Errorf("RunObject(l show) = %q, %v; ran with %q", help, err, ran)
	}
	help, err := RunObject(objs, &ran, []string{"bogus"}, "U", "x help")
	ue, ok := err.(*UsageError)
	if help != "U" || !ok || !ue.UnknownObject || ue.Msg != `Object "bogus" is unknown, try "x help".` {
		t.Errorf("RunObject(bogus) = %q, %v", help, err)
	}
}
