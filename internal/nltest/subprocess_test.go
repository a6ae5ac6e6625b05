package nltest

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// envHelper selects a helper test when this test binary re-runs itself.
const envHelper = "NLTEST_HELPER"

// runHelper runs the helper test name in the test binary bin with extra
// environment and, if cred is set, as another user. It returns the combined
// output and whether the helper exited successfully.
func runHelper(t *testing.T, bin, name string, cred *syscall.Credential, env ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(bin, "-test.run=^"+name+"$", "-test.v", "-test.count=1")
	cmd.Dir = filepath.Dir(bin)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, EnvRequireKernel+"=") && !strings.HasPrefix(kv, envHelper+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, envHelper+"="+name, "GORACE=atexit_sleep_ms=0") // no 1 s sleep at exit under -race
	cmd.Env = append(cmd.Env, env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	out, err := cmd.CombinedOutput()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("running helper %s: %v", name, err)
	}
	return string(out), err == nil
}

// testBinary returns the path of this test binary, copied to where any user
// may execute it if public is set: the go build directory is private.
func testBinary(t *testing.T, public bool) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if !public {
		return exe
	}
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "nltest.test")
	copyFile(t, bin, exe)
	return bin
}

func copyFile(t *testing.T, dst, src string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// isHelper reports whether the running test was started by runHelper.
func isHelper(t *testing.T) bool {
	return os.Getenv(envHelper) == t.Name()
}

// TestRequireRootNonRoot checks end to end that RequireRoot skips for an
// unprivileged user, and fails instead when EnvRequireKernel is set.
func TestRequireRootNonRoot(t *testing.T) {
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		cred = &syscall.Credential{Uid: 65534, Gid: 65534} // nobody
	}
	bin := testBinary(t, cred != nil)
	for _, tc := range []struct {
		env      string
		wantPass bool
		want     string
	}{
		{"", true, "--- SKIP: TestHelperRequireRoot"},
		{"1", false, "--- FAIL: TestHelperRequireRoot"},
	} {
		out, passed := runHelper(t, bin, "TestHelperRequireRoot", cred, EnvRequireKernel+"="+tc.env)
		if passed != tc.wantPass || !strings.Contains(out, tc.want) || !strings.Contains(out, "not running as root") {
			t.Errorf("%s=%q as non-root: passed=%v, want %v and %q in output:\n%s",
				EnvRequireKernel, tc.env, passed, tc.wantPass, tc.want, out)
		}
	}
}

func TestHelperRequireRoot(t *testing.T) {
	if !isHelper(t) {
		return
	}
	RequireRoot(t)
	t.Log("RequireRoot returned")
}

// TestNSDoFatal checks that t.Fatal inside NS.Do ends the test at once and
// that the namespace is still deleted.
func TestNSDoFatal(t *testing.T) {
	RequireRoot(t)
	out, passed := runHelper(t, testBinary(t, false), "TestHelperNSDoFatal", nil)
	if passed || !strings.Contains(out, "--- FAIL: TestHelperNSDoFatal") || !strings.Contains(out, "fatal inside Do") {
		t.Fatalf("helper should fail with the Fatal message; passed=%v, output:\n%s", passed, out)
	}
	if strings.Contains(out, "after Fatal") || strings.Contains(out, "after Do") {
		t.Errorf("test went on after t.Fatal inside Do:\n%s", out)
	}
	name := ""
	for _, f := range strings.Fields(out) {
		if strings.HasPrefix(f, "ns=") {
			name = strings.TrimPrefix(f, "ns=")
		}
	}
	if name == "" {
		t.Fatalf("helper did not report its namespace:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join("/run/netns", name)); !os.IsNotExist(err) {
		t.Errorf("namespace %s not deleted after the helper: stat: %v", name, err)
	}
}

func TestHelperNSDoFatal(t *testing.T) {
	if !isHelper(t) {
		return
	}
	ns := NewNS(t)
	t.Logf("ns=%s", ns.Name)
	ns.Do(t, func() {
		t.Fatal("fatal inside Do")
		t.Log("after Fatal")
	})
	t.Log("after Do")
}
