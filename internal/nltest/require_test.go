package nltest

import (
	"fmt"
	"strings"
	"testing"
)

// fakeTB records Fatalf and Skipf instead of stopping the goroutine.
type fakeTB struct {
	testing.TB
	fatal, skip string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Fatalf(format string, a ...any) { f.fatal = fmt.Sprintf(format, a...) }
func (f *fakeTB) Skipf(format string, a ...any)  { f.skip = fmt.Sprintf(format, a...) }

func TestSkipOrFail(t *testing.T) {
	var skipped fakeTB
	skipOrFail(&skipped, false, "some reason")
	if skipped.fatal != "" || skipped.skip == "" {
		t.Errorf("requireKernel=false: fatal=%q skip=%q, want only a skip", skipped.fatal, skipped.skip)
	}

	var failed fakeTB
	skipOrFail(&failed, true, "some reason")
	if failed.skip != "" || failed.fatal == "" {
		t.Errorf("requireKernel=true: fatal=%q skip=%q, want only a failure", failed.fatal, failed.skip)
	}

	for _, f := range []fakeTB{skipped, failed} {
		if msg := f.fatal + f.skip; !strings.Contains(msg, "some reason") || !strings.Contains(msg, EnvRequireKernel) {
			t.Errorf("message %q should give the reason and mention %s", msg, EnvRequireKernel)
		}
	}
}

func TestRequireKernelEnv(t *testing.T) {
	for value, want := range map[string]bool{
		"":      false,
		"0":     false,
		"false": false,
		"1":     true,
		"true":  true,
		"yes":   true, // not a bool: strict rather than silently skipping
	} {
		t.Setenv(EnvRequireKernel, value)
		if got := requireKernel(); got != want {
			t.Errorf("%s=%q: requireKernel() = %v, want %v", EnvRequireKernel, value, got, want)
		}
	}
}
