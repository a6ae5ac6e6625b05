package route

import (
	"testing"

	"github.com/nltag/go-netlink/internal/golden"
)

// TestGolden decodes every testdata/route/NAME.hex case through Messages,
// compares the text with NAME.txt and requires byte-identical re-encoding.
// Run with -update to rewrite the .txt files, then review them.
func TestGolden(t *testing.T) { golden.Run(t, "../testdata/route", golden.Messages(Messages)) }
