package genl_test

import (
	"context"
	"net"
	"testing"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/genl/netdev"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestUnmadeConnFails: a nil or zero Conn, one made over a nil socket, and
// the ethtool and netdev clients over a nil Conn fail every call with an
// error matching net.ErrClosed instead of panicking.
func TestUnmadeConnFails(t *testing.T) {
	ctx := context.Background()
	for name, c := range map[string]*genl.Conn{"nil": nil, "zero": {}, "NewConn(nil)": genl.NewConn(nil)} {
		e, n := ethtool.New(c), netdev.New(c)
		calls := map[string]func() error{
			"Family":    func() error { _, err := c.Family(ctx, "ethtool"); return err },
			"Families":  func() error { _, err := c.Families(ctx); return err },
			"Policy":    func() error { _, err := c.Policy(ctx, "ethtool"); return err },
			"JoinGroup": func() error { return c.JoinGroup(ctx, "ethtool", "monitor") },
			"Execute": func() error {
				_, err := c.Execute(ctx, genl.CtrlName, 0, &genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily}})
				return err
			},
			"Receive":          func() error { _, err := c.Receive(); return err },
			"ethtool.LinkInfo": func() error { _, err := e.LinkInfo(ctx, &ethtool.Dev{Name: "lo"}); return err },
			"netdev.Devs":      func() error { _, err := n.Devs(ctx); return err },
			"Close":            c.Close,
		}
		nltest.CallsFail(t, name+" Conn", calls, net.ErrClosed)
		c.Forget("ethtool")
	}
}

// TestZeroArgumentsNeverPanic: every method of a Conn, and of the ethtool
// and netdev clients over it, given zero arguments and a nil or live
// context, returns instead of panicking, and reports the nil context.
func TestZeroArgumentsNeverPanic(t *testing.T) {
	nc, err := conn.NewConn(conntest.New(conntest.AckAll))
	if err != nil {
		t.Fatal(err)
	}
	c := genl.NewConn(nc)
	defer c.Close()
	nltest.ZeroArguments(t, c)
	nltest.ZeroArguments(t, ethtool.New(c))
	nltest.ZeroArguments(t, netdev.New(c))
}
