package genl_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"log"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
)

// The controller's answer to CTRL_CMD_GETFAMILY for "nlctrl", as the
// kernel sent it (testdata/genl/nlctrl/getfamily-nlctrl.hex).
const nlctrlReply = "88000000100000000100000092100000010200000b0002006e6c6374726c0000" +
	"0600010010000000080003000200000008000400000000000800050000000000" +
	"2c000600140001000800010003000000080002000e0000001400020008000100" +
	"0a000000080002000c0000001c0007001800010008000200100000000b000100" +
	"6e6f746966790000"

func ExampleTable_Decode() {
	b, _ := hex.DecodeString(nlctrlReply)
	ms, err := genl.Controller.DecodeAll(b)
	if err != nil {
		log.Fatal(err)
	}
	f := ms[0].Body.(*genl.Family)
	fmt.Printf("%s: id %d version %d\n", f.Name, f.ID, f.Version)
	for _, op := range f.Ops {
		fmt.Printf("op %d: %v\n", op.ID, op.Flags)
	}
	for _, g := range f.Groups {
		fmt.Printf("group %s: %d\n", g.Name, g.ID)
	}
	// Output:
	// nlctrl: id 16 version 2
	// op 3: GENL_CMD_CAP_DO|GENL_CMD_CAP_DUMP|GENL_CMD_CAP_HASPOL
	// op 10: GENL_CMD_CAP_DUMP|GENL_CMD_CAP_HASPOL
	// group notify: 16
}

func ExampleTable_Name() {
	b, _ := hex.DecodeString(nlctrlReply)
	ms, _ := netlink.ParseMessages(b)
	fmt.Println(genl.Controller.Name(ms[0]))
	fmt.Println(genl.Controller.CommandName(genl.ToKernel, genl.CtrlCmdGetFamily))
	// Output:
	// CTRL_CMD_NEWFAMILY
	// CTRL_CMD_GETFAMILY
}

// Listing families needs no privilege.
func ExampleConn_Families() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	fs, err := c.Families(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range fs {
		fmt.Printf("%s: id %d, %d operations, %d groups\n", f.Name, f.ID, len(f.Ops), len(f.Groups))
	}
}

func ExampleConn_Family() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	f, err := c.Family(context.Background(), "ethtool")
	if err != nil {
		log.Fatal(err) // errors.Is(err, os.ErrNotExist) if the kernel lacks it
	}
	g, _ := f.Group("monitor")
	fmt.Printf("ethtool is message type %d; its monitor group is %d\n", f.ID, g.ID)
}

// Joining a group by name, then reading its events decoded.
func ExampleConn_JoinGroup() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.JoinGroup(context.Background(), genl.CtrlName, "notify"); err != nil {
		log.Fatal(err)
	}
	for {
		ms, err := c.Receive() // the controller's table is always used
		if err != nil {
			log.Fatal(err)
		}
		for _, m := range ms {
			if f, ok := m.Body.(*genl.Family); ok {
				fmt.Println(genl.Controller.CommandName(genl.FromKernel, f.Command), f.Name)
			}
		}
	}
}

func ExampleConn_Policy() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	p, err := c.Policy(context.Background(), "ethtool")
	if err != nil {
		log.Fatal(err)
	}
	op := p.Ops[2] // ETHTOOL_MSG_LINKINFO_GET
	if op.Do != nil {
		for attr, ap := range p.Attrs[*op.Do] {
			fmt.Println(attr, ap.Type)
		}
	}
}

// A typed request: the struct of the request and of the reply is the
// controller's Family.
func ExampleDo() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	req := &genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily, Version: genl.CtrlVersion}, Name: "netdev"}
	f, err := genl.Do[genl.Family](context.Background(), c, genl.CtrlName, req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.ID, f.Groups)
}

// A typed dump: every reply decoded into the struct named.
func ExampleDump() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	req := &genl.PolicyMessage{Header: genl.Header{Command: genl.CtrlCmdGetPolicy, Version: genl.CtrlVersion}, FamilyName: "nlctrl"}
	ms, err := genl.Dump[genl.PolicyMessage](context.Background(), c, genl.CtrlName, req)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range ms {
		for _, e := range m.Policy {
			fmt.Printf("policy %d attribute %d: %v\n", e.Policy, e.Attr, e.Type)
		}
	}
}

// Execute returns the replies undecoded, for a Table or nltag to decode.
func ExampleConn_Execute() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	req := &genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily, Version: genl.CtrlVersion}}
	raws, err := c.Execute(context.Background(), genl.CtrlName, netlink.Dump, req)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range raws {
		m, err := genl.Controller.Decode(r)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.Body.(*genl.Family).Name)
	}
}

// Stream decodes a dump one reply at a time, without holding it all.
func ExampleConn_Stream() {
	c, err := genl.Dial(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	req := &genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily, Version: genl.CtrlVersion}}
	for r, err := range c.Stream(context.Background(), genl.CtrlName, netlink.Dump, req) {
		if err != nil {
			log.Fatal(err)
		}
		m, err := genl.Controller.Decode(r)
		if err != nil {
			log.Fatal(err)
		}
		f := m.Body.(*genl.Family)
		fmt.Println(f.Name, f.ID)
	}
}
