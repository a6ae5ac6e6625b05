package route_test

// Helpers of the Client tests: each test gets a fresh namespace, a Client
// inside it, and ip(8) as the witness of what the Client did.

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/route"
)

// clientEnv is a test namespace with a Client working in it.
type clientEnv struct {
	*nltest.NS
	c   *route.Client
	ctx context.Context
}

func newClientEnv(t *testing.T) *clientEnv {
	t.Helper()
	ns := nltest.NewNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	c, err := route.Dial(ctx, &route.Options{NetNS: conn.NetNSName(ns.Name)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &clientEnv{NS: ns, c: c, ctx: ctx}
}

// script runs ip(8) commands, one a line, each without the leading "ip".
func (e *clientEnv) script(t *testing.T, s string) {
	t.Helper()
	for line := range strings.SplitSeq(s, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			e.IP(t, f...)
		}
	}
}

// objects runs `ip -j args...` and returns the objects it prints.
func (e *clientEnv) objects(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	var v []map[string]any
	e.IPJSON(t, &v, args...)
	return v
}

// link returns `ip -j -d link show name`.
func (e *clientEnv) link(t *testing.T, name string) map[string]any {
	t.Helper()
	ls := e.objects(t, "-d", "link", "show", "dev", name)
	if len(ls) != 1 {
		t.Fatalf("ip link show %s: %d links", name, len(ls))
	}
	return ls[0]
}

// field returns the value at a dotted path ("linkinfo.info_data.mode") of
// ip's JSON, formatted as text: numbers in decimal, lists joined by commas,
// absent values as "".
func field(m map[string]any, path string) string {
	var v any = m
	for k := range strings.SplitSeq(path, ".") {
		o, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = o[k]
	}
	return jsonText(v)
}

func jsonText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		var s []string
		for _, e := range v {
			s = append(s, jsonText(e))
		}
		return strings.Join(s, ",")
	case map[string]any:
		b, _ := json.Marshal(v)
		return string(b)
	}
	return fmt.Sprint(v)
}

// expect checks fields of ip's JSON object, given as path, value pairs.
func expect(t *testing.T, what string, m map[string]any, pairs ...string) {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if got := field(m, pairs[i]); got != pairs[i+1] {
			t.Errorf("%s: ip shows %s = %q, want %q", what, pairs[i], got, pairs[i+1])
		}
	}
}

// hasFlag reports whether ip's "flags" list holds f.
func hasFlag(m map[string]any, f string) bool {
	return slices.Contains(strings.Split(field(m, "flags"), ","), f)
}

// names returns the "ifname" (or another key) of each object.
func names(objs []map[string]any, key string) []string {
	var out []string
	for _, o := range objs {
		out = append(out, field(o, key))
	}
	slices.Sort(out)
	return out
}

// execTC runs `tc -n ns args...` and returns its standard output.
func execTC(ns string, args ...string) ([]byte, error) {
	return exec.Command("tc", append([]string{"-n", ns}, args...)...).Output()
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// bigTable adds n blackhole routes to table 100 of e's namespace, enough
// for a dump that spans several datagrams.
func bigTable(t *testing.T, e *clientEnv, n int) {
	t.Helper()
	var cmds strings.Builder
	for i := range n {
		fmt.Fprintf(&cmds, "route add blackhole 10.%d.%d.0/24 table 100\n", 100+i>>8, i&0xff)
	}
	e.Batch(t, cmds.String())
}
