//go:build linux

package nltest

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/netns"
)

// EnvRequireKernel names the environment variable that, set to 1, turns
// skips of kernel tests into failures, so that a CI job cannot pass merely
// because it lacked privileges. Any value but "", 0 and false counts as 1.
const EnvRequireKernel = "NLTEST_REQUIRE_KERNEL"

// RequireRoot skips the test unless it runs as root on a kernel with network
// namespaces and with the ip(8) command available. If EnvRequireKernel is
// set, it fails the test instead of skipping it.
func RequireRoot(t testing.TB) {
	t.Helper()
	if reason := kernelUnavailable(); reason != "" {
		skipOrFail(t, requireKernel(), reason)
	}
}

// requireKernel reports whether EnvRequireKernel asks for kernel tests to be
// mandatory. Values that are not booleans count as true: a typo should not
// quietly let tests skip.
func requireKernel() bool {
	v := os.Getenv(EnvRequireKernel)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	return err != nil || b
}

// skipOrFail ends the test because the kernel cannot be used: a failure if
// requireKernel, otherwise a skip.
func skipOrFail(t testing.TB, requireKernel bool, reason string) {
	t.Helper()
	if requireKernel {
		t.Fatalf("nltest: kernel test cannot run: %s (%s is set, so this is not skipped)", reason, EnvRequireKernel)
		return
	}
	t.Skipf("nltest: skipping kernel test: %s (set %s=1 to fail instead)", reason, EnvRequireKernel)
}

// kernelUnavailable returns why kernel tests cannot run, or "" if they can.
func kernelUnavailable() string {
	if os.Geteuid() != 0 {
		return "not running as root"
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return "the ip command (iproute2) is not installed"
	}
	if err := probeNetNS(); err != nil {
		return "cannot create a network namespace: " + err.Error()
	}
	return ""
}

// probeNetNS tries once per process to create a network namespace.
var probeNetNS = sync.OnceValue(func() error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := netns.Current()
		if err != nil {
			runtime.UnlockOSThread()
			errc <- err
			return
		}
		defer orig.Close()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			runtime.UnlockOSThread()
			errc <- os.NewSyscallError("unshare", err)
			return
		}
		// If this fails the thread stays locked and the runtime discards it.
		if err := unix.Setns(orig.FD(), unix.CLONE_NEWNET); err == nil {
			runtime.UnlockOSThread()
		}
		errc <- nil
	}()
	return <-errc
})
