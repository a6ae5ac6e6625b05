package gentest

import (
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Fuzz runs the fuzz target of a family's messages, seeded with the golden
// cases of dir: decoding must never panic, whatever decodes must encode,
// and a message of the family must decode from its encoding to the same
// text. Standard messages (errors, DONE) are only encoded and decoded
// again: their text is netlink's business, and an empty NLMSG_DONE with
// NLM_F_ACK_TLVS does not survive the round trip there. Each check, if
// any, then runs on every message that decoded, so that a family's
// accessors of decoded values meet hostile input too.
func Fuzz(f *testing.F, dir string, t *genl.Table, checks ...func(*testing.T, netlink.Message)) {
	files, err := filepath.Glob(filepath.Join(dir, "*.hex"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in %s: %v", dir, err)
	}
	for _, name := range files {
		b, err := golden.ReadHex(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Fuzz(func(tt *testing.T, b []byte) {
		for raw, err := range netlink.Messages(b) {
			if err != nil {
				return
			}
			m, err := t.Decode(raw)
			if err != nil {
				continue
			}
			out, err := netlink.AppendMessage(nil, m)
			if err != nil {
				tt.Fatalf("encoding %s: %v", t.Name(raw), err)
			}
			raws, err := netlink.ParseMessages(out)
			if err != nil || len(raws) != 1 {
				tt.Fatalf("framing of own encoding %x: %v", out, err)
			}
			again, err := t.Decode(raws[0])
			if err != nil {
				tt.Fatalf("decoding own encoding %x of %s: %v", out, t.Name(raw), err)
			}
			for _, check := range checks {
				check(tt, m)
			}
			if raw.Header.Type < netlink.MinType {
				continue
			}
			if before, after := nltag.Format(m.Body), nltag.Format(again.Body); before != after || t.Name(raw) != t.Name(raws[0]) {
				tt.Fatalf("%s changed through re-encoding\nbefore:\n%s\nafter:\n%s", t.Name(raw), before, after)
			}
		}
	})
}
