package route_test

import (
	"slices"
	"testing"

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
