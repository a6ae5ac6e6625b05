package sockdiag

import (
	"bytes"
	"flag"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/golden"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/internal/socktest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

var capture = flag.Bool("capture", false, "capture the golden files of ../testdata/sockdiag from the kernel")

const goldenDir = "../testdata/sockdiag"

// capturePort is the port the recorder binds to; port ids are per
// namespace, so in a fresh one it is free and captures keep it.
const capturePort = 4242

// allExt asks for every extension.
const allExt = ExtMemInfo | ExtInfo | ExtVegasInfo | ExtCong | ExtTOS | ExtTClass | ExtSkMemInfo | ExtShutdown

// TestCapture writes the kernel captures of testdata/sockdiag when run
// with -capture: requests and replies about the sockets of socktest.Make;
// run TestGolden with -update afterwards and review the .txt files.
func TestCapture(t *testing.T) {
	if !*capture {
		t.Skip("run with -capture to capture golden files from the kernel")
	}
	ns := nltest.NewNS(t)
	socktest.Make(t, ns)
	c, err := conn.Dial(unix.NETLINK_SOCK_DIAG, &conn.Config{NetNS: ns.Path, PID: capturePort})
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
		b := exchange(t, c, uint32(i+1), cs.req)
		comment := fmt.Sprintf("%s\nkernel %s, captured by TestCapture", cs.what, kernel())
		if err := golden.WriteHex(filepath.Join(goldenDir, cs.name+".hex"), comment, b); err != nil {
			t.Fatal(err)
		}
	}
}

// exchange sends the dump req under sequence number seq and returns the
// bytes of the request and of every message of the answer.
func exchange(t *testing.T, c *conn.Conn, seq uint32, req any) []byte {
	t.Helper()
	m := netlink.Message{Header: netlink.Header{Type: TypeByFamily, Flags: netlink.Dump | netlink.Request, Seq: seq}, Body: req}
	h, err := c.Send(m)
	if err != nil {
		t.Fatal(err)
	}
	m.Header = h
	b, err := netlink.AppendMessage(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		ms, err := c.Receive()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range ms {
			if b, err = netlink.AppendMessage(b, netlink.Message{Header: r.Header, Body: nltag.Raw(r.Data)}); err != nil {
				t.Fatal(err)
			}
			if r.Header.Type == netlink.Done || r.Header.Type == netlink.Error {
				return b
			}
		}
	}
}

// kernel returns the kernel release, as uname -r prints it.
func kernel() string {
	out, err := exec.Command("uname", "-r").Output()
	if err != nil {
		return "unknown"
	}
	return string(bytes.TrimSpace(out))
}

// TestGolden decodes every case of testdata/sockdiag through Decode,
// compares the text with NAME.txt and requires byte-identical
// re-encoding. Run with -update to rewrite the .txt files, then review
// them.
func TestGolden(t *testing.T) { golden.Run(t, goldenDir, golden.Decoded(Messages, Decode)) }
