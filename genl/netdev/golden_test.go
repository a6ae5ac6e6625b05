package netdev_test

import (
	"testing"

	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/genl/netdev"
	"github.com/nltag/go-netlink/internal/golden"
)

// TestGolden decodes every case of testdata/genl/netdev through
// netdev.Messages, compares the text with NAME.txt and requires
// byte-identical re-encoding. Run with -update to rewrite the .txt files,
// then review them.
func TestGolden(t *testing.T) {
	golden.Run(t, "../../testdata/genl/netdev", gentest.Codec(netdev.Messages))
}
