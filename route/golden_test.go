package route

import (
	"testing"

	"github.com/nltag/go-netlink/golden"
)

// TestGolden decodes every testdata/route/NAME.hex case through Messages,
// compares the text with NAME.txt and requires byte-identical re-encoding.
// Run with -update (as root) to recapture the kernel's cases, rewrite the
// hand-built ones and every .txt file, then review the diff.
func TestGolden(t *testing.T) { routeGolden.Run(t) }

var routeGolden = golden.Dir{Path: "../testdata/route", Codec: golden.Messages(Messages)}
