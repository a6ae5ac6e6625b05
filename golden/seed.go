package golden

import (
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/netlink"
)

// SeedMessages returns the messages of the .hex files that pattern matches,
// in file order, to seed fuzz targets with real kernel bytes. It fails tb
// when nothing matches or a file does not parse, so that a moved testdata
// directory cannot leave a target unseeded.
func SeedMessages(tb testing.TB, pattern string) []netlink.RawMessage {
	tb.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seeds match %s: %v", pattern, err)
	}
	var out []netlink.RawMessage
	for _, name := range files {
		b, err := ReadHex(name)
		if err != nil {
			tb.Fatal(err)
		}
		ms, err := netlink.ParseMessages(b)
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		out = append(out, ms...)
	}
	return out
}
