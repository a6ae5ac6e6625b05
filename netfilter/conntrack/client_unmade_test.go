package conntrack_test

import (
	"context"
	"errors"
	"net"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netfilter/conntrack"
)

// TestUnmadeClientFails: a zero Client, and one made over a nil socket,
// fail every call with an error matching net.ErrClosed instead of
// panicking.
func TestUnmadeClientFails(t *testing.T) {
	ctx := context.Background()
	for name, c := range map[string]*conntrack.Client{"zero": {}, "NewClient(nil)": conntrack.NewClient(nil, nil)} {
		calls := map[string]func() error{
			"List":    func() error { _, err := c.List(ctx, nil); return err },
			"Stats":   func() error { _, err := c.Stats(ctx); return err },
			"Flush":   func() error { return c.Flush(ctx, nil) },
			"PortID":  func() error { _, err := c.PortID(); return err },
			"Monitor": func() error { _, err := c.Monitor(ctx); return err },
			"Close":   c.Close,
		}
		nltest.CallsFail(t, name+" Client", calls, net.ErrClosed)
	}
}

// TestDialErrorNamesEachStepOnce: a socket that cannot be bound gives
// "conntrack: dial: bind: ...", not "conntrack: dial: netlink: dial: ...".
func TestDialErrorNamesEachStepOnce(t *testing.T) {
	port := nltest.TakenPort(t, unix.NETLINK_NETFILTER)
	_, err := conntrack.Dial(context.Background(), &conntrack.Options{Dial: func(groups uint32) (*conn.Conn, error) {
		return conn.Dial(unix.NETLINK_NETFILTER, &conn.Config{PID: port, Groups: groups})
	}})
	if !errors.Is(err, unix.EADDRINUSE) {
		t.Errorf("Dial over a taken port: %v, want EADDRINUSE", err)
	}
	nltest.OnePrefix(t, "Dial", err)
}

// TestClientZeroArgumentsNeverPanic: every method of a Client, given zero
// arguments and a nil or live context, returns instead of panicking, and
// reports the nil context.
func TestClientZeroArgumentsNeverPanic(t *testing.T) {
	c, _ := fakeClient(t)
	nltest.ZeroArguments(t, c)
}
