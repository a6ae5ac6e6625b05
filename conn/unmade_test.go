package conn_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// TestUnmadeConnFails: every method of a nil or zero Conn fails as those of
// a closed one do, with an error matching net.ErrClosed, and none panics.
func TestUnmadeConnFails(t *testing.T) {
	ctx := context.Background()
	m := netlink.Message{Header: netlink.Header{Type: 18}}
	for name, c := range map[string]*conn.Conn{"nil": nil, "zero": {}} {
		calls := map[string]func() error{
			"Close":            c.Close,
			"LocalAddr":        func() error { _, err := c.LocalAddr(); return err },
			"JoinGroup":        func() error { return c.JoinGroup(1) },
			"LeaveGroup":       func() error { return c.LeaveGroup(1) },
			"SetDeadline":      func() error { return c.SetDeadline(time.Now()) },
			"SetWriteDeadline": func() error { return c.SetWriteDeadline(time.Now()) },
			"Send":             func() error { _, err := c.Send(m); return err },
			"Receive":          func() error { _, err := c.Receive(); return err },
			"ReceiveFrom":      func() error { _, _, err := c.ReceiveFrom(); return err },
			"Execute":          func() error { _, err := c.Execute(ctx, m); return err },
			"ExecuteAck":       func() error { return c.ExecuteAck(ctx, m) },
			"ExecuteBatch":     func() error { return c.ExecuteBatch(ctx, []netlink.Message{m})[0] },
			"ExecuteConsistent": func() error {
				_, err := c.ExecuteConsistent(ctx, m, 2)
				return err
			},
			"Stream": func() error {
				for _, err := range c.Stream(ctx, m) {
					return err
				}
				return nil
			},
		}
		nltest.CallsFail(t, name+" Conn", calls, net.ErrClosed)
		if n := c.Dropped(); n != 0 {
			t.Errorf("%s Conn: Dropped = %d", name, n)
		}
	}
}

// TestZeroArgumentsNeverPanic: every method of a Conn, given zero
// arguments and a nil or live context, returns instead of panicking, and
// reports the nil context.
func TestZeroArgumentsNeverPanic(t *testing.T) {
	c, err := conn.NewConn(conntest.New(conntest.AckAll))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Receive waits for an event, which the fake never sends.
	nltest.ZeroArguments(t, c, "Receive", "ReceiveFrom")
}
