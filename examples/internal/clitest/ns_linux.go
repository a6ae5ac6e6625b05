package clitest

import (
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/nltest"
)

// IPScript runs each line of script that is not blank as an ip(8)
// command in ns, failing t if one fails.
func IPScript(t testing.TB, ns *nltest.NS, script string) {
	t.Helper()
	for line := range strings.SplitSeq(script, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			ns.IP(t, f...)
		}
	}
}
