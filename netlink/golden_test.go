package netlink_test

import (
	"testing"

	"github.com/nltag/go-netlink/internal/golden"
	"github.com/nltag/go-netlink/netlink"
)

// Kernel captures of the standard messages (testdata/netlink/capture.sh).
func TestGolden(t *testing.T) {
	golden.Run(t, "../testdata/netlink", golden.Messages(netlink.NewTable("netlink")))
}
