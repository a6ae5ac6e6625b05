//go:build linux

package netns

import (
	"errors"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// Do runs fn with its goroutine's OS thread in the network namespace h and
// returns fn's error. A nil h means the current namespace: fn is then simply
// called.
//
// fn runs on a new goroutine locked to its OS thread; the caller's goroutine
// and thread are never switched. Only work done on fn's own goroutine happens
// inside h: goroutines started by fn run in the process's namespace. fn must
// not unlock its thread (runtime.UnlockOSThread) or change its namespace
// itself.
//
// Afterwards Do moves the thread back to the namespace it came from. If that
// fails, Do returns an error even though fn ran, and the thread stays locked
// when its goroutine exits, which makes the Go runtime terminate the thread
// instead of reusing it in the wrong namespace.
//
// A panic in fn is re-raised in the caller, and a runtime.Goexit in fn (such
// as from testing.T.FailNow) makes the caller's goroutine exit as well; the
// thread is restored first in both cases.
func Do(h *Handle, fn func() error) error {
	if h == nil {
		return fn()
	}
	if h.fd < 0 {
		return os.ErrClosed
	}
	done := make(chan result, 1)
	go runLocked(h.fd, fn, done)
	r := <-done
	switch {
	case r.panicked:
		panic(r.panicValue)
	case r.goexit:
		runtime.Goexit()
	}
	return r.err
}

// result carries how fn ended from the locked goroutine to the caller.
type result struct {
	err        error
	panicked   bool
	panicValue any
	goexit     bool
}

// runLocked runs fn in namespace fd on the calling goroutine, which it locks
// to its thread, and sends the outcome on done.
func runLocked(fd int, fn func() error, done chan<- result) {
	runtime.LockOSThread()
	var r result
	// Deferred first so it runs last, after the restore, even on Goexit.
	defer func() { done <- r }()

	orig, err := Current()
	if err != nil {
		runtime.UnlockOSThread()
		r.err = err
		return
	}
	defer orig.Close()

	// A failed setns leaves the thread where it was, so it may be reused.
	if err := unix.Setns(fd, unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		r.err = os.NewSyscallError("setns", err)
		return
	}
	defer func() {
		if err := unix.Setns(orig.fd, unix.CLONE_NEWNET); err != nil {
			// Stay locked: the runtime then ends the thread with the goroutine.
			r.err = errors.Join(r.err, os.NewSyscallError("setns (restore)", err))
			return
		}
		runtime.UnlockOSThread()
	}()
	call(fn, &r)
}

// call runs fn and records in r whether it returned, panicked or called
// runtime.Goexit. A Goexit cannot be stopped, but r is filled in before the
// caller's deferred calls run.
func call(fn func() error, r *result) {
	returned := false
	defer func() {
		if returned {
			return
		}
		// Since Go 1.21 panic(nil) recovers as a non-nil *runtime.PanicNilError,
		// so nil here means Goexit.
		if v := recover(); v != nil {
			r.panicked, r.panicValue = true, v
		} else {
			r.goexit = true
		}
	}()
	r.err = fn()
	returned = true
}
