package route_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// TestCacheSkipsStaleBacklog: after the kernel reports an overrun, the
// events still queued from before the loss are stale, and the resync that
// follows lists their outcome anyway. The Cache resyncs at once instead of
// applying them first: no event counted, no change emitted for them.
func TestCacheSkipsStaleBacklog(t *testing.T) {
	emptyDumps := func(req netlink.RawMessage) []conntest.Datagram {
		return []conntest.Datagram{conntest.Pack(conntest.Done(req.Header, 0, 0, ""))}
	}
	var mu sync.Mutex
	var subs []*conntest.Fake
	dial := func(groups uint32) (*conn.Conn, error) {
		f := conntest.New(emptyDumps)
		if groups != 0 {
			mu.Lock()
			subs = append(subs, f)
			mu.Unlock()
		}
		return conn.NewConn(f)
	}
	nc, err := conn.NewConn(conntest.New(emptyDumps))
	if err != nil {
		t.Fatal(err)
	}
	c := route.NewClient(nc, &route.Options{Dial: dial})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cc, err := c.Cache(ctx, &route.CacheOptions{Kinds: route.CacheLinks})
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	_, changes := cc.Watch(ctx)

	event := func(i int) conntest.Datagram {
		d := conntest.Pack(conntest.Message(netlink.Message{
			Header: netlink.Header{Type: unix.RTM_NEWLINK},
			Body:   &route.Link{Index: netlink.IfIndex(i), Name: "stale" + string(rune('0'+i))},
		}))
		d.Group = unix.RTNLGRP_LINK
		return d
	}
	mu.Lock()
	sub := subs[0]
	mu.Unlock()
	sub.Push(conntest.Datagram{Err: unix.ENOBUFS}, event(1), event(2), event(3))

	for ch := range changes {
		if ch.Op == route.ChangeResync {
			break
		}
		t.Errorf("a stale event was applied: %v %+v", ch.Op, ch.New)
	}
	if err := cc.Resync(ctx); err != nil { // orders the Stats after the first resync
		t.Fatal(err)
	}
	st := cc.Stats()
	if st.Events != 0 || st.Overruns != 1 {
		t.Errorf("stats %+v: want no event applied and one overrun", st)
	}
	if n := len(cc.Snapshot().Links()); n != 0 {
		t.Errorf("the Cache holds %d links, the kernel (the fake) none", n)
	}
}
