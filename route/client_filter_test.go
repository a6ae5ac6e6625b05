package route_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

func TestClientFilter(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add v0 type veth peer name v1")
	v0, root := route.ByName("v0"), route.NewHandle(1, 0)
	if err := e.c.QdiscAdd(e.ctx, v0, &route.TcOptions{Handle: root, Kind: route.NewHTB(0)}); err != nil {
		t.Fatal(err)
	}
	ops, n, err := route.MarshalSockFilters([]route.SockFilter{{Code: 6, K: 0xffffffff}})
	if err != nil {
		t.Fatal(err)
	}
	u32 := func(class uint16) *route.FilterOptions {
		return &route.FilterOptions{Parent: root, Priority: 10, Protocol: unix.ETH_P_IP, Handle: 0x80000800, // 800::800: hash table 800, bucket 0, node 800
			Kind: &route.U32Options{ClassID: route.NewHandle(1, class), Sel: &route.U32Sel{Flags: 1,
				Keys: []route.U32Key{{Mask: 0xffffffff, Val: 0xc000020a, Off: 16}}}}}
	}
	for _, o := range []*route.FilterOptions{
		u32(0x10),
		{Parent: root, Priority: 20, Kind: &route.BPFOptions{ClassID: route.NewHandle(1, 0x20), Ops: ops, OpsLen: n}},
	} {
		if err := e.c.FilterAdd(e.ctx, v0, o); err != nil {
			t.Fatal(err)
		}
	}
	out, err := execTC(e.Name, "filter", "show", "dev", "v0")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"filter parent 1: protocol ip pref 10 u32 chain 0 fh 800::800 order 2048 key ht 800 bkt 0 *flowid 1:10 not_in_hw", // * : terminal
		"match c000020a/ffffffff at 16",
		"filter parent 1: protocol all pref 20 bpf chain 0 handle 0x1 flowid 1:20 not_in_hw bytecode '1,6 0 0 4294967295'",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("tc filter show lacks %q:\n%s", want, out)
		}
	}
	classes := func() map[string]string {
		fs, err := e.c.FilterList(e.ctx, v0, root)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, f := range fs {
			switch o := f.Options.(type) {
			case *route.U32Options:
				if o.Sel != nil {
					m["u32"] = o.ClassID.String()
				}
			case *route.BPFOptions:
				m["bpf"] = o.ClassID.String()
			}
		}
		return m
	}
	if got := classes(); got["u32"] != "1:10" || got["bpf"] != "1:20" {
		t.Errorf("FilterList classes = %v", got)
	}
	if err := e.c.FilterAdd(e.ctx, v0, u32(0x10)); !errors.Is(err, unix.EEXIST) {
		t.Errorf("second FilterAdd: %v, want EEXIST", err)
	}
	if err := e.c.FilterReplace(e.ctx, v0, u32(0x30)); err != nil {
		t.Fatal(err)
	}
	if got := classes(); got["u32"] != "1:30" {
		t.Errorf("after FilterReplace, classes = %v", got)
	}
	if err := e.c.FilterDel(e.ctx, v0, &route.FilterOptions{Parent: root, Priority: 20}); err != nil {
		t.Fatal(err)
	}
	if got := classes(); len(got) != 1 || got["u32"] == "" {
		t.Errorf("after FilterDel of priority 20, classes = %v", got)
	}
	var ae *route.ArgError
	if err := e.c.FilterAdd(e.ctx, v0, &route.FilterOptions{}); !errors.As(err, &ae) {
		t.Errorf("FilterAdd without a parent: %v, want an ArgError", err)
	}
}
