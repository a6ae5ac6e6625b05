package conn_test

import (
	"context"
	"testing"

	"github.com/nltag/go-netlink/conn"
)

// TestNetNSOpenNilContextIsAnError: NetNS.Open refuses a nil context with
// an error, as DialContext does, instead of panicking.
func TestNetNSOpenNilContextIsAnError(t *testing.T) {
	var nilctx context.Context
	for _, ns := range []conn.NetNS{{}, conn.NetNSPath("/proc/self/ns/net")} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("NetNS(%s).Open(nil) panicked: %v", ns, r)
				}
			}()
			f, err := ns.Open(nilctx)
			if f != nil {
				f.Close()
			}
			if err == nil {
				t.Errorf("NetNS(%s).Open(nil) succeeded", ns)
			}
		}()
	}
}
