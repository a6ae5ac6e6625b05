//go:build linux

package main

import (
	"fmt"
	"strings"

	"github.com/nltag/go-netlink/route"
)

const monitorUsage = `Usage: ip monitor [all | OBJECT-LIST]
OBJECT-LIST := { link | address | route | neigh | rule }...
`

// monitorCmd prints changes until interrupted: one show-style entry per
// event (prefixed "Deleted " for removals), or one JSON object per line.
func monitorCmd(cl *cli, args []string) error {
	v4, v6 := cl.family != route.FamilyIPv6, cl.family != route.FamilyIPv4
	var groups []route.MonitorGroup
	add := func(g4, g6 route.MonitorGroup) {
		if v4 {
			groups = append(groups, g4)
		}
		if v6 {
			groups = append(groups, g6)
		}
	}
	for _, w := range args {
		switch {
		case w == "all":
			groups = nil
		case strings.HasPrefix("link", w):
			groups = append(groups, route.MonitorLink)
		case strings.HasPrefix("address", w) && len(w) > 1:
			add(route.MonitorIPv4Addr, route.MonitorIPv6Addr)
		case strings.HasPrefix("route", w) && len(w) > 1:
			add(route.MonitorIPv4Route, route.MonitorIPv6Route)
		case strings.HasPrefix("neighbour", w) || w == "neighbor":
			groups = append(groups, route.MonitorNeigh)
		case strings.HasPrefix("rule", w) && len(w) > 1:
			add(route.MonitorIPv4Rule, route.MonitorIPv6Rule)
		default:
			return usagef("Argument %q is unknown, try \"ip monitor help\".", w)
		}
	}
	if len(groups) == 0 {
		add(route.MonitorIPv4Addr, route.MonitorIPv6Addr)
		add(route.MonitorIPv4Route, route.MonitorIPv6Route)
		add(route.MonitorIPv4Rule, route.MonitorIPv6Rule)
		groups = append(groups, route.MonitorLink, route.MonitorNeigh)
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	m, err := c.Monitor(cl.ctx, groups...)
	if err != nil {
		return err
	}
	defer m.Close()
	// Names come from the link events seen so far, as ip(8) keeps them:
	// by the time a slow reader prints an address event, its link may be
	// gone from the kernel already.
	x := newLinkIndex(cl, nil)
	for ev, err := range m.Events() {
		if err != nil {
			// Lost events (ENOBUFS) are reported and the watch goes on.
			fmt.Fprintf(cl.out, "# %v\n", err)
			continue
		}
		if err := cl.printEvent(ev, x); err != nil {
			return err
		}
	}
	return nil
}

func (cl *cli) printEvent(ev route.Event, x *linkIndex) error {
	var o obj
	var text string
	switch b := ev.Body.(type) {
	case *route.Link:
		x.links[b.Index] = b
		v := newLinkView(b, x, cl.Details, false)
		o, text = v.object(), v.text()
		if ev.Deleted() {
			delete(x.links, b.Index)
		}
	case *route.Address:
		o = addrObject(b)
		o = append(obj{{"ifindex", b.Index}, {"ifname", x.name(b.Index)}}, o...)
		text = fmt.Sprintf("%d: %s%s", b.Index, x.name(b.Index), addrText(b))
	case *route.Route:
		rv := routeViewer{cl: cl, x: x, showTable: true, showDev: true}
		o, text = rv.object(b), rv.text(b)
	case *route.Neighbour:
		o = neighObject(b, x, true)
		text = neighText(o)
	case *route.Rule:
		o = ruleObject(b, cl.Details)
		text = ruleText(o)
	default:
		return nil
	}
	if cl.JSON {
		if ev.Deleted() {
			o = append(obj{{"deleted", true}}, o...)
		}
		return cl.printJSON(o)
	}
	if ev.Deleted() {
		text = "Deleted " + text
	}
	_, err := fmt.Fprint(cl.out, text)
	return err
}
