package sockdiag_test

import (
	"context"
	"errors"
	"net"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/sockdiag"
)

// TestUnmadeClientFails: a zero Client, and one made over a nil socket,
// fail every call with an error matching net.ErrClosed instead of
// panicking.
func TestUnmadeClientFails(t *testing.T) {
	ctx := context.Background()
	for name, c := range map[string]*sockdiag.Client{"zero": {}, "NewClient(nil)": sockdiag.NewClient(nil, nil)} {
		calls := map[string]func() error{
			"InetList": func() error { _, err := c.InetList(ctx, nil); return err },
			"InetSockets": func() error {
				for _, err := range c.InetSockets(ctx, nil) {
					return err
				}
				return nil
			},
			"UnixList": func() error { _, err := c.UnixList(ctx, nil); return err },
			"Close":    c.Close,
		}
		nltest.CallsFail(t, name+" Client", calls, net.ErrClosed)
	}
}

// TestDialErrorNamesEachStepOnce: a socket that cannot be bound gives
// "sockdiag: dial: bind: ...", not "sockdiag: dial: netlink: dial: ...".
func TestDialErrorNamesEachStepOnce(t *testing.T) {
	port := nltest.TakenPort(t, unix.NETLINK_SOCK_DIAG)
	_, err := sockdiag.Dial(context.Background(), &sockdiag.Options{Dial: func() (*conn.Conn, error) {
		return conn.Dial(unix.NETLINK_SOCK_DIAG, &conn.Config{PID: port})
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
	c, _ := fakeClient(t, conntest.AckAll)
	nltest.ZeroArguments(t, c)
}
