package sockdiag

import (
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// FuzzMessages feeds buffers of sock_diag messages to Decode, seeded with
// the kernel captures. Decoding must never panic, whatever decodes must
// encode, and a message of the protocol must decode from its encoding to
// the same text. The accessors of decoded values run on each too.
func FuzzMessages(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.hex"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in %s: %v", goldenDir, err)
	}
	for _, name := range files {
		b, err := golden.ReadHex(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for raw, err := range netlink.Messages(b) {
			if err != nil {
				return
			}
			m, err := Decode(raw)
			if err != nil {
				continue
			}
			switch v := m.Body.(type) {
			case *InetSocket:
				_, _ = v.Local(), v.Remote()
				if v.BBRInfo != nil {
					v.BBRInfo.Bandwidth()
				}
			case *UnixSocket:
				_ = v.Path.String()
			}
			out, err := netlink.AppendMessage(nil, m)
			if err != nil {
				t.Fatalf("encoding %s: %v", nltag.Format(m.Body), err)
			}
			raws, err := netlink.ParseMessages(out)
			if err != nil || len(raws) != 1 {
				t.Fatalf("framing of own encoding %x: %v", out, err)
			}
			again, err := Decode(raws[0])
			if err != nil {
				t.Fatalf("decoding own encoding %x: %v", out, err)
			}
			if raw.Header.Type < netlink.MinType {
				continue // standard messages: netlink's own target checks them
			}
			if before, after := nltag.Format(m.Body), nltag.Format(again.Body); before != after {
				t.Fatalf("changed through re-encoding\nbefore:\n%s\nafter:\n%s", before, after)
			}
		}
	})
}
