package tc

import (
	"testing"

	"github.com/nltag/go-netlink/golden"
)

// TestGolden decodes the kernel captures in testdata/nlgen/tc through the
// generated types, compares the text with NAME.txt and requires the bytes to
// re-encode identically. TestCapture writes the captures.
func TestGolden(t *testing.T) { goldenDir.Run(t) }

var goldenDir = golden.Dir{Path: "../../testdata/nlgen/tc", Codec: golden.Messages(Messages)}
