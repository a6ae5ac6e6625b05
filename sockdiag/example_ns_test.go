package sockdiag_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/internal/socktest"
)

// TestExamplesInNamespace runs the examples that talk to the kernel in a
// fresh namespace holding socktest's sockets, and checks what they print.
func TestExamplesInNamespace(t *testing.T) {
	for _, ex := range []struct {
		name string
		fn   func()
		want string
	}{
		{"ExampleClient_InetList", ExampleClient_InetList, "127.0.0.1:5001 TCP_LISTEN\n[::1]:5002 TCP_LISTEN\n[::]:5005 TCP_LISTEN\n"},
		{"ExampleClient_UnixList", ExampleClient_UnixList, ""}, // filled below: the path is the test's
		{"ExampleClient_InetSockets", ExampleClient_InetSockets, ""},
	} {
		t.Run(ex.name, func(t *testing.T) {
			ns := nltest.NewNS(t)
			s := socktest.Make(t, ns)
			want := ex.want
			switch ex.name {
			case "ExampleClient_UnixList":
				want = "SOCK_DGRAM TCP_CLOSE " + socktest.AbstractName + "\n" +
					"SOCK_STREAM TCP_ESTABLISHED " + s.UnixPath + "\n" +
					"SOCK_STREAM TCP_LISTEN " + s.UnixPath + "\n"
			case "ExampleClient_InetSockets":
				want = "127.0.0.1:5001 0.0.0.0:0 TCP_LISTEN false\n" +
					s.TCP4Server.LocalAddr().String() + " " + s.TCP4Server.RemoteAddr().String() + " TCP_ESTABLISHED true\n" +
					s.TCP4Waiting.RemoteAddr().String() + " " + s.TCP4Waiting.LocalAddr().String() + " TCP_ESTABLISHED true\n" +
					s.TCP4Client.LocalAddr().String() + " " + s.TCP4Client.RemoteAddr().String() + " TCP_ESTABLISHED true\n" +
					s.TCP4Waiting.LocalAddr().String() + " " + s.TCP4Waiting.RemoteAddr().String() + " TCP_ESTABLISHED true\n"
			}
			var got string
			ns.Do(t, func() { got = nltest.CaptureStdout(t, ex.fn) })
			// The kernel's order is its hash tables': compare lines as sets.
			if got, want = sortLines(got), sortLines(want); got != want {
				t.Errorf("printed\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func sortLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	slices.Sort(lines)
	return strings.Join(lines, "")
}
