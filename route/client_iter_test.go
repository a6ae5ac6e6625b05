package route_test

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/route"
)

// TestClientRoutesLoopCallsClient: "the loop body may call c" for Routes,
// including another iterator and a change.
func TestClientRoutesLoopCallsClient(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, routeSetup)
	bigTable(t, e, 300)
	n := 0
	for r, err := range e.c.Routes(e.ctx, &route.RouteFilter{Family: route.FamilyIPv4, Table: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			if _, err := e.c.LinkByName(e.ctx, "v0"); err != nil {
				t.Errorf("LinkByName inside Routes: %v", err)
			}
			if _, err := e.c.RouteList(e.ctx, &route.RouteFilter{Family: route.FamilyIPv4, Table: route.TableMain}); err != nil {
				t.Errorf("RouteList inside Routes: %v", err)
			}
			for _, err := range e.c.Links(e.ctx, nil) {
				if err != nil {
					t.Errorf("Links inside Routes: %v", err)
				}
			}
			if err := e.c.RouteAdd(e.ctx, netip.MustParsePrefix("198.51.100.0/24"), &route.RouteOptions{Dev: route.ByName("v0")}); err != nil {
				t.Errorf("RouteAdd inside Routes: %v", err)
			}
		}
		if r.FullTable() != 100 {
			t.Errorf("route of table %v", r.FullTable())
		}
		n++
	}
	if n != 300 {
		t.Errorf("Routes yields %d routes, want 300", n)
	}
}

// TestClientStreamRelease: the iterators give back their socket and their
// read-ahead goroutine when the loop breaks early or the context ends
// mid-dump, and a cancelled dump ends with one error, last, matching
// context.Canceled.
func TestClientStreamRelease(t *testing.T) {
	e := newClientEnv(t)
	const routes = 2000 // several datagrams
	bigTable(t, e, routes)
	f := &route.RouteFilter{Family: route.FamilyIPv4, Table: 100}
	// Warm up what the runtime opens once (the poller).
	for range e.c.Routes(e.ctx, f) {
		break
	}
	before := nltest.Now(t)

	for range 20 {
		for range e.c.Routes(e.ctx, f) {
			break
		}
		for range e.c.Links(e.ctx, nil) {
			break
		}
		n := 0
		for range e.c.Routes(e.ctx, f) {
			if n++; n == routes/2 { // mid-dump, with read-ahead running
				break
			}
		}
	}
	for range 5 {
		ctx, cancel := context.WithCancel(e.ctx)
		n, errs := 0, 0
		var last error
		for r, err := range e.c.Routes(ctx, f) {
			if errs > 0 {
				t.Fatalf("a value or error after the error %v: %v, %v", last, r, err)
			}
			if err != nil {
				errs++
				last = err
				continue // the iterator must end by itself
			}
			if n++; n == 1 {
				cancel()
			}
		}
		cancel()
		if !errors.Is(last, context.Canceled) || n >= routes {
			t.Errorf("cancelled mid-dump: %d of %d routes, error %v; want fewer, context.Canceled", n, routes, last)
		}
	}
	// A loop that cancels, then goes on with the Client: the socket is free.
	if _, err := e.c.LinkByName(e.ctx, "lo"); err != nil {
		t.Fatal(err)
	}

	before.WaitReleased(t, 5*time.Second, "after the loops")
}

// TestClientIteratorErrors: "It yields at most one error, last", when the
// context has already ended or the filter is refused, and a filter naming
// a missing table is ENOENT for Routes as for RouteList.
func TestClientIteratorErrors(t *testing.T) {
	e := newClientEnv(t)
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	check := func(what string, seq func(yield func(any, error) bool), want error) {
		t.Helper()
		var errs []error
		values := 0
		seq(func(v any, err error) bool {
			if err != nil {
				errs = append(errs, err)
			} else {
				values++
			}
			return true // never stop: the iterator must
		})
		if len(errs) != 1 || !errors.Is(errs[0], want) {
			t.Errorf("%s: %d values, errors %v; want one error matching %v", what, values, errs, want)
		}
	}
	adapt := func(seq func(func(*route.Route, error) bool)) func(func(any, error) bool) {
		return func(y func(any, error) bool) { seq(func(r *route.Route, err error) bool { return y(r, err) }) }
	}
	adaptL := func(seq func(func(*route.Link, error) bool)) func(func(any, error) bool) {
		return func(y func(any, error) bool) { seq(func(l *route.Link, err error) bool { return y(l, err) }) }
	}
	check("Routes, ctx ended", adapt(e.c.Routes(ctx, nil)), context.Canceled)
	check("Links, ctx ended", adaptL(e.c.Links(ctx, nil)), context.Canceled)
	check("Routes, missing table", adapt(e.c.Routes(e.ctx, &route.RouteFilter{Family: route.FamilyIPv4, Table: 4242})), unix.ENOENT)
	check("Links, missing master", adaptL(e.c.Links(e.ctx, &route.LinkFilter{Master: route.ByName("nope0")})), unix.ENODEV)
}
