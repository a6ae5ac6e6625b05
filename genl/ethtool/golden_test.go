package ethtool_test

import (
	"testing"

	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/golden"
)

// TestGolden decodes every case of testdata/genl/ethtool through
// ethtool.Messages, compares the text with NAME.txt and requires
// byte-identical re-encoding. Run with -update to recapture the cases
// (as root) and rewrite the .txt files, then review them.
func TestGolden(t *testing.T) { goldenDir.Run(t) }

// goldenDir holds the cases, which TestCapture writes under -update.
var goldenDir = golden.Dir{Path: "../../testdata/genl/ethtool", Codec: gentest.Codec(ethtool.Messages)}
