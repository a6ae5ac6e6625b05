package netdev_test

import (
	"testing"

	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/genl/netdev"
)

// FuzzMessages feeds arbitrary datagrams to the netdev table.
func FuzzMessages(f *testing.F) {
	gentest.Fuzz(f, "../../testdata/genl/netdev", netdev.Messages)
}
