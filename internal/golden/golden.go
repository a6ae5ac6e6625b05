// Package golden runs golden-file tests: message bytes kept as hex beside
// the text form they must decode to. Each case decodes, is compared with its
// text, re-encodes, and must give back the identical bytes.
//
// A case is two files in a directory: NAME.hex (hex digits, any spacing;
// lines starting with # are comments that say where the bytes came from)
// and NAME.txt (the expected text). Run the test with -update to rewrite the
// .txt files from what the code decodes now, then review the diff.
package golden

import (
	"bytes"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden .txt files from the current decoding")

// Codec turns a case's bytes into text and back into bytes.
type Codec func(b []byte) (text string, reencoded []byte, err error)

// Run checks every NAME.hex in dir with codec, as a subtest per case. It
// fails when dir holds no case, so a misplaced directory cannot pass.
func Run(t *testing.T, dir string, codec Codec) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.hex"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no golden cases in %s", dir)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".hex")
		t.Run(name, func(t *testing.T) {
			in, err := ReadHex(f)
			if err != nil {
				t.Fatal(err)
			}
			text, out, err := codec(in)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			txt := strings.TrimSuffix(f, ".hex") + ".txt"
			if *update {
				if err := os.WriteFile(txt, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				want, err := os.ReadFile(txt)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if d := cmp.Diff(string(want), text); d != "" {
					t.Errorf("text differs from %s (-want +got):\n%s", txt, d)
				}
			}
			if !bytes.Equal(in, out) {
				t.Errorf("re-encoding differs:\n got %x\nwant %x\nfirst difference at byte %d", out, in, firstDiff(in, out))
			}
		})
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
	return hex.DecodeString(digits.String())
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
