package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/jsimonetti/rtnetlink/v2"
	mdl "github.com/mdlayher/netlink"
	vnl "github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// Clients holds one connection of each library in the namespace, each
// opened through that library's own namespace support.
type Clients struct {
	Route *route.Client
	Ours  *conn.Conn
	JS    *rtnetlink.Conn
	V     *vnl.Handle
	Raw   *RawSocket
	Ovl   *Overlap

	jsFD int
	vNS  netns.NsHandle
}

// Dial opens the clients in ns: route.Options.NetNS and conn.Config.NetNS
// for ours, mdlayher's
// Config.NetNS (a descriptor) for jsimonetti, netlink.NewHandleAt for
// vishvananda, and a setns'd thread for the raw socket.
func Dial(ns *NS) (*Clients, error) {
	c := &Clients{jsFD: -1, vNS: -1}
	var err error
	if c.Route, err = route.Dial(context.Background(), &route.Options{NetNS: conn.NetNSPath(ns.Path)}); err != nil {
		return nil, fmt.Errorf("route.Dial: %w", err)
	}
	if c.Ours, err = conn.Dial(unix.NETLINK_ROUTE, &conn.Config{NetNS: conn.NetNSPath(ns.Path)}); err != nil {
		return nil, fmt.Errorf("conn.Dial: %w", err)
	}
	if c.jsFD, err = ns.OpenFD(); err != nil {
		c.Close()
		return nil, err
	}
	if c.JS, err = rtnetlink.Dial(&mdl.Config{NetNS: c.jsFD}); err != nil {
		c.Close()
		return nil, fmt.Errorf("rtnetlink.Dial: %w", err)
	}
	if c.vNS, err = netns.GetFromPath(ns.Path); err != nil {
		c.Close()
		return nil, err
	}
	if c.V, err = vnl.NewHandleAt(c.vNS, unix.NETLINK_ROUTE); err != nil {
		c.Close()
		return nil, fmt.Errorf("netlink.NewHandleAt: %w", err)
	}
	if c.Raw, err = OpenRaw(ns); err != nil {
		c.Close()
		return nil, err
	}
	if c.Ovl, err = NewOverlap(ns); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Close closes every client that was opened.
func (c *Clients) Close() {
	if c.Route != nil {
		c.Route.Close()
	}
	if c.Ours != nil {
		c.Ours.Close()
	}
	if c.JS != nil {
		c.JS.Close()
	}
	if c.V != nil {
		c.V.Close()
	}
	if c.Raw != nil {
		c.Raw.Close()
	}
	if c.Ovl != nil {
		c.Ovl.Close()
	}
	if c.jsFD >= 0 {
		unix.Close(c.jsFD)
	}
	if c.vNS >= 0 {
		c.vNS.Close()
	}
}

var (
	routeDumpReq = netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETROUTE, Flags: netlink.Dump},
		Body:   &route.Route{Family: route.FamilyIPv4},
	}
)

// ListRoutesOurs lists the IPv4 routes with the route package's list call,
// Client.RouteList.
func ListRoutesOurs(ctx context.Context, c *route.Client) ([]*route.Route, error) {
	return c.RouteList(ctx, &route.RouteFilter{Family: route.FamilyIPv4})
}

// IterRoutesOurs walks the IPv4 routes with Client.Routes, the streaming
// form of RouteList (a socket of its own; routes allocated in blocks).
func IterRoutesOurs(ctx context.Context, c *route.Client) (int, error) {
	n := 0
	for _, err := range c.Routes(ctx, &route.RouteFilter{Family: route.FamilyIPv4}) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// StreamRoutesConn streams the IPv4 routes with package conn and nltag
// alone, decoding each into the same route.Route and passing it to fn: the
// least our stack does to walk a table.
func StreamRoutesConn(ctx context.Context, c *conn.Conn, fn func(*route.Route)) (int, error) {
	var r route.Route
	n := 0
	for m, err := range c.Stream(ctx, routeDumpReq) {
		if err != nil {
			return n, err
		}
		if err := nltag.Unmarshal(m.Data, &r); err != nil {
			return n, err
		}
		fn(&r)
		n++
	}
	return n, nil
}

// ListLinksOurs lists the links with the route package's list call,
// Client.LinkList.
func ListLinksOurs(ctx context.Context, c *route.Client) ([]*route.Link, error) {
	return c.LinkList(ctx, nil)
}

// ListRoutesJS lists the IPv4 routes with jsimonetti's RouteService. List
// would ask for every family (rtm_family 0); ListMatch with the family
// asks for IPv4 only, like the others.
func ListRoutesJS(c *rtnetlink.Conn) ([]rtnetlink.RouteMessage, error) {
	return c.Route.ListMatch(&rtnetlink.RouteMessage{Family: unix.AF_INET})
}

// ListLinksJS lists the links with jsimonetti's LinkService.List.
func ListLinksJS(c *rtnetlink.Conn) ([]rtnetlink.LinkMessage, error) {
	return c.Link.List()
}

// ListRoutesV lists the IPv4 routes with vishvananda's Handle.RouteList
// (which keeps the main table's routes: all of the benchmark's).
func ListRoutesV(h *vnl.Handle) ([]vnl.Route, error) {
	return h.RouteList(nil, vnl.FAMILY_V4)
}

// ListLinksV lists the links with vishvananda's Handle.LinkList.
func ListLinksV(h *vnl.Handle) ([]vnl.Link, error) {
	return h.LinkList()
}

// IPJSON runs `ip -n NS -j ARGS...` with its output thrown away: the
// whole-process cost of iproute2 listing the same objects as JSON.
func IPJSON(ns *NS, devnull *os.File, args ...string) error {
	cmd := exec.Command("ip", append([]string{"-n", ns.Name, "-j"}, args...)...)
	cmd.Stdout = devnull
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// Overlap is an experiment, not a library call: the one that led to conn's
// read-ahead of dumps, kept to compare conn's against. A raw socket's
// reader goroutine runs ahead (Pipeline) while the caller decodes the
// datagrams it has already received with nltag into one reused
// route.Route, so the kernel's work and the decoding overlap on two cores.
type Overlap struct {
	s    *RawSocket
	free chan []byte
}

// NewOverlap opens the experiment's raw socket in ns with four buffers.
func NewOverlap(ns *NS) (*Overlap, error) {
	s, err := OpenRaw(ns)
	if err != nil {
		return nil, err
	}
	o := &Overlap{s: s, free: make(chan []byte, 4)}
	for range cap(o.free) {
		o.free <- make([]byte, RecvBufSize)
	}
	return o, nil
}

// Close closes the socket.
func (o *Overlap) Close() error { return o.s.Close() }

// Routes dumps the IPv4 routes and passes each, decoded, to fn.
func (o *Overlap) Routes(fn func(*route.Route)) (int, error) {
	var rerr error
	var r route.Route
	n := 0
	var derr error
	for d := range o.s.Pipeline(unix.RTM_GETROUTE, RouteDumpBody, o.free, &rerr) {
		for m, err := range netlink.Messages(d) {
			if derr != nil {
				break
			}
			if err != nil {
				derr = err
				break
			}
			if m.Header.Type == netlink.Done {
				continue
			}
			if m.Header.Type == netlink.Error {
				derr = errors.New("overlap: the kernel answered the dump with an error")
				break
			}
			if err := nltag.Unmarshal(m.Data, &r); err != nil {
				derr = err
				break
			}
			fn(&r)
			n++
		}
		o.free <- d
	}
	if rerr != nil {
		return n, rerr
	}
	return n, derr
}
