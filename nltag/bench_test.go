package nltag_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/nltag"
)

// The same link type with and without Wire fields: without them it keeps
// what the hand-written decoder keeps; with them it is lossless, with the
// Wires inside the structs or (losslessPtr) behind pointers.
type (
	plain       = benchLink[struct{}]
	lossless    = benchLink[nltag.Wire]
	losslessPtr = benchLink[*nltag.Wire]
)

// benchLink declares the attributes of a veth's RTM_NEWLINK as a user of the
// codec would; handDecode and handEncode below do the same by hand.
type benchLink[W any] struct {
	Family     uint8
	_          uint8
	Type       uint16
	Index      int32
	Flags      uint32
	Change     uint32
	Address    net.HardwareAddr  `nla:"1"`
	Broadcast  net.HardwareAddr  `nla:"2"`
	IfName     string            `nla:"3"`
	MTU        uint32            `nla:"4"`
	Link       uint32            `nla:"5"`
	Qdisc      string            `nla:"6"`
	Stats      *benchStats32     `nla:"7"`
	TxQLen     uint32            `nla:"13"`
	Map        *benchIfmap       `nla:"14"`
	OperState  uint8             `nla:"16"`
	LinkMode   uint8             `nla:"17"`
	LinkInfo   *benchLinkInfo[W] `nla:"18"`
	Stats64    *benchStats64     `nla:"23"`
	AFSpec     *benchAFSpec[W]   `nla:"26"`
	Group      uint32            `nla:"27"`
	Promisc    uint32            `nla:"30"`
	NumTxQ     uint32            `nla:"31"`
	NumRxQ     uint32            `nla:"32"`
	Carrier    uint8             `nla:"33"`
	CarrierChg uint32            `nla:"35"`
	ProtoDown  uint8             `nla:"39"`
	GSOMaxSegs uint32            `nla:"40"`
	GSOMaxSize uint32            `nla:"41"`
	XDP        *benchXDP[W]      `nla:"43"`
	CarrierUp  uint32            `nla:"47"`
	CarrierDn  uint32            `nla:"48"`
	MinMTU     uint32            `nla:"50"`
	MaxMTU     uint32            `nla:"51"`
	GROMaxSize uint32            `nla:"58"`
	TSOMaxSize uint32            `nla:"59"`
	TSOMaxSegs uint32            `nla:"60"`
	AllMulti   uint32            `nla:"61"`
	GSOv4Max   uint32            `nla:"63"`
	GROv4Max   uint32            `nla:"64"`
	Wire       W
}

type benchStats32 struct{ V [24]uint32 }
type benchStats64 struct{ V [25]uint64 }
type benchIfmap struct {
	MemStart, MemEnd, BaseAddr uint64
	IRQ                        uint16
	DMA, Port                  uint8
}
type benchLinkInfo[W any] struct {
	Kind string `nla:"1"`
	Wire W
}
type benchXDP[W any] struct {
	Attached uint8 `nla:"2"`
	Wire     W
}
type benchAFSpec[W any] struct {
	Inet  *benchInet[W]  `nla:"2"`
	Inet6 *benchInet6[W] `nla:"10"`
	Wire  nltag.Wire
}
type benchInet[W any] struct {
	Conf []byte `nla:"1"`
	Wire W
}
type benchInet6[W any] struct {
	Flags       uint32 `nla:"1"`
	Conf        []byte `nla:"2"`
	Stats       []byte `nla:"3"`
	Cache       []byte `nla:"5"`
	ICMP6Stats  []byte `nla:"6"`
	Token       []byte `nla:"7"`
	AddrGenMode uint8  `nla:"8"`
	RAMtu       uint32 `nla:"9"`
	Wire        W
}

func loadLink(tb testing.TB) []byte {
	b, err := golden.ReadHex("testdata/link-veth.hex")
	if err != nil {
		tb.Fatal(err)
	}
	return b[16:] // the body, after the netlink header
}

func TestBenchLinkLossless(t *testing.T) {
	in := loadLink(t)
	var l lossless
	if err := nltag.Unmarshal(in, &l); err != nil {
		t.Fatal(err)
	}
	if l.IfName != "v0" || l.MTU != 1500 || l.LinkInfo == nil || l.LinkInfo.Kind != "veth" || l.Stats64 == nil || l.AFSpec == nil || l.AFSpec.Inet6 == nil {
		t.Fatalf("decoded %+v", l)
	}
	out, err := nltag.Marshal(&l)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(in, out) {
		t.Fatalf("re-encoding differs")
	}
	var lp losslessPtr
	if err := nltag.Unmarshal(in, &lp); err != nil {
		t.Fatal(err)
	}
	if out, err := nltag.Marshal(&lp); err != nil || !bytes.Equal(in, out) {
		t.Fatalf("re-encoding with *Wire differs: %v", err)
	}
	var h plain
	if err := handDecode(in, &h); err != nil {
		t.Fatal(err)
	}
	if h.IfName != l.IfName || h.Stats64.V != l.Stats64.V || h.AFSpec.Inet6.AddrGenMode != l.AFSpec.Inet6.AddrGenMode || !bytes.Equal(h.Address, l.Address) {
		t.Fatalf("hand decoder disagrees: %+v", h)
	}
	enc := handEncode(nil, &h)
	var again plain
	if err := nltag.Unmarshal(enc, &again); err != nil || again.IfName != "v0" || again.Stats64.V != l.Stats64.V {
		t.Fatalf("hand encoding does not decode: %v", err)
	}
}

