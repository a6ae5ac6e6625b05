package ethtool_test

import (
	"testing"

	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/genl/internal/gentest"
)

// FuzzMessages feeds arbitrary datagrams to the ethtool table.
func FuzzMessages(f *testing.F) {
	gentest.Fuzz(f, "../../testdata/genl/ethtool", ethtool.Messages)
}
