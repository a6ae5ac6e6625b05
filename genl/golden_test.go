package genl_test

import (
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/golden"
)

// TestGolden decodes every case of testdata/genl/nlctrl through
// genl.Controller, compares the text with NAME.txt and requires
// byte-identical re-encoding. Run with -update to recapture the cases
// (as root) and rewrite the .txt files, then review them.
func TestGolden(t *testing.T) { goldenDir.Run(t) }

// goldenDir holds the cases, which TestCapture writes under -update.
var goldenDir = golden.Dir{Path: "../testdata/genl/nlctrl", Codec: gentest.Codec(genl.Controller)}
