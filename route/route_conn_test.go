package route

// Helpers of the kernel tests of addresses, routes, neighbours, rules,
// nexthops and traffic control: a namespace prepared with iproute2 and dumps
// through package conn.

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// routeNS is a test namespace and a route socket inside it.
type routeNS struct {
	*nltest.NS
	c *conn.Conn
}

func newRouteNS(t *testing.T) *routeNS {
	t.Helper()
	ns := nltest.NewNS(t)
	c, err := conn.Dial(unix.NETLINK_ROUTE, &conn.Config{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &routeNS{NS: ns, c: c}
}

// dump sends a dump request of type typ with the given body and returns the
// replies (without the NLMSG_DONE).
func (ns *routeNS) dump(t *testing.T, typ netlink.MsgType, body any) []netlink.RawMessage {
	t.Helper()
	return ns.execute(t, typ, netlink.Dump, body)
}

// decode decodes one message through Messages and returns its typed body.
func decode[T any](t *testing.T, m netlink.RawMessage) *T {
	t.Helper()
	d, err := Messages.Decode(m)
	if err != nil {
		t.Fatalf("%v\n% x", err, m.Data)
	}
	b, ok := d.Body.(*T)
	if !ok {
		t.Fatalf("%s decoded to %T", Messages.TypeName(m.Header.Type), d.Body)
	}
	return b
}

// run runs a command of iproute2 (ip, tc, bridge) inside the namespace.
func (ns *routeNS) run(t *testing.T, cmd string, args ...string) string {
	t.Helper()
	out, err := exec.Command(cmd, append([]string{"-n", ns.Name}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", cmd, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// script runs one iproute2 command per line, "ip ..." "tc ..." or "bridge ...".
func (ns *routeNS) script(t *testing.T, lines string) {
	t.Helper()
	for line := range strings.SplitSeq(lines, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		ns.run(t, f[0], f[1:]...)
	}
}

// ifindex returns the index of the named link.
func (ns *routeNS) ifindex(t *testing.T, name string) netlink.IfIndex {
	t.Helper()
	var links []struct {
		Index netlink.IfIndex `json:"ifindex"`
	}
	if err := json.Unmarshal([]byte(ns.run(t, "ip", "-j", "link", "show", "dev", name)), &links); err != nil || len(links) != 1 {
		t.Fatalf("ifindex of %s: %v %v", name, links, err)
	}
	return links[0].Index
}
