package netlink_test

import (
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
)

// Kernel captures of the standard messages (testdata/netlink/capture.sh).
func TestGolden(t *testing.T) {
	golden.Dir{Path: "../testdata/netlink", Codec: golden.Messages(netlink.NewTable("netlink"))}.Run(t)
}
