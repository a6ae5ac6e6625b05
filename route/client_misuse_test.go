package route_test

import (
	"context"
	"testing"
	"time"

	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// TestClientZeroArgumentsNeverPanic: every method of a Client, given zero
// arguments and a nil or live context, returns instead of panicking, and
// reports the nil context.
func TestClientZeroArgumentsNeverPanic(t *testing.T) {
	c, _ := fakeClient(t, conntest.AckAll)
	nltest.ZeroArguments(t, c)
}

// TestCacheAndMonitorZeroArgumentsNeverPanic: so do the methods of a Cache
// and a Monitor.
func TestCacheAndMonitorZeroArgumentsNeverPanic(t *testing.T) {
	c, _ := fakeClient(t, func(req netlink.RawMessage) []conntest.Datagram {
		return []conntest.Datagram{conntest.Pack(conntest.Done(req.Header, 0, 0, ""))}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cc, err := c.Cache(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	nltest.ZeroArguments(t, cc)
	m, err := c.Monitor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	nltest.ZeroArguments(t, m, "Events") // waits for events, which the fake never sends
}
