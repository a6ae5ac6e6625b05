package route

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// TestFilterMessagesKernel has tc(8) add u32 (with a mirred action) and
// bpf (classic bytecode) filters to v0, sends the same filters built from
// this package's structs for v2, and requires the kernel's dumps of both to
// decode to the same options, and to re-encode to their bytes.
func TestFilterMessagesKernel(t *testing.T) {
	ns := newRouteNS(t)
	ns.script(t, `
ip link add v0 type veth peer name v1
ip link add v2 type veth peer name v3
tc qdisc add dev v0 root handle 1: htb
tc qdisc add dev v2 root handle 1: htb
tc filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 192.0.2.10/32 match ip dport 80 0xffff flowid 1:10 action mirred egress redirect dev v1`)
	ns.run(t, "tc", "filter", "add", "dev", "v0", "parent", "1:", "protocol", "ip", "prio", "20", "bpf",
		"bytecode", "1,6 0 0 4294967295,", "classid", "1:20")
	v0, v1, v2 := ns.ifindex(t, "v0"), ns.ifindex(t, "v1"), ns.ifindex(t, "v2")

	ops, n, err := MarshalSockFilters([]SockFilter{{Code: 6, K: 0xffffffff}}) // ret #-1: match
	if err != nil {
		t.Fatal(err)
	}
	mine := []*Tc{
		{Index: v2, Parent: NewHandle(1, 0), Info: MakeFilterInfo(10, unix.ETH_P_IP), Kind: "u32", Options: &U32Options{
			ClassID: NewHandle(1, 0x10),
			Sel: &U32Sel{Flags: 1, Keys: []U32Key{
				{Mask: 0xffffffff, Val: 0xc000020a, Off: 16},
				{Mask: 0x0000ffff, Val: 80, Off: 20, OffMask: 0},
			}},
			Actions: []Action{{Kind: "mirred", Options: &MirredOptions{Parms: &MirredParms{
				TcGen: TcGen{Action: ActStolen}, EAction: EgressRedir, IfIndex: uint32(v1)}}}},
		}},
		{Index: v2, Parent: NewHandle(1, 0), Info: MakeFilterInfo(20, unix.ETH_P_IP), Kind: "bpf", Options: &BPFOptions{
			ClassID: NewHandle(1, 0x20), Ops: ops, OpsLen: n}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, f := range mine {
		if _, err := ns.c.Execute(ctx, netlink.Message{
			Header: netlink.Header{Type: unix.RTM_NEWTFILTER, Flags: netlink.Create | netlink.Excl | netlink.Acknowledge},
			Body:   f,
		}); err != nil {
			t.Fatalf("RTM_NEWTFILTER %s: %v", f.Kind, err)
		}
	}

	// The options of each filter, by kind, from a link's dump; the dump
	// must re-encode to its bytes.
	filters := func(idx netlink.IfIndex) map[string]*Tc {
		ms := ns.dump(t, unix.RTM_GETTFILTER, &Tc{Index: idx, Parent: NewHandle(1, 0)})
		out := map[string]*Tc{}
		for _, m := range ms {
			f := decode[Tc](t, m)
			b, err := nltag.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != string(m.Data) {
				t.Errorf("%s filter re-encodes differently:\n got %x\nwant %x", f.Kind, b, m.Data)
			}
			if f.Options != nil { // each kind has a header-only first reply
				out[f.Kind] = f
			}
		}
		return out
	}
	theirs, ours := filters(v0), filters(v2)
	if len(theirs) != 2 {
		t.Fatalf("tc's filters: %v", theirs)
	}
	// Handles, action instances and their times and counters differ.
	ignore := cmp.Options{
		cmpopts.IgnoreFields(Tc{}, "Index", "Handle", "Wire"),
		cmpopts.IgnoreFields(U32Options{}, "Hash", "Wire", "Pcnt"),
		cmpopts.IgnoreFields(Action{}, "Index", "Stats", "Wire"),
		cmpopts.IgnoreFields(MirredOptions{}, "TM", "Wire"),
		cmpopts.IgnoreFields(TcGen{}, "Index"),
		cmpopts.IgnoreFields(BPFOptions{}, "Wire"),
		cmpopts.EquateEmpty(),
	}
	for kind, f := range theirs {
		if d := cmp.Diff(f, ours[kind], ignore); d != "" {
			t.Errorf("%s filter, tc's (-) and ours (+):\n%s", kind, d)
		}
	}
	u := theirs["u32"].Options.(*U32Options)
	if len(u.Actions) != 1 || u.Actions[0].Kind != "mirred" {
		t.Fatalf("u32 actions: %+v", u.Actions)
	}
	if p := u.Actions[0].Options.(*MirredOptions).Parms; p.IfIndex != uint32(v1) || p.EAction != EgressRedir {
		t.Errorf("mirred parms %+v", p)
	}
}
