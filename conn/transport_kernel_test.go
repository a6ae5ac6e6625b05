//go:build linux

package conn

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/nltest"
)

// pollerWatches reports whether the runtime's poller (an epoll descriptor
// of the process) watches the socket of c, by the kernel's account
// (/proc/self/fdinfo lists what an epoll descriptor watches, by inode).
func pollerWatches(t *testing.T, c *Conn) bool {
	t.Helper()
	var st unix.Stat_t
	var serr error
	if err := c.t.(*socket).rc.Control(func(fd uintptr) { serr = unix.Fstat(int(fd), &st) }); err != nil || serr != nil {
		t.Fatal(err, serr)
	}
	ino := "ino:" + strconv.FormatUint(st.Ino, 16)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range fds {
		if l, _ := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); l != "anon_inode:[eventpoll]" {
			continue
		}
		info, _ := os.ReadFile(filepath.Join("/proc/self/fdinfo", e.Name()))
		for _, line := range strings.Split(string(info), "\n") {
			if strings.HasPrefix(line, "tfd:") && strings.Contains(line, " "+ino) {
				return true
			}
		}
	}
	return false
}

// TestKernelPollerWatchesWaitsOnly: the poller watches a socket only while
// a read waits on it, so that the answers the kernel queues during a
// request wake none of the runtime's threads; a waiting read still ends
// with its deadline, and a later one finds the socket unwatched again.
func TestKernelPollerWatchesWaitsOnly(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dial(t, ns, Config{})
	ctx := context.Background()
	if _, err := c.Execute(ctx, getLo); err != nil {
		t.Fatal(err)
	}
	if pollerWatches(t, c) {
		t.Fatal("the poller watches the socket after a request")
	}
	done := make(chan error, 1)
	c.SetReadDeadline(time.Now().Add(time.Second))
	go func() {
		_, err := c.Receive()
		done <- err
	}()
	watched := false
	for deadline := time.Now().Add(900 * time.Millisecond); !watched && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		watched = pollerWatches(t, c)
	}
	if !watched {
		t.Error("the poller never watched the socket during a waiting Receive")
	}
	if err := <-done; !os.IsTimeout(err) {
		t.Errorf("Receive past its deadline: %v", err)
	}
	if pollerWatches(t, c) {
		t.Error("the poller watches the socket after the wait")
	}
}
