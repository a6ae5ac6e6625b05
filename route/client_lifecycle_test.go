package route_test

import (
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/route"
)

// TestClientDialContext: "The context only bounds the setup": an ended
// context fails Dial; one that ends afterwards does not affect the Client.
func TestClientDialContext(t *testing.T) {
	e := newClientEnv(t)
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	if _, err := route.Dial(ctx, &route.Options{NetNS: conn.NetNSName(e.Name)}); !errors.Is(err, context.Canceled) {
		t.Errorf("Dial with an ended context: %v", err)
	}
	ctx, cancel = context.WithCancel(e.ctx)
	c, err := route.Dial(ctx, &route.Options{NetNS: conn.NetNSName(e.Name)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cancel()
	if _, err := c.LinkByName(e.ctx, "lo"); err != nil {
		t.Errorf("after Dial's context ended: %v", err)
	}
}

// TestClientClosedStaysClosed: after Close, the iterators and Monitor,
// which open sockets of their own, fail with an error matching
// net.ErrClosed as the other methods do; they must not open a socket
// through the namespace descriptor Close released, whose number another
// namespace's handle may have taken since.
func TestClientClosedStaysClosed(t *testing.T) {
	a, b := newClientEnv(t), nltest.NewNS(t)
	a.IP(t, "link", "add", "a0", "type", "veth", "peer", "name", "a1")
	b.IP(t, "link", "add", "b0", "type", "veth", "peer", "name", "b1")
	c, err := route.Dial(a.ctx, &route.Options{NetNS: conn.NetNSName(a.Name)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// Handles of b, likely on the descriptor number c's handle had.
	for range 4 {
		f, err := os.Open(b.Path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
	}
	if _, err := c.LinkByName(a.ctx, "a0"); !errors.Is(err, net.ErrClosed) {
		t.Errorf("LinkByName after Close: %v, want net.ErrClosed", err)
	}
	for l, err := range c.Links(a.ctx, nil) {
		if err == nil {
			t.Errorf("Links after Close yields link %s", l.Name)
		} else if !errors.Is(err, net.ErrClosed) {
			t.Errorf("Links after Close: %v, want net.ErrClosed", err)
		}
	}
	for r, err := range c.Routes(a.ctx, nil) {
		if err == nil {
			t.Errorf("Routes after Close yields route %v", r.DstPrefix())
			break
		} else if !errors.Is(err, net.ErrClosed) {
			t.Errorf("Routes after Close: %v, want net.ErrClosed", err)
		}
	}
	if m, err := c.Monitor(a.ctx); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Monitor after Close: %v, want net.ErrClosed", err)
		if err == nil {
			m.Close()
		}
	}
}

// TestClientConcurrentClose: iterators, monitors and requests of one Client
// from several goroutines, and Close while they run (with -race): "A
// Client is safe for concurrent use".
func TestClientConcurrentClose(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup)
	c, err := route.Dial(e.ctx, &route.Options{NetNS: conn.NetNSName(e.Name)})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 30 {
				var err error
				switch (w + i) % 4 {
				case 0:
					for _, e := range c.Links(e.ctx, nil) {
						err = e
					}
				case 1:
					for _, e := range c.Routes(e.ctx, nil) {
						err = e
					}
				case 2:
					var m *route.Monitor
					if m, err = c.Monitor(e.ctx); err == nil {
						m.Close()
					}
				case 3:
					_, err = c.LinkByName(e.ctx, "v0")
				}
				if err != nil && !errors.Is(err, net.ErrClosed) {
					t.Errorf("goroutine %d, step %d: %v", w, i, err)
					return
				}
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	if err := c.Close(); err != nil {
		t.Error(err)
	}
	wg.Wait()
}
