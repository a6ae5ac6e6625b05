package nltag_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"

	"github.com/nltag/go-netlink/nltag"
)

type exampleAddr struct {
	Family    uint8
	PrefixLen uint8
	Flags     uint8
	Scope     uint8
	Index     uint32
	Address   netip.Addr `nla:"1,ip"`
	Label     string     `nla:"3,omitempty"`
}

func ExampleMarshal() {
	a := exampleAddr{Family: 2, PrefixLen: 24, Index: 1, Address: netip.MustParseAddr("192.0.2.1"), Label: "lo"}
	b, err := nltag.Marshal(&a)
	if err != nil {
		panic(err)
	}
	fmt.Printf("% x\n", b)
	// Output: 02 18 00 00 01 00 00 00 08 00 01 00 c0 00 02 01 07 00 03 00 6c 6f 00 00
}

func ExampleUnmarshal() {
	b := []byte{2, 24, 0, 0, 1, 0, 0, 0, 8, 0, 1, 0, 192, 0, 2, 1}
	var a exampleAddr
	if err := nltag.Unmarshal(b, &a); err != nil {
		panic(err)
	}
	fmt.Println(a.Address, a.PrefixLen, a.Index)
	// Output: 192.0.2.1 24 1
}

func ExampleAppendMarshal() {
	buf := make([]byte, 0, 64) // reused across messages: no allocation
	buf, err := nltag.AppendMarshal(buf, &exampleAddr{Family: 10, Address: netip.MustParseAddr("::1")})
	if err != nil {
		panic(err)
	}
	n, _ := nltag.Size(&exampleAddr{Family: 10, Address: netip.MustParseAddr("::1")})
	fmt.Println(len(buf), n)
	// Output: 28 28
}

func ExampleFormat() {
	a := exampleAddr{Family: 2, PrefixLen: 8, Address: netip.MustParseAddr("127.0.0.1"), Label: "lo"}
	fmt.Print(nltag.Format(&a))
	// Output:
	// nltag_test.exampleAddr
	//   Family: 2
	//   PrefixLen: 8
	//   Flags: 0
	//   Scope: 0
	//   Index: 0
	//   Address: 127.0.0.1
	//   Label: "lo"
}

type tunnelInfo struct {
	_    nltag.Set `nla:"example-linkinfo"`
	Kind string    `nla:"KIND"`
	Data any       `nla:"DATA,submsg=example-kind,selector=Kind"`
}

type greData struct {
	Key uint32 `nla:"1,be32"`
}

func ExampleRegisterSubMessage() {
	nltag.RegisterSet(&nltag.AttrSet{Name: "example-linkinfo", Attrs: map[string]uint16{"KIND": 1, "DATA": 2}})
	nltag.RegisterSubMessage("example-kind", "gre", &greData{})

	b, _ := nltag.Marshal(&tunnelInfo{Kind: "gre", Data: &greData{Key: 42}})
	var back tunnelInfo
	if err := nltag.Unmarshal(b, &back); err != nil {
		panic(err)
	}
	fmt.Printf("%s %d\n", back.Kind, back.Data.(*greData).Key)
	// Output: gre 42
}

type ipipInfo struct {
	_    nltag.Set `nla:"example-ipip-info"`
	Kind string    `nla:"KIND"`
	Data any       `nla:"DATA,submsg=example-ipip-kind,selector=Kind"`
}

type ipipData struct {
	TTL uint8 `nla:"1"`
}

// RegisterSubMessageOf registers a pointer type as RegisterSubMessage does
// with a sample of it, and decoding stores its values without reflection.
func ExampleRegisterSubMessageOf() {
	nltag.RegisterSet(&nltag.AttrSet{Name: "example-ipip-info", Attrs: map[string]uint16{"KIND": 1, "DATA": 2}})
	nltag.RegisterSubMessageOf[ipipData]("example-ipip-kind", "ipip")

	b, _ := nltag.Marshal(&ipipInfo{Kind: "ipip", Data: &ipipData{TTL: 64}})
	var back ipipInfo
	if err := nltag.Unmarshal(b, &back); err != nil {
		panic(err)
	}
	key, _ := nltag.SubMessageKey("example-ipip-kind", &ipipData{})
	fmt.Printf("%s %d %v\n", back.Kind, back.Data.(*ipipData).TTL, key)
	// Output: ipip 64 ipip
}

