// Package clitest runs the example commands and their iproute2
// counterparts side by side, for the tests that compare the two.
package clitest

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nltag/go-netlink/examples/internal/iproute"
)

// Run runs a program's run function with args and returns what it wrote
// and its exit status.
func Run(ctx context.Context, run iproute.RunFunc, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(ctx, args, &out, &errb)
	return out.String(), errb.String(), code
}

// Exec runs the command name (bridge, ip, tc) and returns what it wrote
// and its exit status: -1 when it could not be started.
func Exec(name string, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Run()
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// TrimLines drops the newlines at the end of s and the spaces at the end
// of each line, which iproute2 and the examples need not agree on.
func TrimLines(s string) string {
	var lines []string
	for l := range strings.SplitSeq(strings.TrimRight(s, "\n"), "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	return strings.Join(lines, "\n")
}

// Context returns a context that ends after 30 seconds, or when the test
// does: long enough for any one command, short enough to stop a hang.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
