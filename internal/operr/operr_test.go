package operr

import (
	"errors"
	"io"
	"testing"
)

func TestError(t *testing.T) {
	kernel := errors.New("netlink: file exists")
	for _, c := range []struct {
		err  error
		want string
	}{
		{New("route", "link add x", kernel), "route: link add x: file exists"},
		{New("route", "wait for link x", New("route", "monitor", io.EOF)), "route: wait for link x: monitor: EOF"},
		{New("route", "cache", New("conntrack", "list", kernel)), "route: cache: conntrack: list: file exists"},
		{New("route", "link add x", Wrap(`link kind "foo"`, kernel)), `route: link add x: link kind "foo": file exists`},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
		if errors.Unwrap(c.err) == nil {
			t.Errorf("%q unwraps to nothing", c.err)
		}
	}
	if New("route", "x", nil) != nil {
		t.Error("New of a nil error is not nil")
	}
	if err := New("route", "x", Wrap("y", kernel)); !errors.Is(err, kernel) {
		t.Error("the cause is not reached")
	}
}
