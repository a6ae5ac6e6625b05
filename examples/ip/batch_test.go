package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/examples/internal/clitest"
)

// batchScript exercises the file grammar (comments, blank lines, a
// continued line, quotes) and the errors ip(8) reports per line: a kernel
// error, an unknown object, a missing device; a listing in the middle
// shows the changes before it, sent or queued.
const batchScript = `# routes for the test
route add 10.0.0.0/8 dev v0
route add 10.0.0.0/8 dev v0 # exists

foo bar
route add 10.1.0.0/16 \
   dev v0
route del 10.9.0.0/16 dev v0
addr add 10.5.0.1/24 dev nosuch
route add 10.2.0.0/16 dev "v0"
route show dev v0
addr add 10.6.0.1/24 dev v0
neigh add 10.6.0.9 lladdr 02:00:00:00:00:09 dev v0
rule add from 10.7.0.0/16 table 7 pref 700
link set v0 mtu 1400
route add 2001:db8:5::/48 dev 'v0'
route del 10.0.0.0/8 dev v0
`

// TestBatchMatchesIP runs a script with -batch and -force -batch, in
// twin namespaces, with the program and with ip(8): the messages, the exit
// status, the output and the state left must be the same. (A failed neigh
// command ends ip(8) with status 2 even with -force, which the program does
// not copy; the script has none.)
func TestBatchMatchesIP(t *testing.T) {
	file := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(file, []byte(batchScript), 0o644); err != nil {
		t.Fatal(err)
	}
	const setup = `
link add v0 type veth peer name v1
link set v0 up
link set v1 up`
	for _, force := range []bool{false, true} {
		mine, ctx := newNS(t, setup)
		theirs, _ := newNS(t, setup)
		args := []string{"-batch", file}
		if force {
			args = append([]string{"-force"}, args...)
		}
		out, errs, code := clitest.Run(ctx, run, append([]string{"-n", mine.Name}, args...)...)
		wantOut, wantErrs, ok := realIP(append([]string{"-n", theirs.Name}, args...)...)
		if ok || code != 1 {
			t.Errorf("%v: exit %d, ip(8) succeeded: %v", args, code, ok)
		}
		if errs != wantErrs {
			t.Errorf("%v: stderr\n%s\nip(8):\n%s", args, errs, wantErrs)
		}
		if out != wantOut {
			t.Errorf("%v: stdout\n%s\nip(8):\n%s", args, out, wantOut)
		}
		if strings.Count(errs, "Command failed") != map[bool]int{false: 1, true: 4}[force] {
			t.Errorf("%v: failures reported:\n%s", args, errs)
		}
		for _, show := range [][]string{
			{"route", "show", "dev", "v0"}, {"-6", "route", "show", "dev", "v0"}, {"addr", "show", "dev", "v0"},
			{"neigh", "show", "dev", "v0"}, {"rule", "show"}, {"link", "show", "v0"},
		} {
			a, _, _ := realIP(append([]string{"-n", mine.Name}, show...)...)
			b, _, _ := realIP(append([]string{"-n", theirs.Name}, show...)...)
			if a, b = machineFree.ReplaceAllString(a, ""), machineFree.ReplaceAllString(b, ""); a != b {
				t.Errorf("%v: after the batch, ip %s:\n%s\nafter ip(8)'s:\n%s", args, strings.Join(show, " "), a, b)
			}
		}
	}
}

// machineFree drops what differs between twin namespaces: the veth's
// random MAC addresses and the link-local addresses made from them.
var machineFree = regexp.MustCompile(`(?m)link/ether \S*|^\s*(inet6 fe80::|valid_lft).*$`)

// TestBatchFileErrors: a missing file and a bad line are reported as
// ip(8) reports them.
func TestBatchFileErrors(t *testing.T) {
	ns, ctx := newNS(t, "")
	missing := filepath.Join(t.TempDir(), "missing")
	_, errs, code := clitest.Run(ctx, run, "-n", ns.Name, "-batch", missing)
	_, want, _ := realIP("-n", ns.Name, "-batch", missing)
	if code != 1 || errs != want {
		t.Errorf("missing file: exit %d, %q; ip(8): %q", code, errs, want)
	}
	bad := filepath.Join(t.TempDir(), "bad")
	os.WriteFile(bad, []byte("route add 10.0.0.0/8 dev lo\nroute add \"10.1.0.0/16 dev lo\nroute add 10.2.0.0/16 dev lo\n"), 0o644)
	_, errs, code = clitest.Run(ctx, run, "-n", ns.Name, "-force", "-batch", bad)
	if code != 1 || !strings.Contains(errs, "Unterminated quoted string") {
		t.Errorf("unterminated quote: exit %d, %q", code, errs)
	}
	if out, _, _ := realIP("-n", ns.Name, "route", "show", "10.2.0.0/16"); out != "" {
		t.Errorf("the batch went on after an unterminated quote: %q", out)
	}
}

// TestBatchLinesMatchIP: iproute2's getcmdline continues a line only where
// a backslash is followed by its newline once the comment is cut, so a
// comment, a carriage return or the end of the file after the backslash
// leaves it a word (here an alias); and it takes lines of any length. Each
// file runs with the program and with ip(8) in twin namespaces: the same
// failures, status, routes and alias.
func TestBatchLinesMatchIP(t *testing.T) {
	const r2 = "route add 10.2.0.0/16 dev lo\n"
	for name, text := range map[string]string{
		"comment after backslash": "link set lo alias \\# the alias is a backslash\n" + r2,
		"CRLF":                    "link set lo alias \\\r\n" + r2,
		"backslash at EOF":        r2 + "link set lo alias \\",
		"long line":               "route add 10.1.0.0/16" + strings.Repeat(" ", 1<<20+1) + "dev lo\n" + r2,
	} {
		file := filepath.Join(t.TempDir(), "script")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		mine, ctx := newNS(t, "link set lo up")
		theirs, _ := newNS(t, "link set lo up")
		_, errs, code := clitest.Run(ctx, run, "-n", mine.Name, "-batch", file)
		_, wantErrs, ok := realIP("-n", theirs.Name, "-batch", file)
		// The program's words for a bad route argument are not ip(8)'s;
		// what matters is which line fails.
		if (code == 0) != ok || strings.Count(errs, "Command failed") != strings.Count(wantErrs, "Command failed") {
			t.Errorf("%s: exit %d, stderr\n%s\nip(8) (ok %v):\n%s", name, code, errs, ok, wantErrs)
		}
		for _, show := range [][]string{{"route", "show"}, {"link", "show", "lo"}} {
			a, _, _ := realIP(append([]string{"-n", mine.Name}, show...)...)
			b, _, _ := realIP(append([]string{"-n", theirs.Name}, show...)...)
			if a != b {
				t.Errorf("%s: ip %s:\n%s\nafter ip(8)'s:\n%s", name, strings.Join(show, " "), a, b)
			}
		}
	}
}
