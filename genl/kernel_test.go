package genl_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/internal/nltest"
)

// dialIn returns a Conn in ns, closed when the test ends.
func dialIn(t *testing.T, ns *nltest.NS) *genl.Conn {
	t.Helper()
	c, err := genl.Dial(&conn.Config{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// ctrlFamily is what `genl ctrl list` prints of a family.
type ctrlFamily struct {
	Name                             string
	ID, Version, HeaderSize, MaxAttr uint32
	Ops                              map[uint32]uint32 // id → flags
	Groups                           map[string]uint32
}

var (
	reName   = regexp.MustCompile(`^Name: (\S+)`)
	reHeader = regexp.MustCompile(`ID: (0x[0-9a-f]+)\s+Version: (0x[0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)`)
	reOp     = regexp.MustCompile(`^#\d+:\s+ID-(0x[0-9a-f]+)`)
	reCaps   = regexp.MustCompile(`^Capabilities \((0x[0-9a-f]+)\)`)
	reGroup  = regexp.MustCompile(`^#\d+:\s+ID-(0x[0-9a-f]+)\s+name: (\S+)`)
)

// parseCtrlList reads the output of `genl ctrl list`.
func parseCtrlList(t *testing.T, out string) map[string]*ctrlFamily {
	t.Helper()
	num := func(s string) uint32 {
		n, err := strconv.ParseUint(s, 0, 32)
		if err != nil {
			t.Fatalf("genl ctrl list: number %q: %v", s, err)
		}
		return uint32(n)
	}
	fams := map[string]*ctrlFamily{}
	var f *ctrlFamily
	var op uint32
	groups := false
	for line := range strings.SplitSeq(out, "\n") {
		line = strings.TrimSpace(line)
		switch m := reName.FindStringSubmatch(line); {
		case m != nil:
			f = &ctrlFamily{Name: m[1], Ops: map[uint32]uint32{}, Groups: map[string]uint32{}}
			fams[f.Name] = f
			groups = false
			continue
		case f == nil:
			continue
		}
		if m := reHeader.FindStringSubmatch(line); m != nil {
			f.ID, f.Version, f.HeaderSize, f.MaxAttr = num(m[1]), num(m[2]), num(m[3]), num(m[4])
		} else if strings.HasPrefix(line, "multicast groups:") {
			groups = true
		} else if m := reGroup.FindStringSubmatch(line); groups && m != nil {
			f.Groups[m[2]] = num(m[1])
		} else if m := reOp.FindStringSubmatch(line); !groups && m != nil {
			op = num(m[1])
			f.Ops[op] = 0
		} else if m := reCaps.FindStringSubmatch(line); m != nil {
			f.Ops[op] = num(m[1])
		}
	}
	return fams
}

// TestKernelFamilies lists the families of a fresh namespace and compares
// them with what `genl ctrl list` prints there.
func TestKernelFamilies(t *testing.T) {
	ns := nltest.NewNS(t)
	if _, err := exec.LookPath("genl"); err != nil {
		t.Skip("genl(8) from iproute2 is not installed")
	}
	out, err := exec.Command("ip", "netns", "exec", ns.Name, "genl", "ctrl", "list").CombinedOutput()
	if err != nil {
		t.Fatalf("genl ctrl list: %v\n%s", err, out)
	}
	want := parseCtrlList(t, string(out))
	c := dialIn(t, ns)
	fs, err := c.Families(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*ctrlFamily{}
	for _, f := range fs {
		cf := &ctrlFamily{Name: f.Name, ID: uint32(f.ID), Version: f.Version, HeaderSize: f.HeaderSize, MaxAttr: f.MaxAttr,
			Ops: map[uint32]uint32{}, Groups: map[string]uint32{}}
		for _, o := range f.Ops {
			// genl(8) prints the flags of families of version 2 and up
			// only, having confused the family's version with the
			// controller's.
			if f.Version >= 2 {
				cf.Ops[o.ID] = uint32(o.Flags)
			} else {
				cf.Ops[o.ID] = 0
			}
		}
		for _, g := range f.Groups {
			cf.Groups[g.Name] = g.ID
		}
		got[f.Name] = cf
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("families differ from genl ctrl list (-genl +ours):\n%s", d)
	}
	for _, name := range []string{genl.CtrlName, "ethtool", "netdev"} {
		if got[name] == nil {
			t.Errorf("no family %q", name)
		}
	}
	if f := got[genl.CtrlName]; f != nil && f.ID != genl.CtrlID {
		t.Errorf("nlctrl has id %d", f.ID)
	}
}

// TestKernelFamilyCache resolves families once per Conn, and reports
// unknown families and groups as not existing.
func TestKernelFamilyCache(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dialIn(t, ns)
	ctx := context.Background()
	f1, err := c.Family(ctx, "ethtool")
	if err != nil {
		t.Fatal(err)
	}
	f2, _ := c.Family(ctx, "ethtool")
	if f1 != f2 {
		t.Error("the second lookup asked the kernel again")
	}
	c.Forget("ethtool")
	f3, err := c.Family(ctx, "ethtool")
	if err != nil || f3 == f1 || f3.ID != f1.ID {
		t.Errorf("after Forget: %v, %v", f3, err)
	}
	if _, ok := f1.Group("monitor"); !ok {
		t.Errorf("ethtool has no monitor group: %+v", f1.Groups)
	}
	if op, ok := f1.Op(2); !ok || op.Flags&genl.OpCanDo == 0 {
		t.Errorf("ethtool op 2: %+v %v", op, ok)
	}

	_, err = c.Family(ctx, "nosuchfamily")
	if !errors.Is(err, unix.ENOENT) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("unknown family: %v", err)
	}
	if err := c.JoinGroup(ctx, "ethtool", "nosuchgroup"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("unknown group: %v", err)
	}
	if err := c.JoinGroup(ctx, genl.CtrlName, "notify"); err != nil {
		t.Errorf("joining nlctrl's notify: %v", err)
	}
	if err := c.LeaveGroup(ctx, genl.CtrlName, "notify"); err != nil {
		t.Errorf("leaving nlctrl's notify: %v", err)
	}
}

// TestKernelPolicy dumps ethtool's policies and checks what the kernel
// sources say of the header of ETHTOOL_MSG_LINKINFO_GET.
func TestKernelPolicy(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dialIn(t, ns)
	p, err := c.Policy(context.Background(), "ethtool")
	if err != nil {
		t.Fatal(err)
	}
	op, ok := p.Ops[2] // ETHTOOL_MSG_LINKINFO_GET
	if !ok || op.Do == nil || op.Dump == nil {
		t.Fatalf("LINKINFO_GET policies: %+v", op)
	}
	top := p.Attrs[*op.Do]
	hdr, ok := top[1] // ETHTOOL_A_LINKINFO_HEADER
	if !ok || hdr.Type != genl.AttrNested || hdr.PolicyIndex == nil {
		t.Fatalf("header attribute: %+v", hdr)
	}
	attrs := p.Attrs[*hdr.PolicyIndex]
	if a := attrs[1]; a.Type != genl.AttrU32 { // DEV_INDEX
		t.Errorf("DEV_INDEX: %+v", a)
	}
	if a := attrs[2]; a.Type != genl.AttrNulString || a.MaxLength == nil || *a.MaxLength != 127 { // DEV_NAME, at most ALTIFNAMSIZ-1 bytes
		t.Errorf("DEV_NAME: %+v", a)
	}
	if a := attrs[3]; a.Type != genl.AttrU32 || a.Mask == nil || *a.Mask == 0 { // FLAGS
		t.Errorf("FLAGS: %+v", a)
	}

	// NETDEV_CMD_QSTATS_GET has only a dump handler.
	qp, err := c.CommandPolicy(context.Background(), "netdev", 12)
	if err != nil {
		t.Fatal(err)
	}
	qop, ok := qp.Ops[12]
	if !ok || qop.Do != nil || qop.Dump == nil || len(qp.Ops) != 1 {
		t.Fatalf("QSTATS_GET policies: %+v", qp.Ops)
	}
	if a := qp.Attrs[*qop.Dump][4]; a.Type != genl.AttrUint || a.Mask == nil || *a.Mask != 1 { // NETDEV_A_QSTATS_SCOPE
		t.Errorf("QSTATS_SCOPE: %+v", a)
	}

	if _, err := c.Policy(context.Background(), "nosuchfamily"); !errors.Is(err, unix.ENOENT) {
		t.Errorf("policy of an unknown family: %v", err)
	}
}

// TestKernelUnprivileged lists the families as user nobody: listing needs
// no privilege.
func TestKernelUnprivileged(t *testing.T) {
	if os.Getenv("GENL_HELPER") == "list" {
		c, err := genl.Dial(nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fs, err := c.Families(context.Background())
		if err != nil || len(fs) == 0 {
			t.Fatalf("listing as uid %d: %v", os.Getuid(), err)
		}
		if _, err := c.Family(context.Background(), "ethtool"); err != nil {
			t.Fatal(err)
		}
		return
	}
	ns := nltest.NewNS(t)
	if _, err := exec.LookPath("setpriv"); err != nil {
		t.Skip("setpriv(1) is not installed")
	}
	bin := publicCopy(t)
	cmd := exec.Command("ip", "netns", "exec", ns.Name, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
		bin, "-test.run=^TestKernelUnprivileged$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "GENL_HELPER=list", nltest.EnvRequireKernel+"=0")
	cmd.Dir = filepath.Dir(bin)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
}

// publicCopy copies the test binary where user nobody may run it.
func publicCopy(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "genl.test")
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}
