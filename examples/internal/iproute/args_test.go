package iproute

import (
	"errors"
	"testing"
)

func TestArgs(t *testing.T) {
	a := Args{"dev", "eth0", "mtu"}
	if w := a.Next(); w != "dev" {
		t.Fatalf("Next = %q, want dev", w)
	}
	if v, err := a.Value("dev"); v != "eth0" || err != nil {
		t.Fatalf("Value(dev) = %q, %v", v, err)
	}
	a.Next()
	if a.More() {
		t.Fatal("More after the last word")
	}
	_, err := a.Value("mtu")
	var ue *UsageError
	if !errors.As(err, &ue) || ue.Msg != `Command line is not complete: "mtu" needs an argument.` {
		t.Errorf("Value past the end: %v", err)
	}
}
