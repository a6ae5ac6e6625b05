package sockdiag_test

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/nltag/go-netlink/sockdiag"
)

// TestFilterWithNilCondIsAnError: a nil Cond inside Not, And or Or (say,
// from a helper that returns nil for "no condition") fails the list with
// an error and sends nothing, as an invalid prefix or comparison does,
// instead of panicking.
func TestFilterWithNilCondIsAnError(t *testing.T) {
	c, f := fakeClient(t, answer)
	var none sockdiag.Cond
	port := sockdiag.SrcPort(sockdiag.OpEq, 22)
	for name, cond := range map[string]sockdiag.Cond{
		"Not(nil)":       sockdiag.Not(none),
		"And(port, nil)": sockdiag.And(port, none),
		"Or(nil, port)":  sockdiag.Or(none, port),
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("InetList with %s panicked: %v", name, r)
				}
			}()
			if _, err := c.InetList(context.Background(), &sockdiag.InetFilter{Filter: cond}); err == nil {
				t.Errorf("InetList with %s succeeded", name)
			}
		}()
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("Compile(nil) panicked: %v", r)
			}
		}()
		if _, err := sockdiag.Compile(none); err == nil {
			t.Error("Compile(nil) succeeded")
		}
	}()
	if n := len(f.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestCompileRefusesHugeFilterQuickly: a filter that shares a
// sub-condition (c = Not(Or(c, c)), 22 times) is small in memory but would
// compile to a hundred megabytes; Compile refuses it once it passes the kernel's
// limit, without building it all first.
func TestCompileRefusesHugeFilterQuickly(t *testing.T) {
	c := sockdiag.SrcPrefix(netip.MustParsePrefix("10.0.0.0/8"))
	for range 22 {
		c = sockdiag.Not(sockdiag.Or(c, c))
	}
	start := time.Now()
	if _, err := sockdiag.Compile(c); err == nil {
		t.Error("a filter of a hundred megabytes compiled")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Compile took %v to refuse it", d)
	}
}

// TestDestroyNilSocketIsAnError: Destroy(nil) gives an error and sends
// nothing, instead of a panic.
func TestDestroyNilSocketIsAnError(t *testing.T) {
	c, f := fakeClient(t, answer)
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("Destroy(nil) panicked: %v", r)
		}
	}()
	if err := c.Destroy(context.Background(), sockdiag.ProtocolTCP, nil); err == nil {
		t.Error("Destroy(nil) succeeded")
	}
	if n := len(f.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
