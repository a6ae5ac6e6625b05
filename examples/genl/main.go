//go:build linux

// Command genl lists the kernel's generic netlink families as `genl ctrl
// list` does: name, id, version, operations and multicast groups. Given
// -link NAME, it shows instead what ethtool knows of that link: settings,
// link state, channels and features. Both work as any user.
//
//	go run ./examples/genl
//	go run ./examples/genl -link eth0
//	go run ./examples/genl -netns /run/netns/NAME -link v0   # needs privileges
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/ethtool"
)

func main() {
	link := flag.String("link", "", "show the ethtool information of this link instead of the families")
	netns := flag.String("netns", "", "path of a network namespace to work in, such as /run/netns/NAME")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("genl: ")

	var ns conn.NetNS
	if *netns != "" {
		ns = conn.NetNSPath(*netns)
	}
	c, err := genl.Dial(&conn.Config{NetNS: ns})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	if *link != "" {
		err = showLink(ctx, ethtool.New(c), *link)
	} else {
		err = listFamilies(ctx, c)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// listFamilies prints every family.
func listFamilies(ctx context.Context, c *genl.Conn) error {
	fs, err := c.Families(ctx)
	if err != nil {
		return err
	}
	for _, f := range fs {
		fmt.Printf("Name: %s\n", f.Name)
		fmt.Printf("\tID: %#x  Version: %#x  header size: %d  max attribs: %d\n", f.ID, f.Version, f.HeaderSize, f.MaxAttr)
		if len(f.Ops) > 0 {
			fmt.Println("\tcommands supported:")
			for i, op := range f.Ops {
				fmt.Printf("\t\t#%d:  ID-%#x  %s\n", i+1, op.ID, capabilities(op.Flags))
			}
		}
		if len(f.Groups) > 0 {
			fmt.Println("\tmulticast groups:")
			for i, g := range f.Groups {
				fmt.Printf("\t\t#%d:  ID-%#x  name: %s\n", i+1, g.ID, g.Name)
			}
		}
		fmt.Println()
	}
	return nil
}

// capabilities words an operation's flags as genl(8) does.
func capabilities(f genl.OpFlags) string {
	var caps []string
	for _, c := range []struct {
		flag genl.OpFlags
		text string
	}{
		{genl.OpAdminPerm, "requires admin permission"},
		{genl.OpUnsAdminPerm, "requires namespace admin permission"},
		{genl.OpCanDo, "can doit"},
		{genl.OpCanDump, "can dumpit"},
		{genl.OpHasPolicy, "has policy"},
	} {
		if f&c.flag != 0 {
			caps = append(caps, c.text)
		}
	}
	return strings.Join(caps, "; ")
}

// showLink prints what ethtool reports of a link. Requests the driver does
// not support are skipped.
func showLink(ctx context.Context, e *ethtool.Client, name string) error {
	dev := ethtool.ByName(name)
	fmt.Printf("Settings for %s:\n", name)
	li, err := e.LinkInfo(ctx, dev)
	if err := skip(err); err != nil {
		return err
	}
	lm, err := e.LinkModes(ctx, dev)
	if err := skip(err); err != nil {
		return err
	}
	if lm != nil {
		fmt.Printf("\tSupported link modes:  %s\n", list(lm.Ours.MaskNames()))
		fmt.Printf("\tAdvertised link modes: %s\n", list(lm.Ours.Names()))
		if lm.Speed != nil {
			fmt.Printf("\tSpeed: %v Mb/s\n", *lm.Speed)
		}
		if lm.Duplex != nil {
			fmt.Printf("\tDuplex: %v\n", *lm.Duplex)
		}
		if lm.Autoneg != nil {
			fmt.Printf("\tAuto-negotiation: %v\n", onOff(*lm.Autoneg))
		}
	}
	if li != nil {
		if li.Port != nil {
			fmt.Printf("\tPort: %v\n", *li.Port)
		}
		if li.PHYAddr != nil {
			fmt.Printf("\tPHYAD: %d\n", *li.PHYAddr)
		}
		if li.Transceiver != nil {
			fmt.Printf("\tTransceiver: %v\n", *li.Transceiver)
		}
		if li.MDIX != nil {
			fmt.Printf("\tMDI-X: %v\n", *li.MDIX)
		}
	}
	ls, err := e.LinkState(ctx, dev)
	if err := skip(err); err != nil {
		return err
	}
	if ls != nil && ls.Link != nil {
		fmt.Printf("\tLink detected: %v\n", map[bool]string{true: "yes", false: "no"}[*ls.Link])
	}

	ch, err := e.Channels(ctx, dev)
	if err := skip(err); err != nil {
		return err
	}
	if ch != nil {
		fmt.Println("Channels (current/maximum):")
		for _, c := range []struct {
			name     string
			cur, max *uint32
		}{
			{"RX", ch.RxCount, ch.RxMax}, {"TX", ch.TxCount, ch.TxMax},
			{"Other", ch.OtherCount, ch.OtherMax}, {"Combined", ch.CombinedCount, ch.CombinedMax},
		} {
			if c.max != nil {
				fmt.Printf("\t%s: %d/%d\n", c.name, deref(c.cur), *c.max)
			}
		}
	}

	names, err := e.Strings(ctx, nil, ethtool.SSFeatures)
	if err != nil {
		return err
	}
	f, err := e.Features(ctx, dev)
	if err != nil {
		return err
	}
	fmt.Println("Features:")
	for _, ft := range f.List(names) {
		fixed := ""
		if ft.Fixed {
			fixed = " [fixed]"
		}
		fmt.Printf("\t%s: %s%s\n", ft.Name, onOff(ft.Active), fixed)
	}
	return nil
}

// skip turns "the driver cannot tell" into no error.
func skip(err error) error {
	if errors.Is(err, unix.EOPNOTSUPP) {
		return nil
	}
	return err
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func list(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, " ")
}

func deref(p *uint32) uint32 {
	if p == nil {
		return 0
	}
	return *p
}

func init() {
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: genl [-netns PATH] [-link NAME]\n")
		flag.PrintDefaults()
	}
}
