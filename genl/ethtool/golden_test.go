package ethtool_test

import (
	"testing"

	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/internal/golden"
)

// TestGolden decodes every case of testdata/genl/ethtool through
// ethtool.Messages, compares the text with NAME.txt and requires
// byte-identical re-encoding. Run with -update to rewrite the .txt files,
// then review them.
func TestGolden(t *testing.T) {
	golden.Run(t, "../../testdata/genl/ethtool", gentest.Codec(ethtool.Messages))
}
