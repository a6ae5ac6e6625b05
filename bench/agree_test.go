package bench

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// These tests check that every library decodes the captured dumps into the
// same objects, so that the benchmarks time real decoding of the same
// information, and that the plain twins lose nothing but Wire.

func TestDumps(t *testing.T) {
	needEnv(t)
	if env.links.Messages != NumLinks {
		t.Errorf("link dump has %d links, want %d", env.links.Messages, NumLinks)
	}
	if env.routes.Messages < NumRoutes {
		t.Errorf("route dump has %d routes, want at least %d", env.routes.Messages, NumRoutes)
	}
	if env.addrs.Messages < NumAddrs {
		t.Errorf("address dump has %d addresses, want at least %d", env.addrs.Messages, NumAddrs)
	}
}

func ip(a net.IP) string {
	if a == nil {
		return "-"
	}
	if v4 := a.To4(); v4 != nil {
		a = v4
	}
	return a.String()
}

func nip(a netip.Addr) string {
	if !a.IsValid() {
		return "-"
	}
	return a.String()
}

func routeKey(dst string, dl uint8, gw string, oif, prio, table uint32, proto uint8) string {
	return fmt.Sprintf("%s/%d gw=%s oif=%d prio=%d table=%d proto=%d", dst, dl, gw, oif, prio, table, proto)
}

func TestDecodeRoutesAgree(t *testing.T) {
	needEnv(t)
	n := env.routes.Messages
	ours := make([]route.Route, n)
	slots := make([]any, n)
	for i := range ours {
		slots[i] = &ours[i]
	}
	if err := DecodeOurs(env.routes, slots); err != nil {
		t.Fatal(err)
	}
	js := make([]rtnetlink.RouteMessage, n)
	if err := DecodeJSRoutes(env.routes, js); err != nil {
		t.Fatal(err)
	}
	for i := range ours {
		o, j := &ours[i], &js[i]
		ko := routeKey(nip(o.Dst), o.DstLen, nip(o.Gateway), uint32(o.OIF), o.Priority, uint32(o.FullTable()), uint8(o.Protocol))
		kj := routeKey(ip(j.Attributes.Dst), j.DstLength, ip(j.Attributes.Gateway), j.Attributes.OutIface, j.Attributes.Priority, j.Attributes.Table, j.Protocol)
		if ko != kj {
			t.Fatalf("route %d: ours %s, jsimonetti %s", i, ko, kj)
		}
	}
	checkPlain(t, env.routes, PlainRoute, func(i int) any { return &ours[i] })
}

func TestDecodeAddrsAgree(t *testing.T) {
	needEnv(t)
	n := env.addrs.Messages
	ours := make([]route.Address, n)
	slots := make([]any, n)
	for i := range ours {
		slots[i] = &ours[i]
	}
	if err := DecodeOurs(env.addrs, slots); err != nil {
		t.Fatal(err)
	}
	js := make([]rtnetlink.AddressMessage, n)
	if err := DecodeJSAddrs(env.addrs, js); err != nil {
		t.Fatal(err)
	}
	for i := range ours {
		o, j := &ours[i], &js[i]
		ko := fmt.Sprintf("%s/%d idx=%d flags=%#x", nip(o.Address), o.PrefixLen, o.Index, uint32(o.AllFlags))
		kj := fmt.Sprintf("%s/%d idx=%d flags=%#x", ip(j.Attributes.Address), j.PrefixLength, j.Index, j.Attributes.Flags)
		if ko != kj {
			t.Fatalf("address %d: ours %s, jsimonetti %s", i, ko, kj)
		}
	}
	checkPlain(t, env.addrs, PlainAddress, func(i int) any { return &ours[i] })
}

