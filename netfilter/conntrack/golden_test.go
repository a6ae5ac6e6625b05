package conntrack_test

import (
	"testing"

	"github.com/nltag/go-netlink/internal/golden"
	"github.com/nltag/go-netlink/netfilter/conntrack"
)

// TestGolden decodes every case of testdata/netfilter/conntrack through
// conntrack.Messages, compares the text with NAME.txt and requires
// byte-identical re-encoding. Run with -update to rewrite the .txt files,
// then review them.
func TestGolden(t *testing.T) { golden.Run(t, goldenDir, golden.Messages(conntrack.Messages)) }
