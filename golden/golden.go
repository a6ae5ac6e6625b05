// Package golden runs golden-file tests of netlink messages, for this
// module's packages and for applications that declare their own message
// structs: bytes kept as hex, captured from the kernel or built by hand,
// checked against what they must decode to, and re-encoded to the
// identical bytes.
//
// A case is NAME.hex: hex digits, any spacing, where lines starting with #
// are comments that say where the bytes came from. It is checked either
// against NAME.txt, the text form a [Codec] makes of it ([Dir]), or against
// Go values of the application's own types ([Decode]).
//
// The package registers the test flag -update. With it, [Dir.Run] rewrites
// the .txt files from what the code decodes now, [File] and [Dir.Bytes]
// rewrite their files, and capture tests (see [Updating], [Exchange])
// record the kernel afresh; review the diff afterwards. A test package that
// imports golden must not define an -update flag of its own.
package golden

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files from the code under test (and capture tests from the kernel)")

// Updating reports whether the test binary runs with -update: golden files
// are being rewritten, so a capture test should record now and skip
// otherwise.
func Updating() bool { return *update }

// Codec turns a case's bytes into text and back into bytes.
type Codec func(b []byte) (text string, reencoded []byte, err error)

// Dir is a directory of golden cases checked with one Codec.
type Dir struct {
	Path  string
	Codec Codec
}

// Run checks every NAME.hex in d as a subtest: it must decode, its text
// must equal NAME.txt (which -update rewrites), and it must re-encode to
// the same bytes. It fails when d holds no case, so that a misplaced
// directory cannot pass.
func (d Dir) Run(t *testing.T) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(d.Path, "*.hex"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no golden cases in %s", d.Path)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".hex")
		t.Run(name, func(t *testing.T) { d.check(t, name) })
	}
}

// check checks the case name.
func (d Dir) check(t testing.TB, name string) {
	t.Helper()
	in, err := ReadHex(filepath.Join(d.Path, name+".hex"))
	if err != nil {
		t.Fatal(err)
	}
	text, out, err := d.Codec(in)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	File(t, filepath.Join(d.Path, name+".txt"), []byte(text))
	if !bytes.Equal(in, out) {
		t.Errorf("re-encoding differs:\n got %x\nwant %x\nfirst difference at byte %d", out, in, firstDiff(in, out))
	}
}

// Bytes checks that NAME.hex holds b, bytes a test builds by hand (from the
// uapi layout, say), and that the case passes as Run checks it. With
// -update it writes NAME.hex, with comment, and NAME.txt first.
func (d Dir) Bytes(t testing.TB, name, comment string, b []byte) {
	t.Helper()
	path := filepath.Join(d.Path, name+".hex")
	if *update {
		d.Write(t, name, comment, b)
	}
	got, err := ReadHex(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(got, b) {
		t.Fatalf("%s differs from the bytes the test builds (run with -update to rewrite it):\n got %x\nwant %x", path, got, b)
	}
	d.check(t, name)
}

// Write stores b as the case name, NAME.hex with comment and NAME.txt with
// its text form: what a capture test does under -update.
func (d Dir) Write(t testing.TB, name, comment string, b []byte) {
	t.Helper()
	if err := WriteHex(filepath.Join(d.Path, name+".hex"), comment, b); err != nil {
		t.Fatal(err)
	}
	text, _, err := d.Codec(b)
	if err != nil {
		t.Fatalf("%s: decode: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(d.Path, name+".txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// File checks that the file at path holds got, showing a diff if not; with
// -update it writes got there instead.
func File(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got; run with -update to accept):\n%s", path, d)
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// ReadHex reads a .hex file.
func ReadHex(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var digits strings.Builder
	for line := range strings.SplitSeq(string(raw), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, f := range strings.Fields(line) {
			digits.WriteString(f)
		}
	}
	b, err := hex.DecodeString(digits.String())
	if err != nil {
		return nil, errors.New(path + ": " + err.Error())
	}
	return b, nil
}

// WriteHex writes b to path as hex, 32 bytes a line, after comment lines.
func WriteHex(path string, comment string, b []byte) error {
	var sb strings.Builder
	for line := range strings.SplitSeq(strings.TrimSpace(comment), "\n") {
		sb.WriteString("# " + line + "\n")
	}
	for i := 0; i < len(b); i += 32 {
		sb.WriteString(hex.EncodeToString(b[i:min(i+32, len(b))]) + "\n")
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}
