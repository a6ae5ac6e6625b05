package route

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestDumpInterrupted changes the addresses of a namespace from inside the
// decoding of a dump, which the kernel then flags as interrupted, and
// checks dump's retries: a later consistent attempt is returned whole; if
// every attempt is interrupted, nothing is returned, with an error
// matching conn.ErrDumpInterrupted; a context that ends during an attempt
// stops it without a retry.
func TestDumpInterrupted(t *testing.T) {
	// The dump must outlast conn's read-ahead (16 datagrams of 32 KiB) or
	// the change comes after the kernel is done: about 88 bytes an address.
	// Spread over links: the kernel checks each new address against those
	// of its link, so 18,000 on one link take a minute to add.
	const addrs, links = 18000, 32
	ns := nltest.NewNS(t)
	var cmds strings.Builder
	for i := range links {
		fmt.Fprintf(&cmds, "link add br%d type bridge\n", i)
	}
	for i := range addrs {
		fmt.Fprintf(&cmds, "addr add 10.1.%d.%d/32 dev br%d\n", i>>8, i&0xff, i%links)
	}
	ns.Batch(t, cmds.String())
	c, err := Dial(context.Background(), &Options{NetNS: conn.NetNSPath(ns.Path)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	added := 0
	// run lists the IPv4 addresses, adding one while the first reply of
	// each of the first interrupted attempts is decoded, and counts the
	// attempts by their first reply.
	run := func(ctx context.Context, interrupted int, onFirst func()) (attempts int, as []*Address, err error) {
		keep := func(a *Address) bool {
			if a.Address.As4() == [4]byte{10, 1, 0, 0} {
				attempts++
				if attempts <= interrupted {
					added++
					ns.IP(t, "addr", "add", fmt.Sprintf("10.9.%d.%d/32", added>>8, added&0xff), "dev", "br0")
					if onFirst != nil {
						onFirst()
					}
				}
			}
			return true
		}
		as, err = dump[Address](ctx, c, unix.RTM_GETADDR, unix.RTM_NEWADDR, &Address{Family: FamilyIPv4}, keep)
		return attempts, as, err
	}

	// br0's and lo's.
	all, err := dump[Address](context.Background(), c, unix.RTM_GETADDR, unix.RTM_NEWADDR, &Address{Family: FamilyIPv4}, nil)
	if err != nil || len(all) < addrs {
		t.Fatalf("undisturbed: %d addresses, %v", len(all), err)
	}
	attempts, as, err := run(context.Background(), 2, nil)
	if err != nil || attempts != 3 || len(as) != len(all)+added {
		t.Errorf("two interrupted attempts: %d addresses, %v after %d attempts; want %d, nil after 3", len(as), err, attempts, len(all)+added)
	}
	attempts, as, err = run(context.Background(), dumpAttempts, nil)
	if !errors.Is(err, conn.ErrDumpInterrupted) || as != nil || attempts != dumpAttempts {
		t.Errorf("every attempt interrupted: %d addresses, %v after %d attempts; want none, conn.ErrDumpInterrupted after %d", len(as), err, attempts, dumpAttempts)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	attempts, as, err = run(ctx, dumpAttempts, cancel)
	if !errors.Is(err, context.Canceled) || as != nil || attempts != 1 {
		t.Errorf("cancelled during an attempt: %d addresses, %v after %d attempts; want none, context.Canceled after 1", len(as), err, attempts)
	}
}
