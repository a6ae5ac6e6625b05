package golden

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// metrics is a message an application might declare (after tcp_metrics): a
// fixed header, an IPv4 address and a counter.
type metrics struct {
	Cmd, Version uint8
	_            uint16
	Addr         netip.Addr `nla:"1,ipv4"`
	Age          uint64     `nla:"5"`
	Wire         nltag.Wire
}

// lossyMetrics declares the address only and keeps no Wire: decoding drops
// the counter, so re-encoding cannot give the same bytes.
type lossyMetrics struct {
	Cmd, Version uint8
	_            uint16
	Addr         netip.Addr `nla:"1,ipv4"`
}

var metricsCase = []metrics{
	{Cmd: 1, Version: 1, Addr: netip.MustParseAddr("192.0.2.1"), Age: 5000},
	{Cmd: 1, Version: 1, Addr: netip.MustParseAddr("192.0.2.2"), Age: 7},
}

// writeMetrics stores metricsCase as a case in a new directory and
// returns the file's path.
func writeMetrics(t *testing.T) string {
	var b []byte
	for i, m := range metricsCase {
		var err error
		b, err = netlink.AppendMessage(b, netlink.Message{Header: netlink.Header{Type: 30, Flags: netlink.Multi, Seq: uint32(i + 1)}, Body: &m})
		if err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "metrics.hex")
	if err := WriteHex(path, "two metrics\nbuilt by golden_test.go", b); err != nil {
		t.Fatal(err)
	}
	return path
}

// spy is a testing.TB that records failures instead of failing.
type spy struct {
	testing.TB
	msgs []string
}

func (s *spy) Helper()                        {}
func (s *spy) Errorf(format string, a ...any) { s.msgs = append(s.msgs, fmt.Sprintf(format, a...)) }
func (s *spy) Fatalf(format string, a ...any) { s.Errorf(format, a...); runtime.Goexit() }
func (s *spy) Fatal(a ...any)                 { s.msgs = append(s.msgs, fmt.Sprint(a...)); runtime.Goexit() }

// failures runs f with a spy and returns what it reported.
func failures(t *testing.T, f func(tb testing.TB)) string {
	s := &spy{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(s)
	}()
	<-done
	return strings.Join(s.msgs, "\n")
}

func TestDecodeMatches(t *testing.T) {
	path := writeMetrics(t)
	got := Decode(t, path, metricsCase)
	if len(got) != 2 || got[1].Wire.Order == nil {
		t.Errorf("Decode returned %+v, want two decoded messages", got)
	}
}

// metricsPtr is metrics with its Wire behind a pointer, which a
// hand-written want leaves nil.
type metricsPtr struct {
	Cmd, Version uint8
	_            uint16
	Addr         netip.Addr `nla:"1,ipv4"`
	Age          uint64     `nla:"5"`
	Wire         *nltag.Wire
}

func TestDecodeMatchesWirePtr(t *testing.T) {
	path := writeMetrics(t)
	want := make([]metricsPtr, len(metricsCase))
	for i, m := range metricsCase {
		want[i] = metricsPtr{Cmd: m.Cmd, Version: m.Version, Addr: m.Addr, Age: m.Age}
	}
	got := Decode(t, path, want)
	if len(got) != 2 || got[1].Wire == nil || got[1].Wire.Order == nil {
		t.Errorf("Decode returned %+v, want two decoded messages", got)
	}
	want[1].Age = 8
	if msg := failures(t, func(tb testing.TB) { Decode(tb, path, want) }); !strings.Contains(msg, "Age") {
		t.Errorf("a wrong Age gave %q, want a diff naming Age", msg)
	}
}

func TestDecodeCatchesWrongDecode(t *testing.T) {
	path := writeMetrics(t)
	want := []metrics{metricsCase[0], metricsCase[1]}
	want[1].Age = 8
	msg := failures(t, func(tb testing.TB) { Decode(tb, path, want) })
	if !strings.Contains(msg, "decodes differently") || !strings.Contains(msg, "Age") {
		t.Errorf("a wrong Age gave %q, want a diff naming Age", msg)
	}
}

func TestDecodeCatchesLossyReencode(t *testing.T) {
	path := writeMetrics(t)
	want := []lossyMetrics{{Cmd: 1, Version: 1, Addr: metricsCase[0].Addr}, {Cmd: 1, Version: 1, Addr: metricsCase[1].Addr}}
	msg := failures(t, func(tb testing.TB) { Decode(tb, path, want) })
	if !strings.Contains(msg, "re-encoding differs") || strings.Contains(msg, "decodes differently") {
		t.Errorf("a type that drops an attribute gave %q, want only a re-encoding difference", msg)
	}
}

// TestDirCatches checks a text case: a codec that loses bytes, text that
// differs from the file, and bytes that differ from the test's are each
// reported; -update rewrites the files so that the case passes.
func TestDirCatches(t *testing.T) {
	text := func(b []byte) (string, []byte, error) { return fmt.Sprintf("%d bytes\n", len(b)), b, nil }
	lossy := func(b []byte) (string, []byte, error) { return fmt.Sprintf("%d bytes\n", len(b)), b[:len(b)-1], nil }
	d := Dir{Path: t.TempDir(), Codec: text}
	b := []byte{1, 2, 3, 4}

	if msg := failures(t, func(tb testing.TB) { d.Bytes(tb, "c", "comment", b) }); !strings.Contains(msg, "run with -update") {
		t.Errorf("a missing case gave %q", msg)
	}
	*update = true
	msg := failures(t, func(tb testing.TB) { d.Bytes(tb, "c", "comment", b) })
	*update = false
	if msg != "" {
		t.Fatalf("-update: %s", msg)
	}
	if msg := failures(t, func(tb testing.TB) { d.Bytes(tb, "c", "comment", b) }); msg != "" {
		t.Errorf("after -update: %s", msg)
	}
	if msg := failures(t, func(tb testing.TB) { d.Bytes(tb, "c", "comment", []byte{1, 2, 3, 5}) }); !strings.Contains(msg, "differs from the bytes") {
		t.Errorf("other bytes gave %q", msg)
	}
	if msg := failures(t, func(tb testing.TB) { Dir{d.Path, lossy}.check(tb, "c") }); !strings.Contains(msg, "re-encoding differs") {
		t.Errorf("a lossy codec gave %q", msg)
	}
	if err := os.WriteFile(filepath.Join(d.Path, "c.txt"), []byte("5 bytes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg := failures(t, func(tb testing.TB) { d.check(tb, "c") }); !strings.Contains(msg, "c.txt differs") || !strings.Contains(msg, "5 bytes") {
		t.Errorf("other text gave %q, want a diff", msg)
	}
}

func TestHexComments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.hex")
	if err := os.WriteFile(path, []byte("# a comment\n0102 03\n  # another\n04\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadHex(path); err != nil || string(b) != "\x01\x02\x03\x04" {
		t.Errorf("ReadHex = %x, %v", b, err)
	}
	if err := os.WriteFile(path, []byte("010\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadHex(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("odd digits: %v, want an error naming the file", err)
	}
}
