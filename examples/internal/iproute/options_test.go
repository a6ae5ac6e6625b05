package iproute

import (
	"errors"
	"slices"
	"testing"
)

func TestOptionsParse(t *testing.T) {
	var o Options
	stats := false
	more := func(opt string, _ *[]string) (bool, error) {
		stats = opt == "s"
		return stats, nil
	}
	rest, err := o.Parse([]string{"-j", "--pretty", "-det", "-n", "ns1", "-s", "link", "-x"}, "x help", more)
	if err != nil {
		t.Fatal(err)
	}
	want := Options{NetNS: "ns1", JSON: true, Pretty: true, Details: true}
	if o != want || !stats || !slices.Equal(rest, []string{"link", "-x"}) {
		t.Errorf("Parse: %+v, stats %v, rest %q", o, stats, rest)
	}
	var ue *UsageError
	for args, msg := range map[string]string{
		"-q": `Option "-q" is unknown, try "x help".`,
		"-n": "Option -n needs a namespace name",
		"-h": "",
	} {
		_, err := new(Options).Parse([]string{args}, "x help", nil)
		if !errors.As(err, &ue) || ue.Msg != msg {
			t.Errorf("Parse(%s): %v, want usage error %q", args, err, msg)
		}
	}
}
