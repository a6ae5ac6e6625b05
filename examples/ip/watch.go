//go:build linux

package main

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

const watchUsage = `Usage: ip watch [ buffer BYTES ] [ all | OBJECT-LIST ]
OBJECT-LIST := { link | address | route | neigh }...
Follows the changes through a route.Cache: printed as ip monitor prints
them, and never an overrun. When the kernel drops events (the socket buffer,
BYTES, is too small), "Resync" is printed and the changes the Cache found by
listing again follow.
`

// watchTypes are the message types ip monitor would print for a change of
// each kind: added or changed, deleted.
var watchTypes = map[route.CacheKind][2]netlink.MsgType{
	route.CacheLinks:  {unix.RTM_NEWLINK, unix.RTM_DELLINK},
	route.CacheAddrs:  {unix.RTM_NEWADDR, unix.RTM_DELADDR},
	route.CacheRoutes: {unix.RTM_NEWROUTE, unix.RTM_DELROUTE},
	route.CacheNeighs: {unix.RTM_NEWNEIGH, unix.RTM_DELNEIGH},
}

// watchCmd prints the changes a Cache sees until interrupted.
func watchCmd(cl *cli, args []string) error {
	var kinds route.CacheKind
	for len(args) > 0 {
		w := args[0]
		args = args[1:]
		switch {
		case w == "buffer":
			if len(args) == 0 {
				return usagef("buffer needs a size in bytes")
			}
			n, err := strconv.Atoi(args[0])
			if err != nil || n <= 0 {
				return usagef("buffer %q: want a size in bytes", args[0])
			}
			cl.monitorBuffer, args = n, args[1:]
		case w == "all":
			kinds = 0
		case strings.HasPrefix("link", w):
			kinds |= route.CacheLinks
		case strings.HasPrefix("address", w) && len(w) > 1:
			kinds |= route.CacheAddrs
		case strings.HasPrefix("route", w) && len(w) > 1:
			kinds |= route.CacheRoutes
		case strings.HasPrefix("neighbour", w) || w == "neighbor":
			kinds |= route.CacheNeighs
		default:
			return usagef("Argument %q is unknown, try \"ip watch help\".", w)
		}
	}
	o := &route.CacheOptions{Kinds: kinds}
	switch cl.family {
	case route.FamilyIPv4, route.FamilyIPv6:
		o.Families = []route.Family{cl.family}
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	cache, err := c.Cache(cl.ctx, o)
	if err != nil {
		return err
	}
	defer cache.Close()
	snap, changes := cache.Watch(cl.ctx)
	// Links are named from the Cache's own, kept current by its changes.
	x := newLinkIndex(cl, snap.Links())
	// Resyncs are numbered as printed: the Cache's count, read when one is
	// printed, may already include the next (a storm overruns again while
	// the first prints), and "Resync 1" would never appear.
	resyncs := uint64(0)
	for ch := range changes {
		if ch.Op == route.ChangeResync {
			resyncs++
			if err := cl.printResync(resyncs); err != nil {
				return err
			}
			continue
		}
		if kinds != 0 && ch.Kind&kinds == 0 {
			if l, ok := ch.New.(*route.Link); ok {
				x.links[l.Index] = l
			} else if l, ok := ch.Old.(*route.Link); ok {
				delete(x.links, l.Index)
			}
			continue // links are held in any case
		}
		ev := route.Event{Type: watchTypes[ch.Kind][0], Body: ch.New}
		if ch.Op == route.ChangeDelete {
			ev = route.Event{Type: watchTypes[ch.Kind][1], Body: ch.Old}
		}
		if err := cl.printEvent(ev, x); err != nil {
			return err
		}
	}
	return cache.Err()
}

func (cl *cli) printResync(n uint64) error {
	if cl.JSON {
		return cl.printJSON(obj{{"resync", n}})
	}
	_, err := fmt.Fprintf(cl.out, "Resync %d: events were lost; the differences follow\n", n)
	return err
}
