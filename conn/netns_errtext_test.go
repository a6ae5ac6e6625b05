package conn_test

import (
	"context"
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestNetNSErrorsNameEachStepOnce: a namespace that is not one, or a bad
// name, gives "netlink: namespace fd 0: not a namespace file", naming the
// descriptor or name once and without a second package prefix.
func TestNetNSErrorsNameEachStepOnce(t *testing.T) {
	mnt, err := os.Open("/proc/self/ns/mnt")
	if err != nil {
		t.Skip(err)
	}
	defer mnt.Close()
	for _, ns := range []conn.NetNS{conn.NetNSFD(0), conn.NetNSFD(int(mnt.Fd())), conn.NetNSName("a/b"), conn.NetNSPath("/dev/null")} {
		c, err := conn.DialContext(context.Background(), unix.NETLINK_ROUTE, &conn.Config{NetNS: ns})
		if err == nil {
			c.Close()
		}
		nltest.OnePrefix(t, ns.String(), err)
	}
}
