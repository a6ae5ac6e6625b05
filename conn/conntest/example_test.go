package conntest_test

import (
	"context"
	"fmt"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
)

// A genl.Conn over the fake: the test plays the generic netlink controller,
// which tells the id of family "acme", and then checks what was asked.
func Example_genl() {
	f := conntest.New(func(req netlink.RawMessage) []conntest.Datagram {
		fam := &genl.Family{Header: genl.Header{Command: genl.CtrlCmdNewFamily, Version: 2}, Name: "acme", ID: 0x20, Version: 1}
		return []conntest.Datagram{conntest.Pack(conntest.Reply(req.Header, genl.CtrlID, 0, fam))}
	})
	c, err := conn.NewConn(f)
	if err != nil {
		panic(err)
	}
	g := genl.NewConn(c)
	defer g.Close()

	fam, err := g.Family(context.Background(), "acme")
	if err != nil {
		panic(err)
	}
	fmt.Printf("family %s has id %#x\n", fam.Name, fam.ID)

	req := f.Requests()[0]
	fmt.Printf("asked type %#x, %d bytes of body: %x\n", uint16(req.Header.Type), len(req.Data), req.Data)
	// Output:
	// family acme has id 0x20
	// asked type 0x10, 16 bytes of body: 030200000900020061636d6500000000
}
