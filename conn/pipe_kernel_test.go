package conn

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/nltag/go-netlink/internal/nltest"
)

// TestKernelPipeStop abandons a real dump of a few thousand routes, read
// ahead, at its start, middle and end, by break and by cancelling the
// context, and checks each time that the reader goroutine is gone, that
// the next dump is whole, and that every message of the abandoned dump was
// dropped and counted.
func TestKernelPipeStop(t *testing.T) {
	const routes = 3000
	ns := nltest.NewNS(t)
	addDummies(t, ns, "dummy", 1)
	ns.Batch(t, routeBatch(routes, "dummy0"))
	c := dial(t, ns, Config{})
	all, err := c.Execute(context.Background(), routeDump)
	if err != nil || len(all) < routes {
		t.Fatalf("Execute = %d replies, %v; want at least %d", len(all), err, routes)
	}
	for _, how := range []string{"break", "cancel"} {
		for _, at := range []int{1, routes / 2, len(all) - 1} {
			t.Run(fmt.Sprintf("%s/after=%d", how, at), func(t *testing.T) {
				before := runtime.NumGoroutine()
				dropped := c.Dropped()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				yielded := 0
				for _, err := range c.Stream(ctx, routeDump) {
					if err != nil {
						if how != "cancel" || !errors.Is(err, context.Canceled) {
							t.Fatal(err)
						}
						break
					}
					if yielded++; yielded == at {
						if how == "break" {
							break
						}
						cancel()
					}
				}
				settle(t, before)
				got, err := c.Execute(context.Background(), routeDump)
				if err != nil || len(got) != len(all) {
					t.Fatalf("Execute after the abandoned Stream = %d replies, %v; want %d", len(got), err, len(all))
				}
				// The replies not yielded and the DONE.
				if n, want := c.Dropped()-dropped, uint64(len(all)+1-yielded); n != want {
					t.Errorf("Dropped %d, want %d", n, want)
				}
				settle(t, before)
			})
		}
	}
}
