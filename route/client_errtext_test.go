package route_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// takenPortDial returns a Dial option whose sockets fail to bind: they ask
// for the port id of a socket that holds it. No root needed.
func takenPortDial(t *testing.T) func(uint32) (*conn.Conn, error) {
	port := nltest.TakenPort(t, unix.NETLINK_ROUTE)
	return func(groups uint32) (*conn.Conn, error) {
		return conn.Dial(unix.NETLINK_ROUTE, &conn.Config{PID: port, Groups: groups})
	}
}

// TestClientErrorsNameEachStepOnce: errors of socket failures, kernel
// refusals and ended contexts say "route: OP: cause", without a second
// package prefix or a repeated step ("route: dial: netlink: dial: bind:
// ...").
func TestClientErrorsNameEachStepOnce(t *testing.T) {
	ctx := context.Background()
	bad := takenPortDial(t)
	_, err := route.Dial(ctx, &route.Options{Dial: bad})
	if !errors.Is(err, unix.EADDRINUSE) {
		t.Errorf("Dial over a taken port: %v, want EADDRINUSE", err)
	}
	nltest.OnePrefix(t, "Dial", err)

	refuse := func(req netlink.RawMessage) []conntest.Datagram {
		return []conntest.Datagram{conntest.Pack(conntest.Ack(req, unix.ENODEV, "no such device here"))}
	}
	nc, err := conn.NewConn(conntest.New(refuse))
	if err != nil {
		t.Fatal(err)
	}
	c := route.NewClient(nc, &route.Options{Dial: bad})
	defer c.Close()
	nltest.OnePrefix(t, "LinkDel refused", c.LinkDel(ctx, route.ByIndex(7)))
	_, err = c.LinkList(ctx, nil)
	nltest.OnePrefix(t, "LinkList refused", err)
	for _, err := range c.Links(ctx, nil) {
		nltest.OnePrefix(t, "Links over a failing dial", err)
	}
	_, err = c.Monitor(ctx)
	nltest.OnePrefix(t, "Monitor over a failing dial", err)
	_, err = c.WaitForLink(ctx, "x0")
	nltest.OnePrefix(t, "WaitForLink over a failing dial", err)
	_, err = c.Cache(ctx, nil)
	nltest.OnePrefix(t, "Cache over a failing dial", err)
	done, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.LinkByName(done, "lo")
	nltest.OnePrefix(t, "LinkByName with an ended context", err)
	c.Close()
	nltest.OnePrefix(t, "LinkDel after Close", c.LinkDel(ctx, route.ByName("x0")))
}

// TestErrorsQuoteBadNames: a link name that holds control bytes or white
// space appears quoted in an error, never raw (a NUL or a newline in a log
// line). Nothing is sent for names the kernel refuses; an escape sequence
// it accepts, and the kernel's refusal then quotes it.
func TestErrorsQuoteBadNames(t *testing.T) {
	c, f := fakeClient(t, func(req netlink.RawMessage) []conntest.Datagram {
		return []conntest.Datagram{conntest.Pack(conntest.Ack(req, unix.ENODEV, ""))}
	})
	ctx := context.Background()
	for _, name := range []string{"", "a\x00b", "a\nb", "a b", "\x1b[31mred"} {
		q := strconv.Quote(name)
		wctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
		_, err := c.WaitForLink(wctx, name)
		cancel()
		for what, err := range map[string]error{
			"LinkDel":     c.LinkDel(ctx, route.ByName(name)),
			"LinkAdd":     c.LinkAdd(ctx, name, &route.Dummy{}, nil),
			"WaitForLink": err,
		} {
			msg := fmt.Sprint(err)
			if strings.ContainsFunc(msg, func(r rune) bool { return r < ' ' }) || !strings.Contains(msg, q) {
				t.Errorf("%s(%q): %q, want the name quoted and no control bytes", what, name, msg)
			}
		}
	}
	if n := len(f.Requests()); n != 3 {
		t.Errorf("%d requests sent, want 3: LinkDel, LinkAdd and WaitForLink's look-up of the name the kernel accepts", n)
	}
}
