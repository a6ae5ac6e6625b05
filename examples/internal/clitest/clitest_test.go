package clitest

import (
	"context"
	"fmt"
	"io"
	"testing"
)

func TestRun(t *testing.T) {
	run := func(_ context.Context, args []string, stdout, stderr io.Writer) int {
		fmt.Fprint(stdout, args[0])
		fmt.Fprint(stderr, args[1])
		return len(args)
	}
	out, errs, code := Run(context.Background(), run, "a", "b", "c")
	if out != "a" || errs != "b" || code != 3 {
		t.Errorf("Run = %q, %q, %d; want \"a\", \"b\", 3", out, errs, code)
	}
}

func TestExec(t *testing.T) {
	if _, _, code := Exec("/nonexistent/command"); code != -1 {
		t.Errorf("Exec of a missing command: exit %d, want -1", code)
	}
	out, _, code := Exec("sh", "-c", "echo hi; exit 3")
	if out != "hi\n" || code != 3 {
		t.Errorf("Exec(sh) = %q, %d; want \"hi\\n\", 3", out, code)
	}
}

func TestTrimLines(t *testing.T) {
	if got := TrimLines("a  \nb \n\n"); got != "a\nb" {
		t.Errorf("TrimLines = %q, want \"a\\nb\"", got)
	}
}
