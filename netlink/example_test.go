package netlink_test

import (
	"errors"
	"fmt"
	"log"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
)

// greeting is a made-up protocol's message body: a fixed header and one
// attribute, which package nltag encodes.
type greeting struct {
	Version uint8
	_       [3]byte
	Attrs   struct {
		Name string `nla:"1,string"`
	} `nla:",attrs"`
}

// greetingType is the made-up protocol's message type, above the standard
// ones.
const greetingType = netlink.MinType

// Frame two messages into one datagram, as the kernel frames a dump, and
// walk it as it would be received.
func Example() {
	var g greeting
	g.Version = 1
	g.Attrs.Name = "lo"
	b, err := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: greetingType, Flags: netlink.Multi, Seq: 7},
		Body:   &g,
	})
	if err != nil {
		log.Fatal(err)
	}
	b, err = netlink.AppendMessage(b, netlink.Message{
		Header: netlink.Header{Type: netlink.Done, Flags: netlink.Multi, Seq: 7},
		Body:   &netlink.DoneMessage{},
	})
	if err != nil {
		log.Fatal(err)
	}
	for m, err := range netlink.Messages(b) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("type %v, flags %v, seq %d, length %d, %d bytes of body\n", m.Header.Type, m.Header.Flags, m.Header.Seq, m.Len(), len(m.Data))
	}
	// Output:
	// type 16, flags MULTI, seq 7, length 28, 12 bytes of body
	// type NLMSG_DONE, flags MULTI, seq 7, length 20, 4 bytes of body
}

// A length field that runs past the end of the datagram ends the walk with
// a *FramingError.
func ExampleMessages() {
	b, _ := netlink.AppendMessage(nil, netlink.Message{Header: netlink.Header{Type: netlink.Noop}})
	b, _ = netlink.AppendMessage(b, netlink.Message{Header: netlink.Header{Type: netlink.Noop}, Body: []byte("cut short")})
	for m, err := range netlink.Messages(b[:len(b)-4]) {
		if err != nil {
			fmt.Println(errors.Is(err, netlink.ErrMalformed), err)
			break
		}
		fmt.Println(m.Header.Type)
	}
	// Output:
	// NLMSG_NOOP
	// true netlink: malformed message at offset 16 (type 1, length 25): length 25 with 24 bytes left
}

// A protocol's table decodes bodies into the types registered for them, and
// the standard types into theirs.
func ExampleTable_DecodeAll() {
	table := netlink.NewTable("greeting")
	netlink.RegisterType[greeting](table, greetingType, "GREETING_NEW")

	var g greeting
	g.Attrs.Name = "eth0"
	b, _ := netlink.AppendMessage(nil, netlink.Message{Header: netlink.Header{Type: greetingType}, Body: &g})
	b, _ = netlink.AppendMessage(b, netlink.Message{Header: netlink.Header{Type: netlink.Done}, Body: &netlink.DoneMessage{}})

	ms, err := table.DecodeAll(b)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range ms {
		switch body := m.Body.(type) {
		case *greeting:
			fmt.Println(table.TypeName(m.Header.Type), body.Attrs.Name)
		case *netlink.DoneMessage:
			fmt.Println(table.TypeName(m.Header.Type), body.Err())
		}
	}
	// Output:
	// GREETING_NEW eth0
	// NLMSG_DONE <nil>
}

// The kernel's refusal of a request, an NLMSG_ERROR with an extended ACK,
// becomes an *OpError that errors.Is matches against its errno.
func ExampleOpError() {
	reply := netlink.Message{
		Header: netlink.Header{Type: netlink.Error, Flags: netlink.Capped | netlink.AckTLVs, Seq: 7},
		Body: &netlink.ErrorMessage{
			Errno:   -int32(unix.EEXIST),
			Request: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Request | netlink.Create | netlink.Excl, Seq: 7},
			Ext:     netlink.ExtAck{Msg: "Link already exists"},
		},
	}
	b, err := netlink.AppendMessage(nil, reply)
	if err != nil {
		log.Fatal(err)
	}
	ms, err := netlink.NewTable("route").DecodeAll(b)
	if err != nil {
		log.Fatal(err)
	}
	err = ms[0].Body.(*netlink.ErrorMessage).Err()
	fmt.Println(err)
	fmt.Println(errors.Is(err, unix.EEXIST))
	var opErr *netlink.OpError
	if errors.As(err, &opErr) {
		fmt.Println(opErr.Request.Seq, opErr.Request.Flags)
	}
	// Output:
	// netlink: file exists: Link already exists
	// true
	// 7 REQUEST|0x200|0x400
}

// The bits from 0x100 up mean different things in GET, NEW and DELETE
// requests, so they print in hex, except the DUMP pair of a GET request.
func ExampleFlags_String() {
	fmt.Println(netlink.Request | netlink.Acknowledge)
	fmt.Println(netlink.Request | netlink.Dump)
	fmt.Println(netlink.Request | netlink.Create | netlink.Excl)
	// Output:
	// REQUEST|ACK
	// REQUEST|DUMP
	// REQUEST|0x200|0x400
}

// An Enum names values both ways; values without a name print as numbers.
func ExampleNewEnum() {
	states := netlink.NewEnum(map[uint8]string{1: "UP", 2: "DOWN"})
	fmt.Println(states.Format(2), states.Format(9))
	v, err := states.Parse("UP")
	fmt.Println(v, err)
	v, err = states.Parse("9")
	fmt.Println(v, err)
	_, err = states.Parse("SIDEWAYS")
	fmt.Println(err)
	// Output:
	// DOWN 9
	// 1 <nil>
	// 9 <nil>
	// netlink: unknown name "SIDEWAYS"
}

// A FlagSet prints a flag word as names joined by "|", and parses that form
// back.
func ExampleNewFlags() {
	flags := netlink.NewFlags(map[uint32]string{0x1: "UP", 0x2: "BROADCAST", 0x8: "LOOPBACK"})
	fmt.Println(flags.Format(0x1 | 0x8 | 0x10000))
	v, err := flags.Parse("UP|BROADCAST")
	fmt.Printf("%#x %v\n", v, err)
	// Output:
	// UP|LOOPBACK|0x10000
	// 0x3 <nil>
}