func TestDecodeLinksAgree(t *testing.T) {
	needEnv(t)
	n := env.links.Messages
	ours := make([]route.Link, n)
	slots := make([]any, n)
	for i := range ours {
		slots[i] = &ours[i]
	}
	if err := DecodeOurs(env.links, slots); err != nil {
		t.Fatal(err)
	}
	js := make([]rtnetlink.LinkMessage, n)
	if err := DecodeJSLinks(env.links, js); err != nil {
		t.Fatal(err)
	}
	vs := make([]vnl.Link, n)
	if err := DecodeVLinks(env.links, vs); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for i := range ours {
		o := &ours[i]
		kind, slave := "-", "-"
		if o.LinkInfo != nil {
			kind, slave = o.LinkInfo.Kind, o.LinkInfo.SlaveKind
		}
		slave = orDash(slave)
		kinds[kind+"/"+slave]++
		var master uint32
		if o.Master != nil {
			master = uint32(*o.Master)
		}
		ko := fmt.Sprintf("idx=%d name=%s mtu=%d mac=%s kind=%s slave=%s master=%d", o.Index, o.Name, o.MTU, mac(o.Address), kind, slave, master)

		j := &js[i]
		jkind, jslave := "-", "-"
		if j.Attributes.Info != nil {
			jkind, jslave = j.Attributes.Info.Kind, j.Attributes.Info.SlaveKind
		}
		var jmaster uint32
		if j.Attributes.Master != nil {
			jmaster = *j.Attributes.Master
		}
		jslave = orDash(jslave)
		kj := fmt.Sprintf("idx=%d name=%s mtu=%d mac=%s kind=%s slave=%s master=%d", j.Index, j.Attributes.Name, j.Attributes.MTU, mac(j.Attributes.Address), orDash(jkind), jslave, jmaster)
		if ko != kj {
			t.Errorf("link %d: ours %s, jsimonetti %s", i, ko, kj)
		}

		a := vs[i].Attrs()
		vkind := vs[i].Type()
		if kind == "-" {
			vkind = "-"
		}
		// vishvananda decodes the slave data of bond and vrf ports
		// only, not of bridge ports.
		vslave := slave
		if a.Slave != nil {
			vslave = a.Slave.SlaveType()
		}
		kv := fmt.Sprintf("idx=%d name=%s mtu=%d mac=%s kind=%s slave=%s master=%d", a.Index, a.Name, a.MTU, mac(a.HardwareAddr), vkind, vslave, a.MasterIndex)
		if ko != kv {
			t.Errorf("link %d: ours %s, vishvananda %s", i, ko, kv)
		}
	}
	t.Logf("link kinds (kind/slave kind): %v", kinds)
	for _, k := range []string{"veth/-", "veth/bridge", "bridge/-", "macvlan/-", "vxlan/-"} {
		if kinds[k] == 0 {
			t.Errorf("no link of kind %s in the dump", k)
		}
	}
	checkPlain(t, env.links, PlainLink, func(i int) any { return &ours[i] })

	sub := make([]SubsetLink, n)
	slots = make([]any, n)
	for i := range sub {
		slots[i] = &sub[i]
	}
	if err := DecodeOurs(env.links, slots); err != nil {
		t.Fatal(err)
	}
	for i := range sub {
		s, j := &sub[i], &js[i]
		kind, slave, data := "-", "-", "-"
		if s.LinkInfo != nil {
			kind, slave = s.LinkInfo.Kind, orDash(s.LinkInfo.SlaveKind)
			data = fmt.Sprintf("%T/%T", s.LinkInfo.Data, s.LinkInfo.SlaveData)
		}
		ks := fmt.Sprintf("idx=%d name=%s mtu=%d mac=%s kind=%s slave=%s master=%d stats=%d", s.Index, s.Name, s.MTU, mac(s.Address), kind, slave, s.Master, s.Stats64.TxPackets)
		jkind, jslave, jdata := "-", "-", "-"
		var jmaster uint32
		if j.Attributes.Info != nil {
			jkind, jslave = j.Attributes.Info.Kind, orDash(j.Attributes.Info.SlaveKind)
			jdata = fmt.Sprintf("%T/%T", j.Attributes.Info.Data, j.Attributes.Info.SlaveData)
		}
		if j.Attributes.Master != nil {
			jmaster = *j.Attributes.Master
		}
		kj := fmt.Sprintf("idx=%d name=%s mtu=%d mac=%s kind=%s slave=%s master=%d stats=%d", j.Index, j.Attributes.Name, j.Attributes.MTU, mac(j.Attributes.Address), jkind, jslave, jmaster, j.Attributes.Stats64.TXPackets)
		if ks != kj {
			t.Errorf("link %d: subset %s, jsimonetti %s", i, ks, kj)
		}
		if i < 3 || (data != "-" && strings.Contains(data, "nltag.Raw")) {
			t.Logf("link %d (%s): kind data decoded as %s by ours-subset, %s by jsimonetti", i, s.Name, data, jdata)
		}
	}
}

