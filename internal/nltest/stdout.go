package nltest

import (
	"io"
	"os"
	"testing"
)

// CaptureStdout runs fn with os.Stdout going to a pipe, and returns what
// it wrote: the output of Example functions run by a test of its own (in
// a namespace, say).
func CaptureStdout(t testing.TB, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	saved := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = saved }()
	fn()
	w.Close()
	return <-done
}
