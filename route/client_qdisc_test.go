package route_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

func TestClientQdiscList(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add v0 type veth peer name v1
link add v2 type veth peer name v3`)
	for _, args := range [][]string{
		{"qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb", "default", "10"},
		{"qdisc", "add", "dev", "v0", "ingress"},
		{"qdisc", "add", "dev", "v2", "root", "tbf", "rate", "1mbit", "burst", "32kbit", "latency", "400ms"},
	} {
		if out, err := execTC(e.Name, args...); err != nil {
			t.Fatalf("tc %v: %v\n%s", args, err, out)
		}
	}
	for _, dev := range []string{"", "v0", "v2"} {
		link := route.LinkRef{}
		if dev != "" {
			link = route.ByName(dev)
		}
		qs, err := e.c.QdiscList(e.ctx, link)
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, q := range qs {
			l, err := e.c.LinkByIndex(e.ctx, q.Index)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, l.Name+" "+q.Kind+" "+q.Handle.String())
		}
		args := []string{"-j", "qdisc", "show"}
		if dev != "" {
			args = append(args, "dev", dev)
		}
		out, err := execTC(e.Name, args...)
		if err != nil {
			t.Fatalf("tc %v: %v", args, err)
		}
		var tcq []map[string]any
		if err := jsonUnmarshal(out, &tcq); err != nil {
			t.Fatal(err)
		}
		for _, m := range tcq {
			h := field(m, "handle")
			if h == "0:" {
				h = "0"
			}
			d := field(m, "dev") // absent when tc filters by dev
			if d == "" {
				d = dev
			}
			want = append(want, d+" "+field(m, "kind")+" "+h)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("QdiscList(%q) = %q, tc shows %q", dev, got, want)
		}
	}
}

// tcQdiscs returns `tc -j qdisc show dev dev`, keyed by handle.
func tcQdiscs(t *testing.T, ns, dev string) map[string]map[string]any {
	t.Helper()
	out, err := execTC(ns, "-j", "qdisc", "show", "dev", dev)
	if err != nil {
		t.Fatalf("tc qdisc show dev %s: %v", dev, err)
	}
	var qs []map[string]any
	if err := jsonUnmarshal(out, &qs); err != nil {
		t.Fatal(err)
	}
	m := map[string]map[string]any{}
	for _, q := range qs {
		m[field(q, "handle")] = q
	}
	return m
}

func TestClientQdiscClass(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add v0 type veth peer name v1
link add v2 type veth peer name v3`)
	v0, v2 := route.ByName("v0"), route.ByName("v2")
	h1 := route.NewHandle(1, 0)
	steps := []struct {
		op   func(context.Context, route.LinkRef, *route.TcOptions) error
		dev  route.LinkRef
		opts route.TcOptions
	}{
		{e.c.QdiscAdd, v0, route.TcOptions{Handle: h1, Kind: route.NewHTB(0x10)}},
		{e.c.ClassAdd, v0, route.TcOptions{Parent: h1, Handle: route.NewHandle(1, 1), Kind: route.HTBClass(1250000, 2500000, 15*1024, 0)}},
		{e.c.ClassAdd, v0, route.TcOptions{Parent: route.NewHandle(1, 1), Handle: route.NewHandle(1, 0x10), Kind: route.HTBClass(125000, 0, 0, 0)}},
		{e.c.QdiscAdd, v0, route.TcOptions{Parent: route.NewHandle(1, 0x10), Handle: route.NewHandle(0x10, 0), Kind: &route.PfifoOptions{Limit: 50}}},
		{e.c.QdiscAdd, v0, route.TcOptions{Kind: &route.IngressOptions{}}},
		{e.c.QdiscAdd, v2, route.TcOptions{Kind: route.NewTBF(125000, 4096, 54096)}},
		{e.c.QdiscAdd, v2, route.TcOptions{Kind: &route.ClsactOptions{}}},
		{e.c.QdiscAdd, route.ByName("v3"), route.TcOptions{Kind: &route.BfifoOptions{Limit: 10000}}},
	}
	for i, s := range steps {
		if err := s.op(e.ctx, s.dev, &s.opts); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	q := tcQdiscs(t, e.Name, "v0")
	for path, want := range map[string]string{
		"1:.kind": "htb", "1:.root": "true", "1:.options.default": "0x10", "1:.options.r2q": "10",
		"10:.kind": "pfifo", "10:.parent": "1:10", "10:.options.limit": "50",
		"ffff:.kind": "ingress", "ffff:.parent": "ffff:fff1",
	} {
		h, rest, _ := strings.Cut(path, ".")
		if got := field(q[h], rest); got != want {
			t.Errorf("tc: qdisc %s %s = %q, want %q", h, rest, got, want)
		}
	}
	q = tcQdiscs(t, e.Name, "v2")
	var tbf map[string]any
	for _, m := range q {
		if field(m, "kind") == "tbf" {
			tbf = m
		}
	}
	for path, want := range map[string]string{"options.rate": "125000", "options.burst": "4096", "options.lat": "400000"} {
		if got := field(tbf, path); got != want {
			t.Errorf("tc: tbf %s = %q, want %q", path, got, want)
		}
	}
	out, err := execTC(e.Name, "class", "show", "dev", "v0")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"class htb 1:1 root rate 10Mbit ceil 20Mbit burst 15Kb cburst 1600b",
		"class htb 1:10 parent 1:1 leaf 10: prio 0 rate 1Mbit ceil 1Mbit burst 1600b cburst 1600b",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("tc class show lacks %q:\n%s", want, out)
		}
	}

	// The list decodes what the kernel holds.
	cs, err := e.c.ClassList(e.ctx, v0)
	if err != nil {
		t.Fatal(err)
	}
	rates := map[string]uint64{}
	for _, c := range cs {
		if o, ok := c.Options.(*route.HTBOptions); ok {
			rates[c.Handle.String()] = o.Rate()
		}
	}
	if rates["1:1"] != 1250000 || rates["1:10"] != 125000 {
		t.Errorf("ClassList rates = %v", rates)
	}

	// Adding again fails; change and replace act on what is there.
	err = e.c.QdiscAdd(e.ctx, v0, &route.TcOptions{Handle: h1, Kind: route.NewHTB(0x10)})
	if !errors.Is(err, unix.EEXIST) {
		t.Errorf("second QdiscAdd: %v, want EEXIST", err)
	}
	if err := e.c.ClassChange(e.ctx, v0, &route.TcOptions{Parent: route.NewHandle(1, 1), Handle: route.NewHandle(1, 0x10), Kind: route.HTBClass(250000, 500000, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	if err := e.c.QdiscChange(e.ctx, v0, &route.TcOptions{Parent: route.NewHandle(1, 0x10), Handle: route.NewHandle(0x10, 0), Kind: &route.PfifoOptions{Limit: 70}}); err != nil {
		t.Fatal(err)
	}
	if err := e.c.QdiscReplace(e.ctx, v2, &route.TcOptions{Kind: &route.PfifoOptions{Limit: 30}}); err != nil {
		t.Fatal(err)
	}
	q = tcQdiscs(t, e.Name, "v0")
	if got := field(q["10:"], "options.limit"); got != "70" {
		t.Errorf("after QdiscChange, limit %s", got)
	}
	out, _ = execTC(e.Name, "class", "show", "dev", "v0", "classid", "1:10")
	if !strings.Contains(string(out), "rate 2Mbit ceil 4Mbit") {
		t.Errorf("after ClassChange: %s", out)
	}
	for _, m := range tcQdiscs(t, e.Name, "v2") {
		if k := field(m, "kind"); k == "tbf" || (k == "pfifo" && field(m, "options.limit") != "30") {
			t.Errorf("after QdiscReplace: %v", m)
		}
	}

	// A class with a child is busy; deleting goes leaf first.
	err = e.c.ClassDel(e.ctx, v0, &route.TcOptions{Handle: route.NewHandle(1, 1)})
	if !errors.Is(err, unix.EBUSY) {
		t.Errorf("ClassDel of a parent: %v, want EBUSY", err)
	}
	for _, h := range []route.Handle{route.NewHandle(1, 0x10), route.NewHandle(1, 1)} {
		if err := e.c.ClassDel(e.ctx, v0, &route.TcOptions{Handle: h}); err != nil {
			t.Fatal(err)
		}
	}
	if cs, err := e.c.ClassList(e.ctx, v0); err != nil || len(cs) != 0 {
		t.Errorf("ClassList after deleting = %d classes, %v", len(cs), err)
	}
	for _, o := range []route.TcOptions{{Kind: &route.IngressOptions{}}, {}} {
		if err := e.c.QdiscDel(e.ctx, v0, &o); err != nil {
			t.Fatal(err)
		}
	}
	for h, m := range tcQdiscs(t, e.Name, "v0") {
		if k := field(m, "kind"); k != "noqueue" {
			t.Errorf("after QdiscDel: qdisc %s %s", h, k)
		}
	}
}

func TestClientTcArgs(t *testing.T) {
	c := route.NewClient(nil, nil) // refused before anything is sent
	ctx := context.Background()
	for _, tc := range []struct {
		op   func(context.Context, route.LinkRef, *route.TcOptions) error
		dev  route.LinkRef
		o    route.TcOptions
		want string
	}{
		{c.QdiscAdd, route.LinkRef{}, route.TcOptions{}, "dev: no link given"},
		{c.QdiscAdd, route.ByIndex(1), route.TcOptions{Handle: route.NewHandle(1, 1)}, "TcOptions.Handle: qdisc handle 1:1 has a minor number"},
		{c.ClassAdd, route.ByIndex(1), route.TcOptions{}, "TcOptions.Handle: a class needs its id or its parent"},
		{c.ClassAdd, route.ByIndex(1), route.TcOptions{Parent: route.NewHandle(1, 0), Handle: route.NewHandle(1, 0)}, "TcOptions.Handle: class id 1: has no minor number"},
	} {
		err := tc.op(ctx, tc.dev, &tc.o)
		var ae *route.ArgError
		if !errors.As(err, &ae) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an ArgError %q", tc.o, err, tc.want)
		}
	}
}

func TestXmitTicks(t *testing.T) {
	// tc's figures: 1mbit with burst 1600 is a buffer of 200000 ticks
	// (12.8 ms), shown back as 1600b.
	if got := route.XmitTicks(125000, 1600); got != 200000 {
		t.Errorf("XmitTicks(125000, 1600) = %d, want 200000", got)
	}
	if got := route.XmitSize(125000, 200000); got != 1600 {
		t.Errorf("XmitSize(125000, 200000) = %d, want 1600", got)
	}
	if route.XmitTicks(0, 1600) != 0 {
		t.Error("XmitTicks at rate 0 is not 0")
	}
}
