package route

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Messages.Decode, the path of monitors and generic dumps, allocates no
// more than a direct nltag.Unmarshal into a new value of the body's type
// (less: it carves bodies from chunks of a few): the table adds a lookup,
// not a copy, a box or a reflective allocation.
func TestTableDecodeAllocs(t *testing.T) {
	if membound.RaceEnabled {
		t.Skip("the race detector allocates and drops pooled values")
	}
	direct := map[string]func(data []byte) error{
		"addr":  newAndUnmarshal[Address],
		"link":  newAndUnmarshal[Link],
		"route": newAndUnmarshal[Route],
		"neigh": newAndUnmarshal[Neighbour],
	}
	for _, name := range []string{"addr-ipv4", "addr-ipv6", "link-bridge", "link-veth", "route-ipv4-local", "route-encap", "neigh-permanent"} {
		b, err := golden.ReadHex(filepath.Join("../testdata/route", name+".hex"))
		if err != nil {
			t.Fatal(err)
		}
		kind, _, _ := strings.Cut(name, "-")
		dec := direct[kind]
		for m, err := range netlink.Messages(b) {
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Messages.Decode(m); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			table := testing.AllocsPerRun(200, func() {
				if _, err := Messages.Decode(m); err != nil {
					t.Fatal(err)
				}
			})
			want := testing.AllocsPerRun(200, func() {
				if err := dec(m.Data); err != nil {
					t.Fatal(err)
				}
			})
			if table > want {
				t.Errorf("%s, %s: Messages.Decode made %v allocations, a new value and nltag.Unmarshal %v",
					name, Messages.TypeName(m.Header.Type), table, want)
			}
		}
	}
}

// newAndUnmarshal decodes data as a dump loop does: into a new T.
func newAndUnmarshal[T any](data []byte) error { return nltag.Unmarshal(data, new(T)) }

// Bodies carved from shared chunks are each their own: kept across a
// collection and hundreds of later decodings, every one still equals what
// a direct decoding of its message gives.
func TestTableDecodeCarvedBodies(t *testing.T) {
	var msgs []netlink.RawMessage
	for _, name := range []string{"addr-ipv4", "addr-ipv6", "link-bridge", "link-veth", "route-ipv4-local", "neigh-permanent"} {
		b, err := golden.ReadHex(filepath.Join("../testdata/route", name+".hex"))
		if err != nil {
			t.Fatal(err)
		}
		for m, err := range netlink.Messages(b) {
			if err != nil {
				t.Fatal(err)
			}
			msgs = append(msgs, m)
		}
	}
	var kept []netlink.Message
	for range 50 {
		for _, m := range msgs {
			d, err := Messages.Decode(m)
			if err != nil {
				t.Fatal(err)
			}
			kept = append(kept, d)
		}
	}
	runtime.GC()
	for i, d := range kept {
		want := Messages.New(d.Header.Type)
		if err := nltag.Unmarshal(msgs[i%len(msgs)].Data, want); err != nil {
			t.Fatal(err)
		}
		if got, want := nltag.Format(d.Body), nltag.Format(want); got != want {
			t.Fatalf("body %d, %s, changed after later decodings:\n%s\nwant\n%s", i, Messages.TypeName(d.Header.Type), got, want)
		}
	}
}
