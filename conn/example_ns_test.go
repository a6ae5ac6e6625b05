package conn_test

import (
	"testing"

	"github.com/nltag/go-netlink/internal/nltest"
)

// TestExamplesInNamespace runs the examples that talk to the kernel, each
// in a fresh namespace (whose only link is lo), and checks what they print.
func TestExamplesInNamespace(t *testing.T) {
	for _, ex := range []struct {
		name string
		fn   func()
		want string
	}{
		{"Example", Example, "lo\n"},
		{"ExampleConn_Execute_error", ExampleConn_Execute_error, "true\n"},
		{"ExampleConn_Stream", ExampleConn_Stream, "found lo\n"},
		{"ExampleConn_ExecuteConsistent", ExampleConn_ExecuteConsistent, "true\n"},
	} {
		t.Run(ex.name, func(t *testing.T) {
			ns := nltest.NewNS(t)
			var got string
			ns.Do(t, func() { got = nltest.CaptureStdout(t, ex.fn) })
			if got != ex.want {
				t.Errorf("printed %q, want %q", got, ex.want)
			}
		})
	}
}
