package golden

import (
	"bytes"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Options are the go-cmp options that compare decoded message structs as
// their meaning: net/netip values by ==, since their fields are
// unexported, nil and empty slices and maps alike, and nltag.Wire and
// *nltag.Wire not at all, since a decoded Wire records arrival order and
// unknown attributes a hand-written value does not have.
func Options() cmp.Options {
	return cmp.Options{
		cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}, netip.AddrPort{}),
		cmpopts.EquateEmpty(),
		cmpopts.IgnoreTypes(nltag.Wire{}, (*nltag.Wire)(nil)),
	}
}

// Decode checks the case at path against values of an application's own
// message type T: the body of each netlink message in the file is decoded
// into a T, and the results must equal want, compared with Options and
// opts; and each message encoded again from its header and decoded T must
// give back the file's bytes, so that nothing was lost. It returns what was
// decoded. The standard control messages (NLMSG_DONE, NLMSG_ERROR, the
// ACK that ends a case Exchange recorded) are not T's: they are left out
// of want and kept as they are.
func Decode[T any](t testing.TB, path string, want []T, opts ...cmp.Option) []T {
	t.Helper()
	in, err := ReadHex(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []T
	var out []byte
	for m, err := range netlink.Messages(in) {
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if m.Header.Type < netlink.MinType {
			out = Wire(out, m)
			continue
		}
		v := new(T)
		if err := nltag.Unmarshal(m.Data, v); err != nil {
			t.Fatalf("%s: message %d: %v", path, len(got)+1, err)
		}
		got = append(got, *v)
		if out, err = netlink.AppendMessage(out, netlink.Message{Header: m.Header, Body: v}); err != nil {
			t.Fatalf("%s: message %d: re-encode: %v", path, len(got), err)
		}
	}
	if d := cmp.Diff(want, got, append(cmp.Options{Options()}, opts...)); d != "" {
		t.Errorf("%s decodes differently (-want +got):\n%s", path, d)
	}
	if !bytes.Equal(in, out) {
		t.Errorf("%s: re-encoding differs:\n got %x\nwant %x\nfirst difference at byte %d", path, out, in, firstDiff(in, out))
	}
	return got
}
