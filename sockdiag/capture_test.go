package sockdiag

import (
	"fmt"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/internal/socktest"
	"github.com/nltag/go-netlink/netlink"
)

var sockdiagGolden = golden.Dir{Path: "../testdata/sockdiag", Codec: golden.Decoded(Messages, Decode)}

const goldenDir = "../testdata/sockdiag"

// capturePort is the port the capture binds to; port ids are per
// namespace, so in a fresh one it is free and captures keep it.
const capturePort = 4242

// allExt asks for every extension.
const allExt = ExtMemInfo | ExtInfo | ExtVegasInfo | ExtCong | ExtTOS | ExtTClass | ExtSkMemInfo | ExtShutdown

// TestCapture writes the kernel captures of testdata/sockdiag, hex and
// text, when run with -update: requests and replies about the sockets of
// socktest.Make. Review the diff afterwards.
func TestCapture(t *testing.T) {
	if !golden.Updating() {
		t.Skip("run with -update to capture golden files from the kernel")
	}
	ns := nltest.NewNS(t)
	socktest.Make(t, ns)
	c, err := conn.Dial(unix.NETLINK_SOCK_DIAG, &conn.Config{NetNS: conn.NetNSPath(ns.Path), PID: capturePort})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sport, err := Compile(SrcPort(OpEq, socktest.TCP4Port))
	if err != nil {
		t.Fatal(err)
	}
	for i, cs := range []struct {
		name, what string
		req        any
	}{
		{"inet-tcp4", "TCP over IPv4, every state and extension", &InetRequest{Family: FamilyIPv4, Protocol: ProtocolTCP, Ext: allExt, States: AllStates}},
		{"inet-tcp6", "TCP over IPv6, every state and extension", &InetRequest{Family: FamilyIPv6, Protocol: ProtocolTCP, Ext: allExt, States: AllStates}},
		{"inet-udp4", "UDP over IPv4, every state and extension", &InetRequest{Family: FamilyIPv4, Protocol: ProtocolUDP, Ext: allExt, States: AllStates}},
		{"inet-udp6", "UDP over IPv6, every state and extension", &InetRequest{Family: FamilyIPv6, Protocol: ProtocolUDP, Ext: allExt, States: AllStates}},
		{"inet-tcp4-filter", fmt.Sprintf("TCP over IPv4, the kernel filtering by bytecode: sport = %d", socktest.TCP4Port), &InetRequest{Family: FamilyIPv4, Protocol: ProtocolTCP, States: AllStates, Bytecode: sport}},
		{"inet-tcp4-listen", "TCP over IPv4, listening sockets only, no extension", &InetRequest{Family: FamilyIPv4, Protocol: ProtocolTCP, States: StatesOf(StateListen)}},
		{"inet-noproto", "a protocol without a diag handler: an error", &InetRequest{Family: FamilyIPv4, Protocol: 200, States: AllStates}},
		{"unix", "unix sockets, every state and attribute", &UnixRequest{Family: FamilyUnix, States: AllStates, Show: ShowName | ShowVFS | ShowPeer | ShowIcons | ShowRQLen | ShowMemInfo | ShowUID}},
	} {
		m := netlink.Message{Header: netlink.Header{Type: TypeByFamily, Flags: netlink.Dump | netlink.Request, Seq: uint32(i + 1)}, Body: cs.req}
		b := golden.Exchange(t, c, m)
		sockdiagGolden.Write(t, cs.name, fmt.Sprintf("%s\nkernel %s, captured by TestCapture", cs.what, golden.Kernel()), b)
	}
}

// TestGolden decodes every case of testdata/sockdiag through Decode,
// compares the text with NAME.txt and requires byte-identical
// re-encoding. Run with -update to capture them again, then review them.
func TestGolden(t *testing.T) { sockdiagGolden.Run(t) }
