package route

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// fuzzRouteBody is the fuzz target of one message body type T: seeded with
// the bodies of the golden messages of testdata/route/PREFIX*.hex, it checks
// that decoding never panics and that whatever decodes re-encodes and
// decodes again to the same text.
func fuzzRouteBody[T any](f *testing.F, prefixes ...string) {
	for _, p := range prefixes {
		files, err := filepath.Glob(filepath.Join("../testdata/route", p+"*.hex"))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			b, err := golden.ReadHex(file)
			if err != nil {
				f.Fatal(err)
			}
			for m, err := range netlink.Messages(b) {
				if err != nil {
					f.Fatalf("%s: %v", file, err)
				}
				f.Add(m.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v T
		if err := nltag.Unmarshal(data, &v); err != nil {
			return
		}
		text := nltag.Format(&v)
		b, err := nltag.Marshal(&v)
		if err != nil {
			t.Fatalf("decodes but does not encode: %v\n%s", err, text)
		}
		var again T
		if err := nltag.Unmarshal(b, &again); err != nil {
			t.Fatalf("re-encoding does not decode: %v\nfirst decoding:\n%s\nre-encoded: %x", err, text, b)
		}
		if d := cmp.Diff(text, nltag.Format(&again)); d != "" {
			t.Fatalf("decode → encode → decode changes the text (-first +second):\n%s", d)
		}
	})
}

// TestCheckTypes validates the tags of every message type of this file's
// kinds before any is used.
func TestCheckTypes(t *testing.T) {
	for _, v := range []any{
		Address{}, Route{}, NextHop{}, Neighbour{}, Rule{}, NextHopObject{}, GroupEntry{}, Tc{},
		IPEncap{}, IP6Encap{}, MPLSEncap{}, HTBOptions{}, TBFOptions{}, PrioOptions{}, PfifoFastOptions{},
		PfifoOptions{}, BfifoOptions{}, PfifoHeadDropOptions{}, IngressOptions{}, ClsactOptions{},
		U32Options{}, U32Key{}, U32Mark{}, MatchallOptions{}, FlowerOptions{}, BPFOptions{}, SockFilter{},
		Action{}, MirredOptions{}, GactOptions{}, TcfTimes{}, GactProb{},
	} {
		if err := nltag.Check(v); err != nil {
			t.Errorf("%T: %v", v, err)
		}
	}
}

// TestMessageNames checks that every RTM_* type of this package's messages
// is registered with a body.
func TestMessageNames(t *testing.T) {
	for name, want := range map[string]any{
		"RTM_NEWADDR": &Address{}, "RTM_GETMULTICAST": &Address{}, "RTM_DELROUTE": &Route{},
		"RTM_NEWNEIGH": &Neighbour{}, "RTM_GETRULE": &Rule{}, "RTM_NEWNEXTHOP": &NextHopObject{},
		"RTM_NEWNEXTHOPBUCKET": &NextHopObject{}, "RTM_NEWQDISC": &Tc{}, "RTM_DELTCLASS": &Tc{},
		"RTM_GETTFILTER": &Tc{}, "RTM_NEWCHAIN": &Tc{},
	} {
		typ, ok := Messages.LookupType(name)
		if !ok {
			t.Errorf("%s is not registered", name)
			continue
		}
		if got := Messages.New(typ); fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want) {
			t.Errorf("%s: body %T, want %T", name, got, want)
		}
		if got := Messages.TypeName(typ); got != name {
			t.Errorf("TypeName(%d) = %s, want %s", typ, got, name)
		}
	}
}
