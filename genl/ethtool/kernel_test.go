package ethtool_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/internal/nltest"
)

// setupEthtool returns a veth namespace and a Client in it, skipping when
// the ethtool program is missing.
func setupEthtool(t *testing.T) (*nltest.NS, *genl.Conn, *ethtool.Client) {
	t.Helper()
	ns := newVethNS(t)
	if _, err := exec.LookPath("ethtool"); err != nil {
		t.Skip("the ethtool program is not installed")
	}
	c := gentest.Dial(t, ns)
	return ns, c, ethtool.New(c)
}

// settings parses the "Key: value" lines of `ethtool DEV`.
func settings(out string) map[string]string {
	m := map[string]string{}
	for line := range strings.SplitSeq(out, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ": "); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

// How the ethtool program words what the kernel reports.
var (
	portText = map[ethtool.Port]string{
		ethtool.PortTP: "Twisted Pair", ethtool.PortAUI: "AUI", ethtool.PortBNC: "BNC", ethtool.PortMII: "MII",
		ethtool.PortFibre: "FIBRE", ethtool.PortDA: "Direct Attach Copper", ethtool.PortNone: "None", ethtool.PortOther: "Other",
	}
	duplexText = map[ethtool.Duplex]string{ethtool.DuplexHalf: "Half", ethtool.DuplexFull: "Full", ethtool.DuplexUnknown: "Unknown! (255)"}
	xcvrText   = map[ethtool.Transceiver]string{ethtool.TransceiverInternal: "internal", ethtool.TransceiverExternal: "external"}
	mdixText   = map[ethtool.MDIX]string{ethtool.MDIXInvalid: "Unknown", ethtool.MDIXStraight: "off", ethtool.MDIXCrossover: "on"}
	onOff      = map[bool]string{true: "on", false: "off"}
	yesNo      = map[bool]string{true: "yes", false: "no"}
)

// TestKernelCompareSettings compares LinkInfo, LinkModes and LinkState of a
// veth with what `ethtool DEV` prints of it.
func TestKernelCompareSettings(t *testing.T) {
	ns, _, e := setupEthtool(t)
	ctx := context.Background()
	li, err := e.LinkInfo(ctx, ethtool.ByName("v0"))
	if err != nil {
		t.Fatal(err)
	}
	lm, err := e.LinkModes(ctx, ethtool.ByName("v0"))
	if err != nil {
		t.Fatal(err)
	}
	ls, err := e.LinkState(ctx, ethtool.ByName("v0"))
	if err != nil {
		t.Fatal(err)
	}
	if li.Port == nil || li.PHYAddr == nil || li.Transceiver == nil || li.MDIX == nil ||
		lm.Speed == nil || lm.Duplex == nil || lm.Autoneg == nil || ls.Link == nil {
		t.Fatalf("attributes missing:\n%+v\n%+v\n%+v", li, lm, ls)
	}
	speed := "Unknown!"
	if *lm.Speed != ethtool.SpeedUnknown {
		speed = fmt.Sprintf("%dMb/s", *lm.Speed)
	}
	want := settings(runIn(t, ns, "ethtool", "v0"))
	got := map[string]string{
		"Speed":            speed,
		"Duplex":           duplexText[*lm.Duplex],
		"Auto-negotiation": onOff[*lm.Autoneg],
		"Port":             portText[*li.Port],
		"PHYAD":            strconv.Itoa(int(*li.PHYAddr)),
		"Transceiver":      xcvrText[*li.Transceiver],
		"MDI-X":            mdixText[*li.MDIX],
		"Link detected":    yesNo[*ls.Link],
	}
	for k, v := range got {
		if want[k] != v {
			t.Errorf("%s: ethtool says %q, we say %q", k, want[k], v)
		}
	}
	// What we know of a veth, lest both sides agree on nonsense.
	if *lm.Speed != 10000 || *lm.Duplex != ethtool.DuplexFull || *li.Port != ethtool.PortTP || !*ls.Link {
		t.Errorf("veth reported as %v %v %v link %v", *lm.Speed, *lm.Duplex, *li.Port, *ls.Link)
	}
	if lm.Ours == nil || len(lm.Ours.MaskNames()) != 0 {
		t.Errorf("veth supports link modes: %v", lm.Ours.MaskNames())
	}
}

var featureLine = regexp.MustCompile(`^\s*(\S+): (on|off)( \[fixed\])?( \[requested (on|off)\])?$`)

// TestKernelCompareFeatures compares Features with `ethtool -k DEV`, in
// the list and the compact forms, before and after changing one.
func TestKernelCompareFeatures(t *testing.T) {
	ns, _, e := setupEthtool(t)
	ctx := context.Background()
	names, err := e.Strings(ctx, nil, ethtool.SSFeatures)
	if err != nil {
		t.Fatal(err)
	}
	gro := slices.Index(names, "rx-gro")
	if gro < 0 {
		t.Fatalf("no rx-gro among %q", names)
	}
	compare := func() *ethtool.Features {
		t.Helper()
		f, err := e.Features(ctx, ethtool.ByName("v0"))
		if err != nil {
			t.Fatal(err)
		}
		fc, err := e.Features(ctx, &ethtool.Dev{Name: "v0", Flags: ethtool.FlagCompactBitsets})
		if err != nil {
			t.Fatal(err)
		}
		list, compact := f.List(names), fc.List(names)
		if !slices.Equal(list, compact) {
			t.Errorf("list and compact forms differ:\n%v\n%v", list, compact)
		}
		byName := map[string]ethtool.Feature{}
		for _, ft := range list {
			byName[ft.Name] = ft
		}
		compared := 0
		for line := range strings.SplitSeq(runIn(t, ns, "ethtool", "-k", "v0"), "\n") {
			m := featureLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			ft, ok := byName[m[1]]
			if !ok {
				continue // a name the ethtool program made up for a group of features
			}
			compared++
			if onOff[ft.Active] != m[2] || ft.Fixed != (m[3] != "") {
				t.Errorf("%s: ethtool says %q, we say active %v fixed %v", ft.Name, line, ft.Active, ft.Fixed)
			}
			if m[5] != "" && onOff[ft.Wanted] != m[5] {
				t.Errorf("%s: ethtool says %q, we say wanted %v", ft.Name, line, ft.Wanted)
			}
		}
		if compared < 20 {
			t.Errorf("compared only %d features", compared)
		}
		t.Logf("compared %d features with ethtool -k", compared)
		return f
	}
	before := compare()
	on := !before.Active.Test(uint32(gro))
	r, err := e.SetFeatures(ctx, ethtool.ByName("v0"), map[string]bool{"rx-gro": on})
	if err != nil {
		t.Fatal(err)
	}
	if r == nil || r.Active.Test(uint32(gro)) != on || !r.Active.InMask(uint32(gro)) {
		t.Errorf("the reply to setting rx-gro %v: %+v", on, r)
	}
	after := compare()
	if after.Active.Test(uint32(gro)) != on {
		t.Errorf("rx-gro is still %v", !on)
	}
}

// TestKernelCompareChannels compares Channels with `ethtool -l DEV`, and
// checks that Rings fails as the ethtool program does.
func TestKernelCompareChannels(t *testing.T) {
	ns, _, e := setupEthtool(t)
	ctx := context.Background()
	ch, err := e.Channels(ctx, ethtool.ByName("v0"))
	if err != nil {
		t.Fatal(err)
	}
	text := func(p *uint32) string {
		if p == nil {
			return "n/a"
		}
		return strconv.Itoa(int(*p))
	}
	var got []string
	for _, p := range []*uint32{ch.RxMax, ch.TxMax, ch.OtherMax, ch.CombinedMax, ch.RxCount, ch.TxCount, ch.OtherCount, ch.CombinedCount} {
		got = append(got, text(p))
	}
	var want []string
	for line := range strings.SplitSeq(runIn(t, ns, "ethtool", "-l", "v0"), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && slices.Contains([]string{"RX", "TX", "Other", "Combined"}, k) {
			want = append(want, strings.TrimSpace(v))
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("ethtool -l says %v, we say %v", want, got)
	}

	_, err = e.Rings(ctx, ethtool.ByName("v0"))
	if !errors.Is(err, unix.EOPNOTSUPP) {
		t.Errorf("rings of a veth: %v", err)
	}
	if out, err := exec.Command("ip", "netns", "exec", ns.Name, "ethtool", "-g", "v0").CombinedOutput(); err == nil {
		t.Errorf("ethtool -g v0 succeeded:\n%s", out)
	}
}

// TestKernelDumps checks that dumps answer for both ends of the veth, as
// single requests do.
func TestKernelDumps(t *testing.T) {
	_, _, e := setupEthtool(t)
	ctx := context.Background()
	infos, err := ethtool.Dump[ethtool.LinkInfo](ctx, e, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, li := range infos {
		names = append(names, li.Dev.Name)
		one, err := e.LinkInfo(ctx, ethtool.ByIndex(li.Dev.Index))
		if err != nil || *one.Port != *li.Port || one.Dev.Name != li.Dev.Name {
			t.Errorf("%s: dumped %+v, got %+v, %v", li.Dev.Name, li, one, err)
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"v0", "v1"}) {
		t.Errorf("dumped link info of %v", names)
	}
	// Every device has features, lo included.
	feats, err := ethtool.Dump[ethtool.Features](ctx, e, ethtool.FlagCompactBitsets)
	if err != nil || len(feats) != 3 {
		t.Fatalf("compact features dump: %d, %v", len(feats), err)
	}
	for _, f := range feats {
		if f.Active == nil || f.Active.Value == nil || f.Active.Bits != nil {
			t.Errorf("%s: active features not compact: %+v", f.Dev.Name, f.Active)
		}
	}
	if _, err := ethtool.Dump[ethtool.LinkInfo](ctx, e, ethtool.FlagStats); !errors.Is(err, unix.EINVAL) {
		t.Errorf("a flag linkinfo's policy rejects: %v", err)
	}
	if _, err := e.LinkInfo(ctx, ethtool.ByName("nosuchdev")); !errors.Is(err, unix.ENODEV) {
		t.Errorf("unknown device: %v", err)
	}
}

// TestKernelMonitor joins the monitor group and decodes the notification
// of a change the ethtool program makes.
func TestKernelMonitor(t *testing.T) {
	ns, c, _ := setupEthtool(t)
	if err := c.JoinGroup(context.Background(), ethtool.FamilyName, ethtool.MonitorGroup); err != nil {
		t.Fatal(err)
	}
	runIn(t, ns, "ethtool", "-K", "v0", "tx-gso-list", "off")
	if err := c.Conn().SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	for {
		ms, err := c.Receive(ethtool.Messages)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if f, ok := m.Body.(*ethtool.Features); ok && f.Command == ethtool.MsgFeaturesNtf {
				if f.Dev == nil || f.Dev.Name != "v0" || f.Active == nil {
					t.Fatalf("notification: %+v", f)
				}
				return
			}
		}
	}
}
