package ethtool_test

import (
	"testing"

	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/netlink"
)

// FuzzMessages feeds arbitrary datagrams to the ethtool table, and lists
// the string sets of those that decode: List must stay within twice the
// strings present, whatever Count and the indices claim.
func FuzzMessages(f *testing.F) {
	gentest.Fuzz(f, "../../testdata/genl/ethtool", ethtool.Messages, func(t *testing.T, m netlink.Message) {
		s, ok := m.Body.(*ethtool.Strset)
		if !ok || s.StringSets == nil {
			return
		}
		for _, set := range s.StringSets.Sets {
			present := 0
			for _, l := range set.Strings {
				present += len(l.Strings)
			}
			if n := len(set.List()); n > 2*present {
				t.Fatalf("set %v: %d strings listed from %d present (Count %d)", set.ID, n, present, set.Count)
			}
		}
	})
}
