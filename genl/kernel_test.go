package genl_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

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
	c := gentest.Dial(t, ns)
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
	c := gentest.Dial(t, ns)
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
	c := gentest.Dial(t, ns)
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
	cmd.Env = append(os.Environ(), "GENL_HELPER=list", nltest.EnvRequireKernel+"=0", "GORACE=atexit_sleep_ms=0")
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

// TestKernelConnConcurrent: "Its methods are safe for concurrent use": one
// Conn shared by goroutines that resolve, forget and list families and
// dump through it (run with -race), every answer the right one.
func TestKernelConnConcurrent(t *testing.T) {
	ns := nltest.NewNS(t)
	c := gentest.Dial(t, ns)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	want, err := c.Family(ctx, "ethtool")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			for i := range 40 {
				var err error
				switch (w + i) % 4 {
				case 0:
					var f *genl.Family
					if f, err = c.Family(ctx, "ethtool"); err == nil && f.ID != want.ID {
						err = fmt.Errorf("ethtool has id %d, want %d", f.ID, want.ID)
					}
				case 1:
					c.Forget("ethtool")
				case 2:
					var fs []*genl.Family
					if fs, err = c.Families(ctx); err == nil && len(fs) < 3 {
						err = fmt.Errorf("%d families", len(fs))
					}
				case 3:
					var fs []*genl.Family
					fs, err = genl.Dump[genl.Family](ctx, c, genl.CtrlName,
						&genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily, Version: genl.CtrlVersion}})
					if err == nil && len(fs) < 3 {
						err = fmt.Errorf("%d families", len(fs))
					}
				}
				if err != nil {
					t.Errorf("goroutine %d, step %d: %v", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestKernelFamiliesRefreshCache: Families "refreshes the cache with
// them": the next Family returns what Families listed, without asking.
func TestKernelFamiliesRefreshCache(t *testing.T) {
	ns := nltest.NewNS(t)
	c := gentest.Dial(t, ns)
	ctx := context.Background()
	old, err := c.Family(ctx, "ethtool")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := c.Families(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var listed *genl.Family
	for _, f := range fs {
		if f.Name == "ethtool" {
			listed = f
		}
	}
	f, err := c.Family(ctx, "ethtool")
	if err != nil || listed == nil || f != listed || f == old {
		t.Errorf("Family after Families: %p (listed %p, before %p), %v; want the listed one", f, listed, old, err)
	}
}

// TestKernelConnCancel: a dump whose context ends yields one error, last,
// matching context.Canceled, and the Conn serves the next request.
func TestKernelConnCancel(t *testing.T) {
	ns := nltest.NewNS(t)
	c := gentest.Dial(t, ns)
	req := &genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily, Version: genl.CtrlVersion}}
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	if fs, err := genl.Dump[genl.Family](ended, c, genl.CtrlName, req); !errors.Is(err, context.Canceled) || len(fs) != 0 {
		t.Errorf("Dump with an ended context: %d families, %v", len(fs), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var errs []error
	n := 0
	for _, err := range c.Stream(ctx, genl.CtrlName, netlink.Dump, req) {
		if len(errs) > 0 {
			t.Fatalf("a value or error after %v", errs)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n++; n == 1 {
			cancel()
		}
	}
	cancel()
	// The dump may have arrived whole before the cancellation.
	if len(errs) > 1 || len(errs) == 1 && !errors.Is(errs[0], context.Canceled) {
		t.Errorf("Stream cancelled after %d replies: errors %v", n, errs)
	}
	c.Forget("ethtool")
	if _, err := c.Family(context.Background(), "ethtool"); err != nil {
		t.Errorf("the next request: %v", err)
	}
}

// TestKernelReceiveUnknownFamily: Receive decodes "messages of other
// families", those of no table given, as nltag.Raw.
func TestKernelReceiveUnknownFamily(t *testing.T) {
	if _, err := exec.LookPath("ethtool"); err != nil {
		t.Skip("ethtool(8) is not installed")
	}
	ns := nltest.NewNS(t)
	ns.IP(t, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
	c := gentest.Dial(t, ns)
	if err := c.JoinGroup(context.Background(), ethtool.FamilyName, ethtool.MonitorGroup); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("ip", "netns", "exec", ns.Name, "ethtool", "-K", "v0", "tx-gso-list", "off").CombinedOutput(); err != nil {
		t.Fatalf("ethtool -K: %v\n%s", err, out)
	}
	if err := c.Conn().SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	ms, err := c.Receive() // no table: ethtool is unknown here
	if err != nil || len(ms) == 0 {
		t.Fatalf("Receive: %d messages, %v", len(ms), err)
	}
	for _, m := range ms {
		if _, ok := m.Body.(nltag.Raw); !ok {
			t.Errorf("a message of a family without table decodes to %T, want nltag.Raw", m.Body)
		}
	}
}