// mac prints a link-layer address, "-" for none or all zeros (vishvananda
// leaves those out).
func mac(a net.HardwareAddr) string {
	for _, b := range a {
		if b != 0 {
			return a.String()
		}
	}
	return "-"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// checkPlain decodes the dump into plain twins and compares each, field by
// field, with the lossless value.
func checkPlain(t *testing.T, d *Dump, pt reflect.Type, lossless func(int) any) {
	t.Helper()
	slots := NewSlots(pt, d.Messages)
	if err := DecodeOurs(d, slots); err != nil {
		t.Fatalf("plain decode: %v", err)
	}
	for i, p := range slots {
		if err := sameButWire(reflect.ValueOf(p), reflect.ValueOf(lossless(i)), "."); err != nil {
			t.Fatalf("message %d: plain decode differs from the lossless one: %v\nlossless:\n%s", i, err, nltag.Format(lossless(i)))
		}
	}
}

// sameButWire reports where p, a plain value, differs from l, a route
// value, ignoring l's Wire fields.
func sameButWire(p, l reflect.Value, path string) error {
	if p.Kind() != l.Kind() {
		return fmt.Errorf("%s: %s against %s", path, p.Kind(), l.Kind())
	}
	switch p.Kind() {
	case reflect.Pointer, reflect.Interface:
		if p.IsNil() || l.IsNil() {
			if p.IsNil() != l.IsNil() {
				return fmt.Errorf("%s: nil against non-nil", path)
			}
			return nil
		}
		return sameButWire(p.Elem(), l.Elem(), path)
	case reflect.Struct:
		for i := 0; i < l.NumField(); i++ {
			f := l.Type().Field(i)
			if isWire(f.Type) || f.Name == "_" {
				continue
			}
			pf := p.FieldByName(f.Name)
			if !pf.IsValid() {
				return fmt.Errorf("%s%s: missing from the plain type", path, f.Name)
			}
			if err := sameButWire(pf, l.Field(i), path+f.Name+"."); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice, reflect.Array:
		if p.Len() != l.Len() {
			return fmt.Errorf("%s: %d elements against %d", path, p.Len(), l.Len())
		}
		for i := 0; i < p.Len(); i++ {
			if err := sameButWire(p.Index(i), l.Index(i), fmt.Sprintf("%s[%d].", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if p.Type() != l.Type() {
		return fmt.Errorf("%s: type %v against %v", path, p.Type(), l.Type())
	}
	if !p.Equal(l) {
		return fmt.Errorf("%s: %v against %v", path, p, l)
	}
	return nil
}

func TestLiveAgree(t *testing.T) {
	needEnv(t)
	ctx := context.Background()
	c := env.clients
	ours, err := ListRoutesOurs(ctx, c.Route)
	if err != nil {
		t.Fatal(err)
	}
	iterated, err := IterRoutesOurs(ctx, c.Route)
	if err != nil {
		t.Fatal(err)
	}
	streamed, err := StreamRoutesConn(ctx, c.Ours, func(*route.Route) {})
	if err != nil {
		t.Fatal(err)
	}
	overlapped, err := c.Ovl.Routes(func(*route.Route) {})
	if err != nil {
		t.Fatal(err)
	}
	js, err := ListRoutesJS(c.JS)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := ListRoutesV(c.V)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := c.Raw.Dump(unix.RTM_GETROUTE, RouteDumpBody, nil)
	if err != nil {
		t.Fatal(err)
	}
	main := 0
	for _, r := range ours {
		if r.FullTable() == route.TableMain {
			main++
		}
	}
	t.Logf("routes: ours %d (%d in main), iterated %d, streamed %d, jsimonetti %d, vishvananda %d (main table only), raw %d",
		len(ours), main, iterated, streamed, len(js), len(vs), raw)
	if len(ours) != raw || iterated != raw || streamed != raw || overlapped != raw || len(js) != raw || len(vs) != main || main < NumRoutes {
		t.Error("the libraries listed different numbers of routes")
	}

	ol, err := ListLinksOurs(ctx, c.Route)
	if err != nil {
		t.Fatal(err)
	}
	jl, err := ListLinksJS(c.JS)
	if err != nil {
		t.Fatal(err)
	}
	vl, err := ListLinksV(c.V)
	if err != nil {
		t.Fatal(err)
	}
	rl, err := c.Raw.Dump(unix.RTM_GETLINK, LinkDumpBody, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ol) != NumLinks || len(jl) != NumLinks || len(vl) != NumLinks || rl != NumLinks {
		t.Errorf("links: ours %d, jsimonetti %d, vishvananda %d, raw %d; want %d", len(ol), len(jl), len(vl), rl, NumLinks)
	}
	if err := IPJSON(env.ns, env.devnull, "route", "show"); err != nil {
		t.Error(err)
	}
}

// TestEncodeAccepted sends each library's link-add request to the kernel
// and checks that it made the veth pair it describes.
func TestEncodeAccepted(t *testing.T) {
	needEnv(t)
	builders := map[string]func(name, peer string) ([]byte, error){
		"ours":        func(n, p string) ([]byte, error) { return BuildOurs(nil, n, p, 1) },
		"jsimonetti":  func(n, p string) ([]byte, error) { return BuildJS(n, p, 1) },
		"vishvananda": func(n, p string) ([]byte, error) { return BuildV(n, p), nil },
	}
	for lib, build := range builders {
		name, peer := "enc-"+lib[:2]+"a", "enc-"+lib[:2]+"b"
		req, err := build(name, peer)
		if err != nil {
			t.Fatalf("%s: %v", lib, err)
		}
		if err := env.clients.Raw.Exchange(req); err != nil {
			t.Fatalf("%s: kernel refused the request: %v", lib, err)
		}
		for _, n := range []string{name, peer} {
			l, err := env.clients.V.LinkByName(n)
			if err != nil {
				t.Fatalf("%s: %s: %v", lib, n, err)
			}
			a := l.Attrs()
			if l.Type() != "veth" || a.MTU != 1500 || a.TxQLen != 1000 {
				t.Errorf("%s: %s is %s with MTU %d, txqlen %d", lib, n, l.Type(), a.MTU, a.TxQLen)
			}
			if n == name && a.Flags&net.FlagUp == 0 {
				t.Errorf("%s: %s is not up", lib, n)
			}
		}
		if err := env.ns.IP("link", "del", name); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPlainTypeDropsWirePtr: a *nltag.Wire field, as a Wire field, is
// taken out of the plain twin, at the top and in a nest.
func TestPlainTypeDropsWirePtr(t *testing.T) {
	type inner struct {
		A    uint8 `nla:"1"`
		Wire *nltag.Wire
	}
	type outer struct {
		In   *inner `nla:"1"`
		B    uint32 `nla:"2"`
		Wire *nltag.Wire
	}
	pt := PlainType(reflect.TypeFor[outer]())
	if _, ok := pt.FieldByName("Wire"); ok || pt.NumField() != 2 {
		t.Fatalf("plain twin %v keeps its Wire", pt)
	}
	in, _ := pt.FieldByName("In")
	if _, ok := in.Type.Elem().FieldByName("Wire"); ok {
		t.Fatalf("plain twin %v keeps the nest's Wire", in.Type)
	}
	if err := nltag.Check(reflect.New(pt).Interface()); err != nil {
		t.Fatal(err)
	}
}
