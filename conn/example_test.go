package conn_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// ifInfoMsg is struct ifinfomsg with the one attribute these examples read.
type ifInfoMsg struct {
	Family uint8
	_      uint8
	Type   uint16
	Index  int32
	Flags  uint32
	Change uint32
	Attrs  struct {
		Name string `nla:"3,omitempty"` // IFLA_IFNAME
	} `nla:",attrs"`
}

// Ask the kernel for one link, lo (always index 1), and decode its name.
// (The examples that talk to the kernel have no Output lines, which would
// run them in the host's namespace; example_ns_test.go runs them, with
// their output checked, in a namespace of their own.)
func Example() {
	c, err := conn.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	replies, err := c.Execute(context.Background(), netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK},
		Body:   &ifInfoMsg{Index: 1},
	})
	if err != nil {
		log.Fatal(err)
	}
	var link ifInfoMsg
	if err := nltag.Unmarshal(replies[0].Data, &link); err != nil {
		log.Fatal(err)
	}
	fmt.Println(link.Attrs.Name)
}

// Errors carry the errno, for errors.Is, and the kernel's explanation.
func ExampleConn_Execute_error() {
	c, err := conn.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	_, err = c.Execute(context.Background(), netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK},
		Body:   &ifInfoMsg{Index: 1 << 30}, // no such link
	})
	fmt.Println(errors.Is(err, unix.ENODEV))
}

// Stream a dump, here of every link, without holding it all in memory.
func ExampleConn_Stream() {
	c, err := conn.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	dump := netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Body: &ifInfoMsg{}}
	for m, err := range c.Stream(context.Background(), dump) {
		if err != nil {
			log.Fatal(err)
		}
		// m.Data is valid until the next iteration: decode, don't keep.
		var link ifInfoMsg
		if err := nltag.Unmarshal(m.Data, &link); err != nil {
			log.Fatal(err)
		}
		if link.Attrs.Name == "lo" {
			fmt.Println("found lo")
		}
	}
}

// Dump again when the kernel reports that the objects changed meanwhile.
func ExampleConn_ExecuteConsistent() {
	c, err := conn.Dial(unix.NETLINK_ROUTE, &conn.Config{Strict: true})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	dump := netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Body: &ifInfoMsg{}}
	links, err := c.ExecuteConsistent(ctx, dump, 3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(links) > 0)
}

// Follow link changes. An overrun means events were lost: a program that
// mirrors kernel state would dump it again then.
func ExampleConn_Receive() {
	c, err := conn.Dial(unix.NETLINK_ROUTE, &conn.Config{
		Groups:         unix.RTMGRP_LINK,
		ReadBufferSize: 1 << 20,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	for {
		msgs, err := c.Receive()
		switch {
		case errors.Is(err, conn.ErrOverrun):
			log.Print("events lost; resynchronising")
			continue
		case err != nil:
			log.Fatal(err)
		}
		for _, m := range msgs {
			var link ifInfoMsg
			if err := nltag.Unmarshal(m.Data, &link); err == nil {
				fmt.Println(m.Header.Type, link.Attrs.Name)
			}
		}
	}
}

// Open a socket in another network namespace, here the one `ip netns add
// blue` made. No thread of the program enters it.
func ExampleDial_namespace() {
	c, err := conn.Dial(unix.NETLINK_ROUTE, &conn.Config{NetNS: conn.NetNSName("blue")})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
}

// Subscribe to a group by number, including those above 32.
func ExampleConn_JoinGroup() {
	c, err := conn.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.JoinGroup(unix.RTNLGRP_IPV6_ROUTE); err != nil {
		log.Fatal(err)
	}
}

// An address names the kernel (port 0) or another socket.
func ExampleAddr() {
	fmt.Println(conn.Addr{}, conn.Addr{PID: 1234, Groups: unix.RTMGRP_LINK | unix.RTMGRP_IPV4_IFADDR})
	// Output: 0/0x0 1234/0x11
}
