package route_test

import (
	"context"
	"errors"
	"net"
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

// TestSecondCloseFails: a second Close of a Client, a Monitor and a Cache
// returns an error matching net.ErrClosed, the same for all three.
func TestSecondCloseFails(t *testing.T) {
	c, _ := fakeClient(t, func(req netlink.RawMessage) []conntest.Datagram {
		return []conntest.Datagram{conntest.Pack(conntest.Done(req.Header, 0, 0, ""))}
	})
	ctx := context.Background()
	cc, err := c.Cache(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Monitor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		name  string
		close func() error
	}{{"Cache", cc.Close}, {"Monitor", m.Close}, {"Client", c.Close}} {
		if err := x.close(); err != nil {
			t.Errorf("%s: first Close: %v", x.name, err)
		}
		if err := x.close(); !errors.Is(err, net.ErrClosed) {
			t.Errorf("%s: second Close: %v, want an error matching net.ErrClosed", x.name, err)
		}
	}
}
