// Command custom declares its own netlink message as a tagged struct, encodes
// it, prints the bytes, decodes them again and prints the text form. It needs
// no privileges and no kernel: the codec works on bytes alone.
package main

import (
	"encoding/hex"
	"fmt"
	"log"
	"net/netip"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Greeting is an application's own message: a one-byte version in a fixed
// header, then attributes named in the "greeting" attribute set.
type Greeting struct {
	Version uint8
	_       [3]byte       // padding, as in the C header
	Attrs   GreetingAttrs `nla:",attrs"`
}

// GreetingAttrs are Greeting's attributes.
type GreetingAttrs struct {
	_     nltag.Set    `nla:"greeting"`
	Name  string       `nla:"GREETING_NAME,string"`
	Port  uint16       `nla:"GREETING_PORT,be16"`
	Addrs []netip.Addr `nla:"GREETING_ADDR,ip,multi"`
	Mood  Mood         `nla:"GREETING_MOOD,u8,omitempty"`
	Extra []nltag.Attr `nla:",unknown"`
}

// Mood is an enum with names both ways.
type Mood uint8

// The moods.
const (
	Calm Mood = iota + 1
	Cheerful
)

var moods = netlink.NewEnum(map[Mood]string{Calm: "CALM", Cheerful: "CHEERFUL"})

// String returns the mood's name, such as "CALM".
func (m Mood) String() string { return moods.Format(m) }

func init() {
	nltag.RegisterSet(&nltag.AttrSet{Name: "greeting", Attrs: map[string]uint16{
		"GREETING_NAME": 1,
		"GREETING_PORT": 2,
		"GREETING_ADDR": 3,
		"GREETING_MOOD": 4,
	}})
}

func main() {
	g := Greeting{Version: 1, Attrs: GreetingAttrs{
		Name:  "hello",
		Port:  4789,
		Addrs: []netip.Addr{netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("2001:db8::1")},
		Mood:  Cheerful,
	}}
	b, err := nltag.Marshal(&g)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d bytes:\n%s\n", len(b), hex.Dump(b))

	var back Greeting
	if err := nltag.Unmarshal(b, &back); err != nil {
		log.Fatal(err)
	}
	fmt.Print(nltag.Format(&back))

	// Wrapped in a netlink message, as it would be sent on a socket.
	m, err := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: netlink.MinType, Flags: netlink.Request, Seq: 1},
		Body:   &g,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("as a netlink message: %d bytes, header %x\n", len(m), m[:netlink.HeaderLen])
}
