package conntrack_test

import (
	"testing"

	"github.com/nltag/go-netlink/netfilter/conntrack"
	"github.com/nltag/go-netlink/nltag"
)

// TestCheck validates the tags of every message type.
func TestCheck(t *testing.T) {
	for _, v := range []any{conntrack.Entry{}, conntrack.Stats{}, conntrack.StatsCPU{}} {
		if err := nltag.Check(v); err != nil {
			t.Error(err)
		}
	}
}
