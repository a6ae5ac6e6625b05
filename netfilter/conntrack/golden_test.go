package conntrack_test

import (
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netfilter/conntrack"
)

// TestGolden decodes every case of testdata/netfilter/conntrack through
// conntrack.Messages, compares the text with NAME.txt and requires
// byte-identical re-encoding. Run with -update to recapture the cases (as
// root) and rewrite the .txt files, then review them.
func TestGolden(t *testing.T) { goldenDir.Run(t) }

// goldenDir holds the cases, which TestCapture writes under -update.
var goldenDir = golden.Dir{Path: "../../testdata/netfilter/conntrack", Codec: golden.Messages(conntrack.Messages)}
