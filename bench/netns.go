package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// NS is a named network namespace made for one benchmark run with
// `ip netns add`, so that ip(8), conn.Config.NetNS and the peers'
// namespace options can all reach it by name or path.
type NS struct {
	// Name is the name given to `ip netns add`: bench-<pid>.
	Name string
	// Path is its bind mount, /run/netns/Name.
	Path string
}

// NewNS creates the namespace bench-<pid> with lo up. A namespace of the
// same name left by a crashed run of a process with the same pid is removed
// first.
func NewNS() (*NS, error) { return newNamedNS(fmt.Sprintf("bench-%d", os.Getpid())) }

// newNamedNS creates the namespace name with lo up, first removing one of
// that name.
func newNamedNS(name string) (*NS, error) {
	ns := &NS{Name: name, Path: "/run/netns/" + name}
	if _, err := os.Stat(ns.Path); err == nil {
		if _, err := run("ip", "netns", "del", name); err != nil {
			return nil, err
		}
	}
	if _, err := run("ip", "netns", "add", name); err != nil {
		return nil, err
	}
	if err := ns.IP("link", "set", "lo", "up"); err != nil {
		ns.Close()
		return nil, err
	}
	return ns, nil
}

// ExistingNS returns the namespace of that name, which must exist: run.sh
// makes one and populates it once for all its rounds, since deleting a
// namespace that holds 100,000 routes keeps a kernel worker busy for
// seconds after `ip netns del` returns, which would disturb the next round.
func ExistingNS(name string) (*NS, error) {
	ns := &NS{Name: name, Path: "/run/netns/" + name}
	if _, err := os.Stat(ns.Path); err != nil {
		return nil, err
	}
	return ns, nil
}

// Populated reports whether Populate has run in the namespace.
func (ns *NS) Populated() bool {
	return ns.IP("link", "show", "dev", "r0") == nil
}

// Close deletes the namespace, and with it every link, address and route
// made in it.
func (ns *NS) Close() error {
	_, err := run("ip", "netns", "del", ns.Name)
	return err
}

// IP runs `ip -n Name args...`.
func (ns *NS) IP(args ...string) error {
	_, err := run("ip", append([]string{"-n", ns.Name}, args...)...)
	return err
}

// Batch runs the ip(8) commands in lines (without the leading "ip") in the
// namespace through one `ip -batch`, which is how thousands of links and
// routes are made in seconds rather than minutes.
func (ns *NS) Batch(lines []string) error {
	if len(lines) == 0 {
		return nil
	}
	cmd := exec.Command("ip", "-n", ns.Name, "-batch", "-")
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ip -n %s -batch (%d commands, first %q): %v\n%s",
			ns.Name, len(lines), lines[0], err, tail(out.String(), 2000))
	}
	return nil
}

// Do runs fn on an OS thread that has entered the namespace, and brings the
// thread back to the process's namespace afterwards. Sockets that fn opens
// belong to the namespace for life. If the thread cannot be brought back it
// is left locked, so that the runtime retires it instead of reusing it.
func (ns *NS) Do(fn func() error) error {
	runtime.LockOSThread()
	self := fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid())
	orig, err := unix.Open(self, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer unix.Close(orig)
	target, err := unix.Open(ns.Path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer unix.Close(target)
	if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("setns %s: %w", ns.Path, err)
	}
	fnErr := fn()
	if err := unix.Setns(orig, unix.CLONE_NEWNET); err != nil {
		// Leave the thread locked: it dies with this goroutine.
		return fmt.Errorf("setns back from %s: %w", ns.Path, err)
	}
	runtime.UnlockOSThread()
	return fnErr
}

// OpenFD opens the namespace file for options that take a descriptor
// (mdlayher/netlink's Config.NetNS). The caller closes it.
func (ns *NS) OpenFD() (int, error) {
	return unix.Open(ns.Path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
}

func run(name string, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %v\n%s%s", cmd, err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.String(), nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
