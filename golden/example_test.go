package golden_test

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Metrics is an application's own message (after tcp_metrics): a fixed
// header, then attributes.
type Metrics struct {
	Cmd, Version uint8
	_            uint16
	Addr         netip.Addr `nla:"1,ipv4"`
	Age          uint64     `nla:"5"`
	Wire         nltag.Wire
}

// An application stores messages it received as a golden case (golden.Wire;
// golden.Exchange records a whole request and answer from a socket), then
// checks that they decode to its own values and re-encode to the same bytes
// (golden.Decode, in a test: see TestMetricsGolden).
func Example() {
	dir, err := os.MkdirTemp("", "golden")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	// What a socket's Receive returned, stored as it was on the wire.
	body, err := nltag.Marshal(&Metrics{Cmd: 1, Version: 1, Addr: netip.MustParseAddr("192.0.2.1"), Age: 5000})
	if err != nil {
		panic(err)
	}
	received := netlink.RawMessage{Header: netlink.Header{Type: 30, Seq: 1, PID: 4242}, Data: body}
	path := filepath.Join(dir, "metrics.hex")
	if err := golden.WriteHex(path, "TCP_METRICS_CMD_GET reply for 192.0.2.1\ncaptured by TestCapture", golden.Wire(nil, received)); err != nil {
		panic(err)
	}

	file, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(file))
	// Output:
	// # TCP_METRICS_CMD_GET reply for 192.0.2.1
	// # captured by TestCapture
	// 280000001e00000001000000921000000101000008000100c00002010c000500
	// 8813000000000000
}

// TestMetricsGolden is the golden test of the example's kind, on a case
// kept in testdata.
func TestMetricsGolden(t *testing.T) {
	golden.Decode(t, "testdata/metrics.hex", []Metrics{
		{Cmd: 1, Version: 1, Addr: netip.MustParseAddr("192.0.2.1"), Age: 5000},
		{Cmd: 1, Version: 1, Addr: netip.MustParseAddr("192.0.2.2"), Age: 7},
	})
}
