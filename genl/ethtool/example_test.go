package ethtool_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"log"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/nltag"
)

// What `ethtool DEV` shows first.
func ExampleClient_LinkModes() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	lm, err := ethtool.New(c).LinkModes(context.Background(), ethtool.ByName("eth0"))
	if err != nil {
		log.Fatal(err)
	}
	if lm.Speed != nil && lm.Duplex != nil {
		fmt.Printf("%v Mb/s, %v\n", *lm.Speed, *lm.Duplex)
	}
	fmt.Println("supported:", lm.Ours.MaskNames())
	fmt.Println("advertised:", lm.Ours.Names())
}

// What `ethtool -k DEV` shows: the features by name, from the string set
// that names them.
func ExampleFeatures_List() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	e := ethtool.New(c)
	ctx := context.Background()
	names, err := e.Strings(ctx, nil, ethtool.SSFeatures)
	if err != nil {
		log.Fatal(err)
	}
	f, err := e.Features(ctx, ethtool.ByName("eth0"))
	if err != nil {
		log.Fatal(err)
	}
	for _, ft := range f.List(names) {
		fmt.Printf("%s: %v fixed=%v\n", ft.Name, ft.Active, ft.Fixed)
	}
}

// A dump asks every device at once.
func ExampleDump() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	infos, err := ethtool.Dump[ethtool.LinkInfo](context.Background(), ethtool.New(c), 0)
	if err != nil {
		log.Fatal(err)
	}
	for _, li := range infos {
		if li.Port != nil {
			fmt.Println(li.Dev.Name, *li.Port)
		}
	}
}

// A request to turn GRO on and TSO off leaves every other feature alone.
func ExampleNewBitset() {
	req := &ethtool.Features{
		Header: genl.Header{Command: ethtool.MsgFeaturesSet, Version: ethtool.Version},
		Dev:    ethtool.ByName("eth0"),
		Wanted: ethtool.NewBitset(map[string]bool{"rx-gro": true, "tx-tcp-segmentation": false}),
	}
	fmt.Print(nltag.Format(req.Wanted))
	// Output:
	// ethtool.Bitset
	//   Bits:
	//     Bits[0]:
	//       Name: "rx-gro"
	//       Value: true
	//     Bits[1]:
	//       Name: "tx-tcp-segmentation"
}

// Test reads either form of a bit set.
func ExampleBitset_Test() {
	words := binary.NativeEndian.AppendUint32(nil, 1<<14) // bit 14: rx-gro
	compact := &ethtool.Bitset{NoMask: true, Size: 32, Value: words}
	listed := &ethtool.Bitset{NoMask: true, Bits: &ethtool.BitList{Bits: []ethtool.Bit{{Index: 14, Name: "rx-gro"}}}}
	fmt.Println(compact.Test(14), listed.Test(14), compact.Test(15), listed.Names())
	// Output: true true false [rx-gro]
}

// Get asks about one device; the type argument picks the request: here
// "Link detected" of `ethtool DEV`.
func ExampleGet() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ls, err := ethtool.Get[ethtool.LinkState](context.Background(), ethtool.New(c), ethtool.ByName("eth0"))
	if err != nil {
		log.Fatal(err)
	}
	if ls.Link != nil {
		fmt.Println("link detected:", *ls.Link)
	}
}