func ExampleError() {
	var a exampleAddr
	// IFA_ADDRESS with a 3-byte payload.
	err := nltag.Unmarshal([]byte{2, 24, 0, 0, 1, 0, 0, 0, 7, 0, 1, 0, 192, 0, 2, 0}, &a)
	var e *nltag.Error
	if errors.As(err, &e) {
		fmt.Println(e.Path, e.Offset, errors.Is(err, nltag.ErrShort))
	}
	fmt.Println(err)
	// Output:
	// Address 12 true
	// nltag: nltag_test.exampleAddr.Address at offset 12 (attribute 1): payload too short: 3 bytes are no address
}

// Attrs walks attributes without a struct to decode them into, as a
// hand-written Unmarshaler or a debugging tool does; AppendAttr writes them.
func ExampleAttrs() {
	b := nltag.AppendAttr(nil, 3, []byte("lo\x00"))   // IFLA_IFNAME
	b = nltag.AppendAttr(b, 4, []byte{0xdc, 5, 0, 0}) // IFLA_MTU
	b = append(b, 12, 0, 5, 0)                        // a length of 12 in 4 bytes
	for a, err := range nltag.Attrs(b) {
		if err != nil {
			fmt.Println(errors.Is(err, nltag.ErrLength))
			break
		}
		fmt.Printf("type %d, %d bytes: % x\n", a.Num(), len(a.Data), a.Data)
	}
	// Output:
	// type 3, 3 bytes: 6c 6f 00
	// type 4, 4 bytes: dc 05 00 00
	// true
}

// Check reports a bad declaration before any message is encoded: here a tag
// that names an attribute but no set to look it up in.
func ExampleCheck() {
	type bad struct {
		Name string `nla:"IFLA_IFNAME"`
	}
	err := nltag.Check(&bad{})
	var te *nltag.TypeError
	fmt.Println(errors.As(err, &te), te.Field)
	fmt.Println(nltag.Check(&exampleAddr{}))
	// Output:
	// true Name
	// <nil>
}

// exampleRoute keeps the attributes few routes carry behind an inline
// pointer: they are attributes of the route's own list, but a route
// without them does not pay for their memory.
type exampleRoute struct {
	Family  uint8
	DstLen  uint8
	_       [10]byte
	Dst     netip.Addr          `nla:"1"`
	OIF     uint32              `nla:"4,omitempty"`
	Extra   *exampleRouteExtras `nla:",inline"`
	Gateway netip.Addr          `nla:"5"`
}

type exampleRouteExtras struct {
	Mark uint32 `nla:"16,omitempty"`
	UID  uint32 `nla:"25,omitempty"`
}

func Example_inline() {
	hdr := []byte{2, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	plain := nltag.AppendAttr(append([]byte(nil), hdr...), 1, []byte{192, 0, 2, 0})
	marked := nltag.AppendAttr(append([]byte(nil), plain...), 16, []byte{7, 0, 0, 0})
	for _, b := range [][]byte{plain, marked} {
		var r exampleRoute
		if err := nltag.Unmarshal(b, &r); err != nil {
			panic(err)
		}
		fmt.Println(r.Dst, r.Extra != nil)
		out, _ := nltag.Marshal(&r)
		fmt.Println(bytes.Equal(out, b))
	}
	r := exampleRoute{Family: 2, Extra: &exampleRouteExtras{Mark: 7}}
	fmt.Print(nltag.Format(&r))
	// Output:
	// 192.0.2.0 false
	// true
	// 192.0.2.0 true
	// true
	// nltag_test.exampleRoute
	//   Family: 2
	//   DstLen: 0
	//   Mark: 7
}
