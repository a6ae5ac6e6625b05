package bench

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// twinDumps are the dumps the *Wire twins are tried on, each with its
// route type: the whole route table first, then the host-sized ones.
func twinDumps() []struct {
	dump *Dump
	typ  reflect.Type
} {
	return []struct {
		dump *Dump
		typ  reflect.Type
	}{
		{env.routes, reflect.TypeFor[route.Route]()},
		{env.hostRoutes, reflect.TypeFor[route.Route]()},
		{env.links, reflect.TypeFor[route.Link]()},
		{env.addrs, reflect.TypeFor[route.Address]()},
	}
}

// The *Wire twins of the route types (WirePtrType) decode the captured
// dumps losslessly: every message re-encodes to its bytes.
func TestWirePtrTwins(t *testing.T) {
	needEnv(t)
	for _, c := range twinDumps()[1:] {
		// route.Address holds its Wire as a *nltag.Wire already, and no
		// value Wire below: its twin is itself.
		tw := WirePtrType(c.typ)
		if tw == c.typ && c.typ != reflect.TypeFor[route.Address]() {
			t.Fatalf("%v: the twin is the type itself", c.typ)
		}
		if err := nltag.Check(reflect.New(tw).Interface()); err != nil {
			t.Fatal(err)
		}
		err := eachMessage(c.dump, func(i int, m netlink.RawMessage) error {
			v := reflect.New(tw).Interface()
			if err := nltag.Unmarshal(m.Data, v); err != nil {
				return err
			}
			out, err := nltag.Marshal(v)
			if err != nil {
				return err
			}
			if !bytes.Equal(out, m.Data) {
				t.Errorf("%s message %d: the *Wire twin re-encodes to\n%x\nwant\n%x", c.dump.Name, i, out, m.Data)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", c.dump.Name, err)
		}
	}
}

// BenchmarkWirePtrTwins decodes each dump into a new value per message, as
// a dump loop does, of the route type (lib=wire) and of its *Wire twin
// (lib=wireptr), both made with reflect.New: what moving the route types'
// Wires behind pointers would change on the user path.
func BenchmarkWirePtrTwins(b *testing.B) {
	needEnv(b)
	for _, c := range twinDumps() {
		for _, l := range []struct {
			name string
			typ  reflect.Type
		}{{"wire", c.typ}, {"wireptr", WirePtrType(c.typ)}} {
			out := make([]any, c.dump.Messages)
			b.Run("dump="+c.dump.Name+"/lib="+l.name, func(b *testing.B) {
				perMsg(b, c.dump.Messages, func() error {
					return eachMessage(c.dump, func(i int, m netlink.RawMessage) error {
						v := reflect.New(l.typ).Interface()
						out[i] = v
						return nltag.Unmarshal(m.Data, v)
					})
				})
			})
		}
	}
}
