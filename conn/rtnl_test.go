package conn

import (
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// The rtnetlink messages these tests build, as small tagged structs.

// ifInfoMsg is struct ifinfomsg and the link attributes the tests use.
type ifInfoMsg struct {
	Family uint8
	_      uint8
	Type   uint16
	Index  int32
	Flags  uint32
	Change uint32
	Attrs  linkAttrs `nla:",attrs"`
}

type linkAttrs struct {
	Name string    `nla:"3,omitempty"` // IFLA_IFNAME
	Info *linkInfo `nla:"18"`          // IFLA_LINKINFO
}

type linkInfo struct {
	Kind string `nla:"1"` // IFLA_INFO_KIND
}

// ifAddrMsg is struct ifaddrmsg with IFA_LOCAL and IFA_ADDRESS.
type ifAddrMsg struct {
	Family    uint8
	PrefixLen uint8
	Flags     uint8
	Scope     uint8
	Index     uint32
	Attrs     struct {
		Local   [4]byte `nla:"2"`
		Address [4]byte `nla:"1"`
	} `nla:",attrs"`
}

// rtMsg is struct rtmsg, with no attributes.
type rtMsg struct {
	Family, DstLen, SrcLen, TOS, Table, Protocol, Scope, Type uint8
	Flags                                                     uint32
}

// linkDump is the request for every link.
var linkDump = netlink.Message{
	Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump},
	Body:   &ifInfoMsg{Family: unix.AF_UNSPEC},
}

// routeDump is the request for every IPv4 route of the main table.
var routeDump = netlink.Message{
	Header: netlink.Header{Type: unix.RTM_GETROUTE, Flags: netlink.Dump},
	Body:   &rtMsg{Family: unix.AF_INET},
}

// linkName decodes the name from an RTM_NEWLINK message.
func linkName(t testing.TB, m netlink.RawMessage) string {
	t.Helper()
	var ifi ifInfoMsg
	if err := nltag.Unmarshal(m.Data, &ifi); err != nil {
		t.Fatalf("decoding %v: %v", m.Header, err)
	}
	return ifi.Attrs.Name
}

// dial opens a NETLINK_ROUTE Conn inside ns, closed at the test's end.
func dial(t testing.TB, ns *nltest.NS, cfg Config) *Conn {
	t.Helper()
	cfg.NetNS = NetNSPath(ns.Path)
	c, err := Dial(unix.NETLINK_ROUTE, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// addDummies adds links named prefix0, prefix1 ... up to n in ns, up, in
// one ip -batch run.
func addDummies(t testing.TB, ns *nltest.NS, prefix string, n int) []string {
	t.Helper()
	kind := probeKind(t, ns)
	var names []string
	var cmds strings.Builder
	for i := range n {
		name := fmt.Sprintf("%s%d", prefix, i)
		names = append(names, name)
		fmt.Fprintf(&cmds, "link add %s type %s\nlink set %s up\n", name, kind, name)
	}
	ns.Batch(t, cmds.String())
	return names
}

var (
	kindMu sync.Mutex
	kind   string
)

// probeKind returns the kind of link that stands in for dummy, which the
// kernel may lack (CONFIG_DUMMY); ifb and bridge links also need no peer.
// It probes inside ns, never in the host namespace.
func probeKind(t testing.TB, ns *nltest.NS) string {
	t.Helper()
	kindMu.Lock()
	defer kindMu.Unlock()
	if kind != "" {
		return kind
	}
	for _, k := range []string{"dummy", "ifb", "bridge"} {
		if _, err := tryIP(ns, "link", "add", "nltprobe", "type", k); err == nil {
			ns.IP(t, "link", "del", "nltprobe")
			kind = k
			return kind
		}
	}
	t.Fatal("no link kind among dummy, ifb and bridge is available")
	return ""
}

// tryIP runs ip -n NS args and returns its error and output instead of
// failing the test.
func tryIP(ns *nltest.NS, args ...string) (string, error) {
	out, err := exec.Command("ip", append([]string{"-n", ns.Name}, args...)...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("ip -n %s %s: %v: %s", ns.Name, strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// routeBatch returns ip -batch lines adding n /32 routes through dev.
func routeBatch(n int, dev string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "route add 10.%d.%d.%d/32 dev %s\n", i>>16&0xff, i>>8&0xff, i&0xff, dev)
	}
	return b.String()
}
