package conntest_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/route"
)

// TestDialNeedsLinux checks, on systems other than Linux, that dialling
// fails saying netlink needs Linux, with an error matching
// errors.ErrUnsupported, while a Conn over the fake works (the other tests
// of this package, run there too).
func TestDialNeedsLinux(t *testing.T) {
	if runtime.GOOS == "linux" {
		t.Skip("netlink sockets exist here")
	}
	_, cerr := conn.Dial(0, nil)
	_, gerr := genl.Dial(nil)
	_, rerr := route.Dial(context.Background(), nil)
	for _, err := range []error{cerr, gerr, rerr} {
		if !errors.Is(err, errors.ErrUnsupported) || !strings.Contains(err.Error(), "needs Linux") {
			t.Errorf("dial: %v, want an error saying netlink needs Linux", err)
		}
	}
}
