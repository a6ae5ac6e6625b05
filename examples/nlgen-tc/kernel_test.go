package tc

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// setup is the state the tests look at: a veth pair (down) whose ends carry an htb
// qdisc with one class, a tbf qdisc and an ingress qdisc.
var setup = []string{
	"qdisc add dev v0 root handle 1: htb default 10 r2q 5",
	"class add dev v0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit burst 15k prio 3",
	"qdisc add dev v0 ingress",
	"qdisc add dev v1 root handle 2: tbf rate 1mbit burst 32kbit latency 400ms",
}

type tcNS struct {
	*nltest.NS
	c *conn.Conn
}

func newTCNS(t *testing.T) *tcNS {
	t.Helper()
	ns := nltest.NewNS(t)
	if _, err := exec.LookPath("tc"); err != nil {
		if os.Getenv(nltest.EnvRequireKernel) != "" {
			t.Fatal("no tc command")
		}
		t.Skip("no tc command")
	}
	ns.IP(t, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
	// The links stay down: no packet passes, so no counter moves between a
	// dump and the tc(8) run it is compared with.
	s := &tcNS{NS: ns}
	for _, cmd := range setup {
		s.tc(t, strings.Fields(cmd)...)
	}
	c, err := conn.Dial(unix.NETLINK_ROUTE, &conn.Config{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s.c = c
	return s
}

// tc runs tc(8) in the namespace and returns its output.
func (ns *tcNS) tc(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command("ip", append([]string{"netns", "exec", ns.Name, "tc"}, args...)...).Output()
	if err != nil {
		t.Fatalf("tc %s: %v", strings.Join(args, " "), err)
	}
	return out
}

// dump sends a dump request of type typ and returns the replies.
func (ns *tcNS) dump(t *testing.T, typ netlink.MsgType, body *Message) []netlink.RawMessage {
	t.Helper()
	ms, err := ns.c.Execute(context.Background(), netlink.Message{
		Header: netlink.Header{Type: typ, Flags: netlink.Dump},
		Body:   body,
	})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func decodeAll(t *testing.T, ms []netlink.RawMessage) []*Message {
	t.Helper()
	var out []*Message
	for _, raw := range ms {
		m, err := Messages.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m.Body.(*Message))
	}
	return out
}

func (ns *tcNS) ifindex(t *testing.T, name string) int32 {
	var links []struct {
		Index int32 `json:"ifindex"`
	}
	ns.IPJSON(t, &links, "link", "show", "dev", name)
	if len(links) != 1 {
		t.Fatalf("link %s not found", name)
	}
	return links[0].Index
}

// handle formats a tc handle as tc(8) does: "1:", "ffff:fff1".
func handle(h uint32) string {
	if h&0xffff == 0 {
		return fmt.Sprintf("%x:", h>>16)
	}
	return fmt.Sprintf("%x:%x", h>>16, h&0xffff)
}

const rootParent = 0xffffffff // TC_H_ROOT

// TestKernelQdiscs dumps the qdiscs of the namespace through the generated
// types and compares them with `tc -j qdisc show`.
func TestKernelQdiscs(t *testing.T) {
	ns := newTCNS(t)
	names := map[int32]string{ns.ifindex(t, "v0"): "v0", ns.ifindex(t, "v1"): "v1"}
	got := map[string]*Message{}
	for _, q := range decodeAll(t, ns.dump(t, MsgGetqdisc, &Message{})) {
		if dev, ok := names[q.Ifindex]; ok {
			got[dev+" "+handle(q.Handle)] = q
		}
	}

	var want []struct {
		Kind    string         `json:"kind"`
		Handle  string         `json:"handle"`
		Dev     string         `json:"dev"`
		Root    bool           `json:"root"`
		Parent  string         `json:"parent"`
		Options map[string]any `json:"options"`
	}
	if err := json.Unmarshal(ns.tc(t, "-j", "qdisc", "show"), &want); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, w := range want {
		if w.Dev != "v0" && w.Dev != "v1" {
			continue
		}
		seen++
		key := w.Dev + " " + w.Handle
		q := got[key]
		if q == nil {
			t.Errorf("%s: tc shows a %s qdisc the dump lacks", key, w.Kind)
			continue
		}
		if q.Attrs.Kind != w.Kind {
			t.Errorf("%s: kind %q, tc says %q", key, q.Attrs.Kind, w.Kind)
		}
		if root := q.Parent == rootParent; root != w.Root || !root && handle(q.Parent) != w.Parent {
			t.Errorf("%s: parent %s, tc says root=%v parent=%q", key, handle(q.Parent), w.Root, w.Parent)
		}
		num := func(k string) uint64 { f, _ := w.Options[k].(float64); return uint64(f) }
		switch opt := q.Attrs.Options.(type) {
		case *HtbAttrs:
			if opt.Init == nil {
				t.Errorf("%s: htb without TCA_HTB_INIT", key)
				break
			}
			check(t, key+" r2q", uint64(opt.Init.Rate2quantum), num("r2q"))
			check(t, key+" direct_packets_stat", uint64(opt.Init.DirectPkts), num("direct_packets_stat"))
			check(t, key+" direct_qlen", uint64(opt.DirectQlen), num("direct_qlen"))
			if def := fmt.Sprintf("%#x", opt.Init.Defcls); def != w.Options["default"] {
				t.Errorf("%s: default class %s, tc says %v", key, def, w.Options["default"])
			}
		case *TbfAttrs:
			if opt.Parms == nil {
				t.Errorf("%s: tbf without TCA_TBF_PARMS", key)
				break
			}
			rate := uint64(opt.Parms.Rate.Rate)
			if opt.Rate64 != 0 {
				rate = opt.Rate64
			}
			check(t, key+" rate", rate, num("rate"))
		case nltag.Raw:
			// The spec gives ingress a format without payload, so nothing
			// is registered for it and its empty options stay raw.
			if w.Kind != "ingress" || len(opt) != 0 {
				t.Errorf("%s: %s options left raw: %x", key, w.Kind, []byte(opt))
			}
		default:
			t.Errorf("%s: unexpected options %T", key, opt)
		}
	}
	if seen != len(got) || seen != 3 {
		t.Errorf("tc shows %d qdiscs of v0 and v1, the dump has %d; want 3", seen, len(got))
	}
}

// TestKernelClasses dumps the classes of v0 and compares the htb class with
// `tc class show`, which this iproute2 prints only as text for htb.
func TestKernelClasses(t *testing.T) {
	ns := newTCNS(t)
	cs := decodeAll(t, ns.dump(t, MsgGettclass, &Message{Tcmsg: Tcmsg{Ifindex: ns.ifindex(t, "v0")}}))
	var class *Message
	for _, c := range cs {
		if handle(c.Handle) == "1:10" {
			class = c
		}
	}
	if class == nil {
		t.Fatalf("no class 1:10 among %d", len(cs))
	}
	opt, ok := class.Attrs.Options.(*HtbAttrs)
	if !ok || opt.Parms == nil {
		t.Fatalf("class options %T, want *HtbAttrs with parms", class.Attrs.Options)
	}
	text := string(ns.tc(t, "class", "show", "dev", "v0", "classid", "1:10"))
	field := func(name string) string {
		m := regexp.MustCompile(`\b` + name + ` (\S+)`).FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("no %s in %q", name, text)
		}
		return m[1]
	}
	// tc prints rates in bits per second with SI suffixes; the kernel keeps
	// bytes per second.
	check(t, "rate", uint64(opt.Parms.Rate.Rate)*8, bits(t, field("rate")))
	check(t, "ceil", uint64(opt.Parms.Ceil.Rate)*8, bits(t, field("ceil")))
	prio, _ := strconv.ParseUint(field("prio"), 10, 32)
	check(t, "prio", uint64(opt.Parms.Prio), prio)
	// tc prints "root" for a class at the top of its qdisc.
	if root := class.Parent == rootParent; class.Attrs.Kind != "htb" || root != strings.Contains(text, " root ") {
		t.Errorf("class kind %q parent %s; tc says %q", class.Attrs.Kind, handle(class.Parent), text)
	}
}

func bits(t *testing.T, s string) uint64 {
	t.Helper()
	mult := map[string]uint64{"bit": 1, "Kbit": 1e3, "Mbit": 1e6, "Gbit": 1e9}
	for suf, m := range mult {
		if n, ok := strings.CutSuffix(s, suf); ok {
			if v, err := strconv.ParseUint(n, 10, 64); err == nil {
				return v * m
			}
		}
	}
	t.Fatalf("rate %q", s)
	return 0
}

func check(t *testing.T, what string, got, want uint64) {
	t.Helper()
	if got != want {
		t.Errorf("%s: decoded %d, tc says %d", what, got, want)
	}
}

// TestCapture writes the kernel captures of testdata/nlgen/tc (hex and
// text) when run with -update; review the diff afterwards.
func TestCapture(t *testing.T) {
	if !golden.Updating() {
		t.Skip("run with -update to capture golden files from the kernel")
	}
	ns := newTCNS(t)
	v0, v1 := ns.ifindex(t, "v0"), ns.ifindex(t, "v1")
	write := func(name, what string, ms []netlink.RawMessage) {
		t.Helper()
		comment := fmt.Sprintf("%s\nkernel %s, captured by TestCapture (examples/nlgen-tc/kernel_test.go), %d message(s)", what, golden.Kernel(), len(ms))
		goldenDir.Write(t, name, comment, golden.Wire(nil, ms...))
	}
	on := func(ms []netlink.RawMessage, idx int32) []netlink.RawMessage {
		var out []netlink.RawMessage
		for i, m := range decodeAll(t, ms) {
			if m.Ifindex == idx {
				out = append(out, ms[i])
			}
		}
		return out
	}
	qdiscs := ns.dump(t, MsgGetqdisc, &Message{})
	write("qdisc-htb-ingress", "RTM_GETQDISC dump, qdiscs of v0: htb default 10 r2q 5 (root, 1:), ingress", on(qdiscs, v0))
	write("qdisc-tbf", "RTM_GETQDISC dump, qdisc of v1: tbf rate 1mbit burst 32kbit latency 400ms (root, 2:)", on(qdiscs, v1))
	write("class-htb", "RTM_GETTCLASS dump of v0: htb class 1:10 rate 1mbit ceil 2mbit burst 15k prio 3",
		ns.dump(t, MsgGettclass, &Message{Tcmsg: Tcmsg{Ifindex: v0}}))
}
