package netns_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/netns"
	"github.com/nltag/go-netlink/internal/nltest"
)

// threadNS returns the calling thread's namespace link, like "net:[4026531840]".
func threadNS() (string, error) {
	return os.Readlink("/proc/thread-self/ns/net")
}

// lockedThreadNS is threadNS for the test goroutine, locked so that the
// result describes the thread the test keeps running on.
func lockedThreadNS(t *testing.T) string {
	t.Helper()
	runtime.LockOSThread()
	t.Cleanup(runtime.UnlockOSThread)
	ns, err := threadNS()
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// checkThreads fails the test if any thread of the process is in a network
// namespace other than host.
func checkThreads(t *testing.T, host string) {
	t.Helper()
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		link, err := os.Readlink(filepath.Join("/proc/self/task", task.Name(), "ns/net"))
		if errors.Is(err, os.ErrNotExist) {
			continue // the thread exited meanwhile
		}
		if err != nil {
			t.Fatal(err)
		}
		if link != host {
			t.Errorf("thread %s is in %s, want %s", task.Name(), link, host)
		}
	}
}

func TestDoNil(t *testing.T) {
	want := errors.New("from fn")
	ran := false
	if err := netns.Do(nil, func() error { ran = true; return want }); err != want || !ran {
		t.Errorf("Do(nil) = %v, ran=%v; want fn's error and ran=true", err, ran)
	}
}

func TestDo(t *testing.T) {
	ns := nltest.NewNS(t)
	h := ns.Handle(t)
	host := lockedThreadNS(t)

	var inside string
	err := netns.Do(h, func() error {
		var err error
		inside, err = threadNS()
		if err != nil {
			return err
		}
		cur, err := netns.Current()
		if err != nil {
			return err
		}
		defer cur.Close()
		if eq, err := cur.Equal(h); err != nil || !eq {
			return fmt.Errorf("Current inside Do: Equal = %v, %v; want true", eq, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if inside == host {
		t.Errorf("fn ran in the host namespace %s", host)
	}
	if now, _ := threadNS(); now != host {
		t.Errorf("caller's thread moved to %s, want %s", now, host)
	}

	want := errors.New("from fn")
	if err := netns.Do(h, func() error { return want }); !errors.Is(err, want) {
		t.Errorf("Do = %v, want fn's error %v", err, want)
	}
	checkThreads(t, host)
}

// TestDoGoroutineFromFn documents that goroutines started by fn do not
// inherit its namespace.
func TestDoGoroutineFromFn(t *testing.T) {
	h := nltest.NewNS(t).Handle(t)
	host := lockedThreadNS(t)
	var child string
	err := netns.Do(h, func() error {
		done := make(chan struct{})
		go func() { child, _ = threadNS(); close(done) }()
		<-done
		return nil
	})
	if err != nil || child != host {
		t.Errorf("goroutine started in fn: ns %s, err %v; want %s", child, err, host)
	}
}

// TestDoSocket shows the intended use: a socket made inside Do belongs to
// that namespace for good.
func TestDoSocket(t *testing.T) {
	h := nltest.NewNS(t).Handle(t)
	fd := -1
	err := netns.Do(h, func() (err error) {
		fd, err = unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	nsfd, err := unix.IoctlRetInt(fd, unix.SIOCGSKNS)
	if err != nil {
		t.Fatal(err)
	}
	sockNS, err := netns.FromFD(nsfd)
	unix.Close(nsfd)
	if err != nil {
		t.Fatal(err)
	}
	defer sockNS.Close()
	mustEqual(t, sockNS, h, true)
}

func TestDoConcurrent(t *testing.T) {
	h := nltest.NewNS(t).Handle(t)
	host := lockedThreadNS(t)
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			errs <- netns.Do(h, func() error {
				ns, err := threadNS()
				if err == nil && ns == host {
					err = errors.New("fn ran in the host namespace")
				}
				time.Sleep(time.Millisecond) // keep threads busy so more are made
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	checkThreads(t, host)
}

func TestDoPanic(t *testing.T) {
	h := nltest.NewNS(t).Handle(t)
	host := lockedThreadNS(t)
	func() {
		defer func() {
			if v := recover(); v != "boom" {
				t.Errorf("recovered %v, want boom", v)
			}
		}()
		netns.Do(h, func() error { panic("boom") })
		t.Error("Do returned after a panic in fn")
	}()
	checkThreads(t, host)
}

func TestDoGoexit(t *testing.T) {
	h := nltest.NewNS(t).Handle(t)
	host := lockedThreadNS(t)
	returned := false
	done := make(chan struct{})
	go func() {
		defer close(done)
		netns.Do(h, func() error { runtime.Goexit(); return nil })
		returned = true
	}()
	<-done
	if returned {
		t.Error("Do returned after runtime.Goexit in fn")
	}
	checkThreads(t, host)
}

// TestDoRestoreFails makes the restore fail by dropping CAP_SYS_ADMIN from
// fn's thread only, and checks that the thread is then discarded.
func TestDoRestoreFails(t *testing.T) {
	h := nltest.NewNS(t).Handle(t)
	host := lockedThreadNS(t)
	errMainThread := errors.New("on the main thread")
	var tid int
	var err error
	for range 100 {
		err = netns.Do(h, func() error {
			tid = unix.Gettid()
			// The runtime cannot end the main thread, only park it, which
			// would leave it behind in the namespace.
			if tid == unix.Getpid() {
				return errMainThread
			}
			return dropSysAdmin()
		})
		if !errors.Is(err, errMainThread) {
			break
		}
	}
	if !errors.Is(err, unix.EPERM) {
		t.Fatalf("Do = %v, want a restore error wrapping EPERM", err)
	}

	task := "/proc/self/task/" + strconv.Itoa(tid)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(task); errors.Is(err, os.ErrNotExist) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("thread %d still exists after its namespace could not be restored", tid)
		}
	}
	checkThreads(t, host)
}

// dropSysAdmin removes CAP_SYS_ADMIN from the calling thread's effective
// capabilities, which setns needs.
func dropSysAdmin() error {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return err
	}
	data[unix.CAP_SYS_ADMIN/32].Effective &^= 1 << (unix.CAP_SYS_ADMIN % 32)
	return unix.Capset(&hdr, &data[0])
}
