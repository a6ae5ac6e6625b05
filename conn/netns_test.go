package conn

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestNetNSString(t *testing.T) {
	for n, want := range map[NetNS]string{
		{}:                  "current",
		NetNSName("blue"):   "blue",
		NetNSPath("/x/net"): "/x/net",
		NetNSFD(5):          "fd 5",
		NetNSPID(42):        "pid 42",
	} {
		if n.String() != want || n.IsZero() != (want == "current") {
			t.Errorf("%#v: String %q IsZero %v", n, n.String(), n.IsZero())
		}
		if pid, ok := n.PID(); ok != (want == "pid 42") || ok && pid != 42 {
			t.Errorf("%v: PID = %d, %v", n, pid, ok)
		}
	}
}

// TestDialNotANamespace dials into things that are not namespaces: a FIFO
// (whose open(2) would wait for a writer forever), a regular file, a
// missing path and a bad name. Each must fail at once, without root.
func TestDialNotANamespace(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, n := range []NetNS{
		NetNSPath(fifo),
		NetNSPath("/proc/self/exe"),
		NetNSPath(filepath.Join(dir, "missing")),
		NetNSName("../etc"),
		NetNSFD(0),
	} {
		done := make(chan error, 1)
		go func() {
			c, err := DialContext(context.Background(), unix.NETLINK_ROUTE, &Config{NetNS: n})
			if err == nil {
				c.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("Dial into %v succeeded", n)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Dial into %v still blocked after 5s", n)
		}
	}
	f, err := NetNSPath(fifo).Open(context.Background())
	if err == nil || f != nil {
		t.Errorf("Open(fifo) = %v, %v", f, err)
	}
}

// TestDialContext: a context that has ended stops a Dial before it opens
// anything; a nil one is an error, not a panic.
func TestDialContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := DialContext(ctx, unix.NETLINK_ROUTE, &Config{NetNS: NetNSPath("/proc/self/ns/net")}); !errors.Is(err, context.Canceled) {
		t.Errorf("Dial with a cancelled context = %v", err)
	}
	//lint:ignore SA1012 a nil context is what is tested
	if _, err := DialContext(nil, unix.NETLINK_ROUTE, nil); err == nil { //nolint:staticcheck
		t.Error("Dial with a nil context succeeded")
	}
}
