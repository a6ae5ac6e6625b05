package conntrack_test

import (
	"bytes"
	"net/netip"
	"reflect"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netfilter"
	"github.com/nltag/go-netlink/netfilter/conntrack"
	"github.com/nltag/go-netlink/nltag"
)

// TestCheck validates the tags of every message type.
func TestCheck(t *testing.T) {
	for _, v := range []any{conntrack.Entry{}, conntrack.Stats{}, conntrack.StatsCPU{}} {
		if err := nltag.Check(v); err != nil {
			t.Error(err)
		}
	}
}

// TestBigEndianByTags encodes an entry whose integers are all big-endian on
// the wire and compares the bytes with ones written out by hand: the tags
// alone put them in network byte order.
func TestBigEndianByTags(t *testing.T) {
	orig := conntrack.PortTuple(conntrack.ProtoTCP,
		netip.MustParseAddrPort("192.0.2.1:4660"), netip.MustParseAddrPort("192.0.2.2:80"))
	e := &conntrack.Entry{
		Header:  netfilter.Header{Family: unix.AF_INET, ResID: 0x0102},
		Orig:    &orig,
		Status:  new(conntrack.StatusAssured | conntrack.StatusConfirmed),
		Timeout: new(uint32(0x01020304)),
		Zone:    new(uint16(0x0506)),
	}
	got, err := nltag.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{
		2, 0, 0x01, 0x02, // nfgenmsg: AF_INET, version 0, res_id big-endian
		52, 0, 1, 0x80, // CTA_TUPLE_ORIG, nested
		20, 0, 1, 0x80, // CTA_TUPLE_IP, nested
		8, 0, 1, 0, 192, 0, 2, 1, // CTA_IP_V4_SRC
		8, 0, 2, 0, 192, 0, 2, 2, // CTA_IP_V4_DST
		28, 0, 2, 0x80, // CTA_TUPLE_PROTO, nested
		5, 0, 1, 0, 6, 0, 0, 0, // CTA_PROTO_NUM: TCP
		6, 0, 2, 0, 0x12, 0x34, 0, 0, // CTA_PROTO_SRC_PORT 4660
		6, 0, 3, 0, 0, 80, 0, 0, // CTA_PROTO_DST_PORT 80
		8, 0, 3, 0, 0, 0, 0, 0x0c, // CTA_STATUS: ASSURED|CONFIRMED
		8, 0, 7, 0, 1, 2, 3, 4, // CTA_TIMEOUT
		6, 0, 18, 0, 5, 6, 0, 0, // CTA_ZONE
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got  % x\nwant % x", got, want)
	}
	var back conntrack.Entry
	if err := nltag.Unmarshal(want, &back); err != nil {
		t.Fatal(err)
	}
	if *back.Timeout != 0x01020304 || *back.Zone != 0x0506 || *back.Orig.Proto.SrcPort != 4660 || back.ResID != 0x0102 {
		t.Errorf("decoded %+v", back)
	}
}

// TestNoHandCode walks every type the messages hold and fails if one
// encodes or decodes itself (nltag.Marshaler, nltag.Unmarshaler): the
// package's claim is that tags say everything.
func TestNoHandCode(t *testing.T) {
	marshaler := reflect.TypeFor[nltag.Marshaler]()
	unmarshaler := reflect.TypeFor[nltag.Unmarshaler]()
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice || rt.Kind() == reflect.Array {
			rt = rt.Elem()
		}
		if seen[rt] || rt.PkgPath() == "github.com/nltag/go-netlink/nltag" {
			return
		}
		seen[rt] = true
		if rt.Implements(marshaler) || reflect.PointerTo(rt).Implements(unmarshaler) {
			t.Errorf("%v has its own codec", rt)
		}
		if rt.Kind() == reflect.Struct {
			for f := range rt.Fields() {
				walk(f.Type)
			}
		}
	}
	for _, v := range []any{conntrack.Entry{}, conntrack.Stats{}, conntrack.StatsCPU{}} {
		walk(reflect.TypeOf(v))
	}
	if len(seen) < 20 {
		t.Errorf("walked only %d types", len(seen))
	}
}

// TestUnknownKept decodes an entry carrying labels and an attribute this
// package does not know, and checks that both survive re-encoding to the
// same bytes.
func TestUnknownKept(t *testing.T) {
	e := &conntrack.Entry{Header: netfilter.Header{Family: unix.AF_INET6}, Labels: bytes.Repeat([]byte{0xa5}, 16), Mark: new(uint32(7))}
	b, err := nltag.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	b = nltag.AppendAttr(b, 99, []byte{1, 2, 3, 4, 5})
	var got conntrack.Entry
	if err := nltag.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Wire.Unknown) != 1 || got.Wire.Unknown[0].Type != 99 || !bytes.Equal(got.Labels, e.Labels) || *got.Mark != 7 {
		t.Errorf("decoded %+v", got)
	}
	out, err := nltag.Marshal(&got)
	if err != nil || !bytes.Equal(out, b) {
		t.Errorf("re-encoded % x, %v\nwant         % x", out, err, b)
	}
}
