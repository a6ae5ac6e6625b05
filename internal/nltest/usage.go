//go:build linux

package nltest

import (
	"os"
	"runtime"
	"testing"
	"time"
)

// Usage counts what a leak would leave behind: the process's goroutines
// and open file descriptors.
type Usage struct {
	Goroutines, FDs int
}

// Now returns the process's current Usage.
func Now(t testing.TB) Usage {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return Usage{runtime.NumGoroutine(), len(es)}
}

// WaitReleased waits up to d for the goroutines and descriptors to fall back
// to u, as they may take a moment to go, and fails the test (with every
// goroutine's stack) for what did not; when names the moment, as in
// "after Close". It returns the last Usage seen.
func (u Usage) WaitReleased(t testing.TB, d time.Duration, when string) Usage {
	t.Helper()
	var now Usage
	for deadline := time.Now().Add(d); ; time.Sleep(10 * time.Millisecond) {
		now = Now(t)
		if now.Goroutines <= u.Goroutines && now.FDs <= u.FDs || time.Now().After(deadline) {
			break
		}
	}
	if now.Goroutines > u.Goroutines {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines: %d before, %d %s\n%s", u.Goroutines, now.Goroutines, when, buf[:runtime.Stack(buf, true)])
	}
	if now.FDs > u.FDs {
		t.Errorf("file descriptors: %d before, %d %s", u.FDs, now.FDs, when)
	}
	return now
}
