package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nltag/go-netlink/examples/internal/iproute"
	"github.com/nltag/go-netlink/route"
)

const linkUsage = `Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]
                               [ {guard|hairpin|fastleave|root_block|learning|learning_sync|
                                  flood|mcast_flood|bcast_flood|mcast_to_unicast|
                                  neigh_suppress|vlan_tunnel|isolated|locked} {on|off} ]
                               [ mcast_router MULTICAST_ROUTER ]
       bridge link show [dev DEV]
`

func linkCmd(cl *cli, a []string) error {
	cmd := "show"
	if len(a) > 0 {
		cmd, a = a[0], a[1:]
	}
	switch cmd {
	case "show", "list", "lst", "ls", "sh":
		return linkShow(cl, args{a})
	case "set", "change":
		return linkSet(cl, args{a})
	case "help":
		return usagef("")
	}
	return usagef("Command %q is unknown, try \"bridge link help\".", cmd)
}

func linkSet(cl *cli, a args) error {
	var dev string
	p := &route.BridgePortData{}
	for a.More() {
		w := a.Next()
		if w == "dev" {
			s, err := a.Value(w)
			if err != nil {
				return err
			}
			dev = s
			continue
		}
		ok, err := iproute.BridgePortOption(w, func() (string, error) { return a.Value(w) }, p)
		switch {
		case !ok:
			return usagef("Invalid argument %q", w)
		case err != nil:
			var ue *usageError
			if errors.As(err, &ue) {
				return err
			}
			return usagef("%s", err)
		}
	}
	if dev == "" {
		return usagef("Device is a required argument.")
	}
	c, err := cl.client()
	if err != nil {
		return err
	}
	err = c.BridgePortSet(cl.ctx, route.ByName(dev), p)
	if errors.As(err, new(*route.NoLinkError)) {
		return message(fmt.Sprintf("Cannot find bridge device %q", dev))
	}
	return err
}

// portStates are the port states as bridge(8) names them.
var portStates = []string{"disabled", "listening", "learning", "forwarding", "blocking"}

// linkObj is a port as bridge -j link show prints it, keys in its order;
// the switches appear with -d.
type linkObj struct {
	IfIndex       uint32   `json:"ifindex"`
	LinkIndex     *uint32  `json:"link_index,omitempty"`
	Link          string   `json:"link,omitempty"`
	IfName        string   `json:"ifname"`
	Flags         []string `json:"flags"`
	MTU           uint32   `json:"mtu,omitempty"`
	Master        string   `json:"master,omitempty"`
	State         string   `json:"state,omitempty"`
	Priority      *uint16  `json:"priority,omitempty"`
	Cost          *uint32  `json:"cost,omitempty"`
	Hairpin       *bool    `json:"hairpin,omitempty"`
	Guard         *bool    `json:"guard,omitempty"`
	RootBlock     *bool    `json:"root_block,omitempty"`
	FastLeave     *bool    `json:"fastleave,omitempty"`
	Learning      *bool    `json:"learning,omitempty"`
	Flood         *bool    `json:"flood,omitempty"`
	MCastFlood    *bool    `json:"mcast_flood,omitempty"`
	BcastFlood    *bool    `json:"bcast_flood,omitempty"`
	MCastRouter   *uint8   `json:"mcast_router,omitempty"`
	MCastToUcast  *bool    `json:"mcast_to_unicast,omitempty"`
	NeighSuppress *bool    `json:"neigh_suppress,omitempty"`
	VLANTunnel    *bool    `json:"vlan_tunnel,omitempty"`
	Isolated      *bool    `json:"isolated,omitempty"`
	Locked        *bool    `json:"locked,omitempty"`
}

func linkShow(cl *cli, a args) error {
	var f route.BridgeLinkFilter
	for a.More() {
		w := a.Next()
		if w == "dev" {
			s, err := a.Value(w)
			if err != nil {
				return err
			}
			w = s
		}
		if !f.Dev.IsZero() {
			return usagef("Either \"dev\" is duplicate, or %q is garbage.", w)
		}
		f.Dev = route.ByName(w)
	}
	ls, err := cl.bridgeLinks(&f)
	if err != nil {
		return err
	}
	var objs []any
	var texts []string
	for _, l := range ls {
		o, text := cl.linkView(l)
		objs = append(objs, o)
		texts = append(texts, text)
	}
	return cl.print(objs, texts)
}

