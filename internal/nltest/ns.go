//go:build linux

package nltest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/netns"
)

// NS is a named network namespace that lives for the duration of a test.
type NS struct {
	// Name is the namespace name, as used by `ip -n Name`.
	Name string
	// Path is the bind mount of the namespace, netns.NamedDir/Name.
	Path string
}

// NewNS creates a fresh network namespace with lo up, and deletes it when
// the test and its subtests have finished. It calls RequireRoot first.
func NewNS(t testing.TB) *NS {
	t.Helper()
	RequireRoot(t)
	// The pid keeps names apart across concurrently running test binaries,
	// the random part within one and from leftovers of crashed runs.
	name := fmt.Sprintf("nltest-%d-%08x", os.Getpid(), rand.Uint32())
	ns := &NS{Name: name, Path: netns.NamedDir + "/" + name}
	if _, err := runIP("netns", "add", name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := runIP("netns", "del", name); err != nil {
			t.Error(err)
		}
	})
	ns.IP(t, "link", "set", "lo", "up")
	return ns
}

// Handle opens the namespace and closes the handle when the test finishes.
// Each call opens a new handle.
func (ns *NS) Handle(t testing.TB) *netns.Handle {
	t.Helper()
	h, err := netns.Open(ns.Path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// IP runs `ip -n Name args...` and returns its standard output. It fails the
// test, showing the command and its output, if the command fails.
func (ns *NS) IP(t testing.TB, args ...string) string {
	t.Helper()
	out, err := runIP(append([]string{"-n", ns.Name}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Batch runs the ip(8) commands in cmds, one a line, through one
// `ip -n Name -batch`: far faster than a process per command.
func (ns *NS) Batch(t testing.TB, cmds string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "batch")
	if err := os.WriteFile(file, []byte(cmds), 0o600); err != nil {
		t.Fatal(err)
	}
	ns.IP(t, "-batch", file)
}

// IPJSON runs `ip -n Name -j args...` and decodes its JSON output into v.
func (ns *NS) IPJSON(t testing.TB, v any, args ...string) {
	t.Helper()
	out := ns.IP(t, append([]string{"-j"}, args...)...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("ip -n %s -j %s: decoding output: %v\n%s", ns.Name, strings.Join(args, " "), err, out)
	}
}

// Do runs fn on a thread inside the namespace, using netns.Do. fn may call
// t.Fatal and friends; the test then stops as usual.
func (ns *NS) Do(t testing.TB, fn func()) {
	t.Helper()
	h, err := netns.Open(ns.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	err = netns.Do(h, func() error {
		fn()
		return nil
	})
	if err != nil {
		t.Fatalf("netns.Do in %s: %v", ns.Name, err)
	}
}

// runIP runs ip(8) with args and returns its standard output, or an error
// that shows the command line and everything it printed.
func runIP(args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("ip", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %v\nstdout:\n%s\nstderr:\n%s", cmd, err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.String(), nil
}
