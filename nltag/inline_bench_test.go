package nltag_test

import (
	"net/netip"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// A route as a dump returns it, declared flat and with its rarely present
// attributes behind an inline pointer: the second is less than half the
// size, which is what a dump loop allocates and clears per message.
type (
	benchRouteHdr struct {
		Family, DstLen, SrcLen, TOS, Table, Protocol, Scope, Type uint8
		Flags                                                     uint32
	}
	benchCacheInfo struct {
		ClntRef, LastUse, Expires, Error, Used, ID, TS, TSAge uint32
	}
	benchNextHop struct {
		Len     uint16
		Flags   uint8
		Hops    uint8
		IfIndex int32
		Gateway netip.Addr `nla:"5"`
	}
	benchRouteRare struct {
		Src          netip.Addr      `nla:"2"`
		IIF          uint32          `nla:"3,omitempty"`
		Metrics      *benchCacheInfo `nla:"8"`
		Multipath    []benchNextHop  `nla:"9,indexed"`
		Flow         uint32          `nla:"11,omitempty"`
		Mark         uint32          `nla:"16,omitempty"`
		MFCStats     *benchCacheInfo `nla:"17"`
		Via          []byte          `nla:"18"`
		NewDst       []uint32        `nla:"19,packed"`
		EncapType    uint16          `nla:"21,omitempty"`
		Encap        any             `nla:"22,submsg=inline-test,selector=EncapType"`
		Expires      uint64          `nla:"23,uint,omitempty"`
		UID          *uint32         `nla:"25"`
		TTLPropagate *uint8          `nla:"26"`
		IPProto      uint8           `nla:"27,omitempty"`
		SPort        uint16          `nla:"28,be16,omitempty"`
		DPort        uint16          `nla:"29,be16,omitempty"`
		NHID         uint32          `nla:"30,omitempty"`
	}
	benchRouteCommon struct {
		Dst       netip.Addr      `nla:"1"`
		OIF       uint32          `nla:"4,omitempty"`
		Gateway   netip.Addr      `nla:"5"`
		Priority  uint32          `nla:"6,omitempty"`
		PrefSrc   netip.Addr      `nla:"7"`
		CacheInfo *benchCacheInfo `nla:"12"`
		TableID   uint32          `nla:"15,omitempty"`
		Pref      uint8           `nla:"20,omitempty"`
	}
	benchRouteInline struct {
		Hdr    benchRouteHdr
		Common benchRouteCommon `nla:",inline"`
		Extra  *benchRouteRare  `nla:",inline"`
		Wire   nltag.Wire
	}
	benchRouteFlat struct {
		Hdr    benchRouteHdr
		Common benchRouteCommon `nla:",inline"`
		Rare   benchRouteRare   `nla:",inline"`
		Wire   nltag.Wire
	}
)

// benchRoutes returns a route as most of a dump's are (destination,
// gateway, device, metric, table) and the same with a firewall mark, one
// of the rare attributes.
func benchRoutes() (common, rare []byte) {
	common = []byte{2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0}
	common = nltag.AppendAttr(common, 15, wu32(254))
	common = nltag.AppendAttr(common, 1, []byte{10, 1, 2, 0})
	common = nltag.AppendAttr(common, 6, wu32(100))
	common = nltag.AppendAttr(common, 5, []byte{10, 0, 0, 1})
	common = nltag.AppendAttr(common, 4, wu32(2))
	rare = nltag.AppendAttr(append([]byte(nil), common...), 16, wu32(7))
	return common, rare
}

func TestBenchRoutes(t *testing.T) {
	common, rare := benchRoutes()
	var f benchRouteFlat
	var i benchRouteInline
	for _, in := range [][]byte{common, rare} {
		if err := nltag.Unmarshal(in, &f); err != nil {
			t.Fatal(err)
		}
		if err := nltag.Unmarshal(in, &i); err != nil {
			t.Fatal(err)
		}
		if f.Common.OIF != 2 || i.Common.OIF != 2 || (i.Extra != nil) != (f.Rare.Mark != 0) || i.Extra != nil && i.Extra.Mark != 7 {
			t.Fatalf("flat %+v\ninline %+v", f, i)
		}
		for _, v := range []any{&f, &i} {
			if out, err := nltag.Marshal(v); err != nil || string(out) != string(in) {
				t.Fatalf("%T re-encoded %x, %v", v, out, err)
			}
		}
	}
}

// BenchmarkInlineRoute decodes and encodes routes as a dump loop does, a
// new value per message, with the rare attributes declared flat and behind
// an inline pointer.
func BenchmarkInlineRoute(b *testing.B) {
	common, rare := benchRoutes()
	for _, c := range []struct {
		name string
		in   []byte
	}{{"common", common}, {"rare", rare}} {
		b.Run("decode-flat-"+c.name, func(b *testing.B) {
			var d nltag.Decoder
			b.ReportAllocs()
			for b.Loop() {
				if err := d.Unmarshal(c.in, new(benchRouteFlat)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("decode-inline-"+c.name, func(b *testing.B) {
			var d nltag.Decoder
			b.ReportAllocs()
			for b.Loop() {
				if err := d.Unmarshal(c.in, new(benchRouteInline)); err != nil {
					b.Fatal(err)
				}
			}
		})
		var f benchRouteFlat
		var i benchRouteInline
		if nltag.Unmarshal(c.in, &f) != nil || nltag.Unmarshal(c.in, &i) != nil {
			b.Fatal("decoding failed")
		}
		nltag.ClearWire(&f)
		nltag.ClearWire(&i)
		buf := make([]byte, 0, 512)
		b.Run("encode-flat-"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf, _ = nltag.AppendMarshal(buf[:0], &f)
			}
		})
		b.Run("encode-inline-"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf, _ = nltag.AppendMarshal(buf[:0], &i)
			}
		})
	}
}