// bridgeLinks lists the links f selects in their AF_BRIDGE view.
func (cl *cli) bridgeLinks(f *route.BridgeLinkFilter) ([]*route.Link, error) {
	c, err := cl.client()
	if err != nil {
		return nil, err
	}
	return c.BridgeLinkList(cl.ctx, f)
}

// linkView returns a port as bridge link show prints it.
func (cl *cli) linkView(l *route.Link) (linkObj, string) {
	o := linkObj{IfIndex: uint32(l.Index), IfName: l.Name, MTU: l.MTU}
	var b strings.Builder
	fmt.Fprintf(&b, "%d: %s", l.Index, l.Name)
	lowerDown := false
	switch {
	case l.Link != 0 && l.LinkNetNSID != nil:
		o.LinkIndex = new(uint32(l.Link))
		fmt.Fprintf(&b, "@if%d", l.Link)
	case l.Link != 0:
		lower := cl.link(l.Link)
		o.Link = cl.name(l.Link)
		lowerDown = lower != nil && lower.Flags&route.IffUp == 0
		fmt.Fprintf(&b, "@%s", o.Link)
	}
	o.Flags = iproute.LinkFlags(l.Flags, lowerDown)
	fmt.Fprintf(&b, ": <%s> ", strings.Join(o.Flags, ","))
	if l.MTU != 0 {
		fmt.Fprintf(&b, "mtu %d ", l.MTU)
	}
	if l.Master != nil && *l.Master != 0 {
		o.Master = cl.name(*l.Master)
		fmt.Fprintf(&b, "master %s ", o.Master)
	}
	if p, ok := l.ProtInfo.(*route.BridgePortData); ok {
		if p.State != nil {
			o.State = fmt.Sprint(*p.State)
			if int(*p.State) < len(portStates) {
				o.State = portStates[*p.State]
			}
			fmt.Fprintf(&b, "state %s ", o.State)
		}
		if p.Priority != nil {
			o.Priority = p.Priority
			fmt.Fprintf(&b, "priority %d ", *p.Priority)
		}
		if p.Cost != nil {
			o.Cost = p.Cost
			fmt.Fprintf(&b, "cost %d ", *p.Cost)
		}
		if cl.Details {
			b.WriteString("\n    ")
			for _, sw := range []struct {
				name string
				v    *bool
				dst  **bool
			}{
				{"hairpin", p.Hairpin, &o.Hairpin}, {"guard", p.Guard, &o.Guard}, {"root_block", p.RootBlock, &o.RootBlock},
				{"fastleave", p.FastLeave, &o.FastLeave}, {"learning", p.Learning, &o.Learning},
				{"flood", p.UnicastFlood, &o.Flood}, {"mcast_flood", p.MCastFlood, &o.MCastFlood},
				{"bcast_flood", p.BcastFlood, &o.BcastFlood}, {"mcast_router", nil, nil},
				{"mcast_to_unicast", p.MCastToUcast, &o.MCastToUcast}, {"neigh_suppress", p.NeighSuppress, &o.NeighSuppress},
				{"vlan_tunnel", p.VLANTunnel, &o.VLANTunnel}, {"isolated", p.Isolated, &o.Isolated}, {"locked", p.Locked, &o.Locked},
			} {
				switch {
				case sw.name == "mcast_router" && p.MulticastRouter != nil:
					o.MCastRouter = p.MulticastRouter
					fmt.Fprintf(&b, "mcast_router %d ", *p.MulticastRouter)
				case sw.v != nil:
					*sw.dst = sw.v
					fmt.Fprintf(&b, "%s %s ", sw.name, map[bool]string{true: "on", false: "off"}[*sw.v])
				}
			}
		}
	}
	b.WriteString("\n")
	return o, b.String()
}
