package genl_test

import (
	"encoding/hex"
	"fmt"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Widget is the one message of "acme", a made-up family an application
// speaks without any help from this library beyond the codec: the generic
// header, then the attributes of the set "acme".
type Widget struct {
	genl.Header
	_     nltag.Set  `nla:"acme"`
	Name  string     `nla:"ACME_A_NAME,omitempty"`
	Count uint32     `nla:"ACME_A_COUNT,omitempty"`
	Tags  []string   `nla:"ACME_A_TAG,multi"`
	Wire  nltag.Wire // attributes of newer kernels, and arrival order
}

// The family's commands, as its C header would number them.
const (
	acmeCmdGet = 1 // request: a widget by name
	acmeCmdNew = 2 // reply and notification: a widget
)

// acme is the family's message table.
var acme = genl.NewTable("acme", 1)

func init() {
	// Attribute numbers come from the family's header; NestedFlag because
	// generic families validate strictly.
	nltag.RegisterSet(&nltag.AttrSet{Name: "acme", NestedFlag: true, Attrs: map[string]uint16{
		"ACME_A_NAME":  1,
		"ACME_A_COUNT": 2,
		"ACME_A_TAG":   3,
	}})
	acme.Register(genl.ToKernel, acmeCmdGet, "ACME_CMD_GET", Widget{})
	acme.Register(genl.FromKernel, acmeCmdNew, "ACME_CMD_NEW", Widget{})
}

// An application declares its own family's messages: an attribute set, a
// struct that embeds genl.Header, and a table of commands. With a Conn,
// genl.Do[Widget](ctx, c, "acme", req) would send the request to the id the
// controller gives "acme" and decode the reply; here the bytes stand in for
// the kernel.
func Example() {
	req := &Widget{Header: genl.Header{Command: acmeCmdGet, Version: acme.Version()}, Name: "sprocket"}
	b, err := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: 0x1f, Flags: netlink.Request, Seq: 1}, // 0x1f: the family's id
		Body:   req,
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("request: %x\n", b[netlink.HeaderLen:])

	reply, _ := hex.DecodeString("440000001f00000001000000d2040000020100000d0001007370726f636b65740000" +
		"0000080002000300000009000300626c7565000000000a000300736d616c6c000000")
	for raw, err := range netlink.Messages(reply) {
		if err != nil {
			panic(err)
		}
		m, err := acme.Decode(raw)
		if err != nil {
			panic(err)
		}
		w := m.Body.(*Widget)
		fmt.Println(acme.Name(raw), w.Name, w.Count, w.Tags)
	}
	// Output:
	// request: 010100000d0001007370726f636b657400000000
	// ACME_CMD_NEW sprocket 3 [blue small]
}
