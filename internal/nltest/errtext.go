package nltest

import (
	"strings"
	"testing"
)

// OnePrefix fails t unless err's text names each step once: no
// ": "-separated part repeats ("route: dial: netlink: dial: ..."), and no
// package prefix of this module appears twice or after another one
// ("route: wait for link lo: route: monitor: ...", "route: link add:
// netlink: ...").
func OnePrefix(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	msg := err.Error()
	parts := strings.Split(msg, ": ")
	seen := map[string]bool{}
	for i, p := range parts {
		switch {
		case seen[p]:
			t.Errorf("%s: %q says %q twice", what, msg, p)
		case i > 0 && prefixes[p]:
			t.Errorf("%s: %q has the package prefix %q inside", what, msg, p)
		}
		seen[p] = true
	}
}

// prefixes are the package prefixes of the module's errors.
var prefixes = map[string]bool{
	"netlink": true, "route": true, "genl": true, "sockdiag": true, "conntrack": true,
	"netns": true, "ethtool": true, "netdev": true,
}