func BenchmarkLinkDecode(b *testing.B) {
	in := loadLink(b)
	b.Run("nltag", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			var l plain
			if err := nltag.Unmarshal(in, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("nltag-lossless", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			var l lossless
			if err := nltag.Unmarshal(in, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Each a new value per message, as a dump loop makes them: the Wires
	// behind pointers make the link smaller to allocate and zero.
	b.Run("nltag-lossless-ptr", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			var l losslessPtr
			if err := nltag.Unmarshal(in, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			var l plain
			if err := handDecode(in, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkLinkEncode(b *testing.B) {
	in := loadLink(b)
	var l plain
	if err := nltag.Unmarshal(in, &l); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 4096)
	b.Run("nltag", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var err error
			if buf, err = nltag.AppendMarshal(buf[:0], &l); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf = handEncode(buf[:0], &l)
		}
	})
}

// handDecode is the decoder one writes without a codec: a switch per level.
func handDecode[W any](b []byte, l *benchLink[W]) error {
	if len(b) < 16 {
		return errors.New("short")
	}
	l.Family = b[0]
	l.Type = ne.Uint16(b[2:])
	l.Index = int32(ne.Uint32(b[4:]))
	l.Flags = ne.Uint32(b[8:])
	l.Change = ne.Uint32(b[12:])
	return walk(b[16:], func(t uint16, p []byte) error {
		switch t {
		case 1:
			l.Address = append(net.HardwareAddr(nil), p...)
		case 2:
			l.Broadcast = append(net.HardwareAddr(nil), p...)
		case 3:
			l.IfName = cstr(p)
		case 4:
			return u32(p, &l.MTU)
		case 5:
			return u32(p, &l.Link)
		case 6:
			l.Qdisc = cstr(p)
		case 7:
			s := new(benchStats32)
			for i := range s.V {
				if len(p) >= 4*(i+1) {
					s.V[i] = ne.Uint32(p[4*i:])
				}
			}
			l.Stats = s
		case 13:
			return u32(p, &l.TxQLen)
		case 14:
			if len(p) < 28 {
				return errors.New("short map")
			}
			l.Map = &benchIfmap{ne.Uint64(p), ne.Uint64(p[8:]), ne.Uint64(p[16:]), ne.Uint16(p[24:]), p[26], p[27]}
		case 16:
			return u8(p, &l.OperState)
		case 17:
			return u8(p, &l.LinkMode)
		case 18:
			li := new(benchLinkInfo[W])
			l.LinkInfo = li
			return walk(p, func(t uint16, p []byte) error {
				if t == 1 {
					li.Kind = cstr(p)
				}
				return nil
			})
		case 23:
			s := new(benchStats64)
			for i := range s.V {
				if len(p) >= 8*(i+1) {
					s.V[i] = ne.Uint64(p[8*i:])
				}
			}
			l.Stats64 = s
		case 26:
			af := new(benchAFSpec[W])
			l.AFSpec = af
			return walk(p, func(t uint16, p []byte) error {
				switch t {
				case 2:
					in := new(benchInet[W])
					af.Inet = in
					return walk(p, func(t uint16, p []byte) error {
						if t == 1 {
							in.Conf = bytes.Clone(p)
						}
						return nil
					})
				case 10:
					in := new(benchInet6[W])
					af.Inet6 = in
					return walk(p, func(t uint16, p []byte) error {
						switch t {
						case 1:
							return u32(p, &in.Flags)
						case 2:
							in.Conf = bytes.Clone(p)
						case 3:
							in.Stats = bytes.Clone(p)
						case 5:
							in.Cache = bytes.Clone(p)
						case 6:
							in.ICMP6Stats = bytes.Clone(p)
						case 7:
							in.Token = bytes.Clone(p)
						case 8:
							return u8(p, &in.AddrGenMode)
						case 9:
							return u32(p, &in.RAMtu)
						}
						return nil
					})
				}
				return nil
			})
		case 27:
			return u32(p, &l.Group)
		case 30:
			return u32(p, &l.Promisc)
		case 31:
			return u32(p, &l.NumTxQ)
		case 32:
			return u32(p, &l.NumRxQ)
		case 33:
			return u8(p, &l.Carrier)
		case 35:
			return u32(p, &l.CarrierChg)
		case 39:
			return u8(p, &l.ProtoDown)
		case 40:
			return u32(p, &l.GSOMaxSegs)
		case 41:
			return u32(p, &l.GSOMaxSize)
		case 43:
			x := new(benchXDP[W])
			l.XDP = x
			return walk(p, func(t uint16, p []byte) error {
				if t == 2 {
					return u8(p, &x.Attached)
				}
				return nil
			})
		case 47:
			return u32(p, &l.CarrierUp)
		case 48:
			return u32(p, &l.CarrierDn)
		case 50:
			return u32(p, &l.MinMTU)
		case 51:
			return u32(p, &l.MaxMTU)
		case 58:
			return u32(p, &l.GROMaxSize)
		case 59:
			return u32(p, &l.TSOMaxSize)
		case 60:
			return u32(p, &l.TSOMaxSegs)
		case 61:
			return u32(p, &l.AllMulti)
		case 63:
			return u32(p, &l.GSOv4Max)
		case 64:
			return u32(p, &l.GROv4Max)
		}
		return nil
	})
}

var ne = binary.NativeEndian

func walk(b []byte, fn func(t uint16, p []byte) error) error {
	for len(b) >= 4 {
		n := int(ne.Uint16(b))
		if n < 4 || n > len(b) {
			return errors.New("bad attribute length")
		}
		if err := fn(ne.Uint16(b[2:])&nltag.TypeMask, b[4:n]); err != nil {
			return err
		}
		b = b[min(nltag.Align(n), len(b)):]
	}
	return nil
}

func cstr(p []byte) string {
	if i := bytes.IndexByte(p, 0); i >= 0 {
		p = p[:i]
	}
	return string(p)
}

func u32(p []byte, v *uint32) error {
	if len(p) < 4 {
		return errors.New("short u32")
	}
	*v = ne.Uint32(p)
	return nil
}

func u8(p []byte, v *uint8) error {
	if len(p) < 1 {
		return errors.New("short u8")
	}
	*v = p[0]
	return nil
}

// handEncode writes the fields the way a hand-written request builder does.
func handEncode[W any](b []byte, l *benchLink[W]) []byte {
	b = append(b, l.Family, 0)
	b = ne.AppendUint16(b, l.Type)
	b = ne.AppendUint32(b, uint32(l.Index))
	b = ne.AppendUint32(b, l.Flags)
	b = ne.AppendUint32(b, l.Change)
	put32 := func(t uint16, v uint32) { b = nltag.AppendAttr(b, t, ne.AppendUint32(nil, v)) }
	nest := func(t uint16, fn func()) {
		h := len(b)
		b = append(b, 0, 0, 4, 0)
		ne.PutUint16(b[h+2:], t)
		fn()
		ne.PutUint16(b[h:], uint16(len(b)-h))
	}
	attr := func(t uint16, n int, fn func(p []byte)) {
		h := len(b)
		b = append(b, make([]byte, 4+n)...)
		ne.PutUint16(b[h:], uint16(4+n))
		ne.PutUint16(b[h+2:], t)
		fn(b[h+4:])
		for len(b)&3 != 0 {
			b = append(b, 0)
		}
	}
	str := func(t uint16, s string) {
		attr(t, len(s)+1, func(p []byte) { copy(p, s) })
	}
	bytesAttr := func(t uint16, v []byte) { attr(t, len(v), func(p []byte) { copy(p, v) }) }
	u8a := func(t uint16, v uint8) { attr(t, 1, func(p []byte) { p[0] = v }) }
	bytesAttr(1, l.Address)
	bytesAttr(2, l.Broadcast)
	str(3, l.IfName)
	put32(4, l.MTU)
	put32(5, l.Link)
	str(6, l.Qdisc)
	if l.Stats != nil {
		attr(7, 96, func(p []byte) {
			for i, v := range l.Stats.V {
				ne.PutUint32(p[4*i:], v)
			}
		})
	}
	put32(13, l.TxQLen)
	if l.Map != nil {
		attr(14, 32, func(p []byte) {
			ne.PutUint64(p, l.Map.MemStart)
			ne.PutUint64(p[8:], l.Map.MemEnd)
			ne.PutUint64(p[16:], l.Map.BaseAddr)
			ne.PutUint16(p[24:], l.Map.IRQ)
			p[26], p[27] = l.Map.DMA, l.Map.Port
		})
	}
	u8a(16, l.OperState)
	u8a(17, l.LinkMode)
	if l.LinkInfo != nil {
		nest(18, func() { str(1, l.LinkInfo.Kind) })
	}
	if l.Stats64 != nil {
		attr(23, 200, func(p []byte) {
			for i, v := range l.Stats64.V {
				ne.PutUint64(p[8*i:], v)
			}
		})
	}
	if af := l.AFSpec; af != nil {
		nest(26, func() {
			if af.Inet != nil {
				nest(2, func() { bytesAttr(1, af.Inet.Conf) })
			}
			if in := af.Inet6; in != nil {
				nest(10, func() {
					put32(1, in.Flags)
					bytesAttr(2, in.Conf)
					bytesAttr(3, in.Stats)
					bytesAttr(5, in.Cache)
					bytesAttr(6, in.ICMP6Stats)
					bytesAttr(7, in.Token)
					u8a(8, in.AddrGenMode)
					put32(9, in.RAMtu)
				})
			}
		})
	}
	for _, f := range []struct {
		t uint16
		v uint32
	}{{27, l.Group}, {30, l.Promisc}, {31, l.NumTxQ}, {32, l.NumRxQ}, {35, l.CarrierChg}, {40, l.GSOMaxSegs}, {41, l.GSOMaxSize}, {47, l.CarrierUp}, {48, l.CarrierDn}, {50, l.MinMTU}, {51, l.MaxMTU}, {58, l.GROMaxSize}, {59, l.TSOMaxSize}, {60, l.TSOMaxSegs}, {61, l.AllMulti}, {63, l.GSOv4Max}, {64, l.GROv4Max}} {
		put32(f.t, f.v)
	}
	u8a(33, l.Carrier)
	u8a(39, l.ProtoDown)
	if l.XDP != nil {
		nest(43, func() { u8a(2, l.XDP.Attached) })
	}
	return b
}

// benchRoute is laid out as an RTM_NEWROUTE message type is (the size of
// route.Route), with its wire record in a Wire or behind a *Wire.
type benchRoute[W any] struct {
	Family, DstLen, SrcLen, TOS, Table, Protocol, Scope, Type uint8
	Flags                                                     uint32

	Dst       netip.Addr      `nla:"1"`
	Src       netip.Addr      `nla:"2"`
	IIF       uint32          `nla:"3,omitempty"`
	OIF       uint32          `nla:"4,omitempty"`
	Gateway   netip.Addr      `nla:"5"`
	Priority  uint32          `nla:"6,omitempty"`
	PrefSrc   netip.Addr      `nla:"7"`
	Metrics   []byte          `nla:"8"`
	Multipath []byte          `nla:"9"`
	Flow      uint32          `nla:"11,omitempty"`
	CacheInfo *benchCacheInfo `nla:"12"`
	TableID   uint32          `nla:"15,omitempty"`
	Mark      uint32          `nla:"16,omitempty"`
	MFCStats  *benchMFC       `nla:"17"`
	Via       []byte          `nla:"18"`
	NewDst    []byte          `nla:"19"`
	Pref      uint8           `nla:"20,omitempty"`
	EncapType uint16          `nla:"21,omitempty"`
	Encap     []byte          `nla:"22"`
	Expires   uint64          `nla:"23,omitempty"`
	Wire      W
}

type benchMFC struct{ V [3]uint64 }

// routeMsg is the body of a kernel route: main table, dst, metric,
// preferred source, output interface.
func routeMsg(tb testing.TB) []byte {
	b, err := hex.DecodeString("02180000fe02fd0100000000" + attr(15, "fe000000") + attr(1, "c0a80100") +
		attr(6, "64000000") + attr(7, "c0a8010a") + attr(4, "02000000"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkNewPerMessage decodes into a new value per message and keeps the
// last 2,048 results, as a dump loop does: the cost of allocating, zeroing
// and collecting the value counts. With a *Wire, the value is 64 bytes
// smaller and, every message having one shape, its Wire is the one all
// share; a Wire field shares the Order slice. Without a Wire
// (route-none), nothing of the wire is kept.
func BenchmarkNewPerMessage(b *testing.B) {
	in := routeMsg(b)
	b.Run("route-Wire", func(b *testing.B) { benchNew[benchRoute[nltag.Wire]](b, in) })
	b.Run("route-*Wire", func(b *testing.B) { benchNew[benchRoute[*nltag.Wire]](b, in) })
	b.Run("route-none", func(b *testing.B) { benchNew[benchRoute[struct{}]](b, in) })
	link := loadLink(b)
	b.Run("link-Wire", func(b *testing.B) { benchNew[lossless](b, link) })
	b.Run("link-*Wire", func(b *testing.B) { benchNew[losslessPtr](b, link) })
}

func benchNew[T any](b *testing.B, in []byte) {
	keep := make([]*T, 2048)
	var d nltag.Decoder
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	i := 0
	for b.Loop() {
		v := new(T)
		if err := d.Unmarshal(in, v); err != nil {
			b.Fatal(err)
		}
		keep[i%len(keep)] = v
		i++
	}
}
