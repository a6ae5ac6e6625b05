package netlink_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nltag/go-netlink/netlink"
)

// A type registered with RegisterType decodes as one registered with
// Register, each message into a value of its own: Decode skips clearing the
// body it allocates, so a field the next message lacks must still be zero.
func TestRegisterType(t *testing.T) {
	named := greeting{Version: 1}
	named.Attrs.Name = "eth0"
	var b []byte
	for _, g := range []*greeting{&named, {Version: 2}} {
		var err error
		if b, err = netlink.AppendMessage(b, netlink.Message{Header: netlink.Header{Type: greetingType}, Body: g}); err != nil {
			t.Fatal(err)
		}
	}
	byReflect := netlink.NewTable("reflect")
	byReflect.Register(greetingType, "GREETING_NEW", &greeting{})
	byType := netlink.NewTable("generic")
	netlink.RegisterType[greeting](byType, greetingType, "GREETING_NEW")
	want, err := byReflect.DecodeAll(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := byType.DecodeAll(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RegisterType decodes otherwise than Register (-Register +RegisterType):\n%s", diff)
	}
	if len(got) != 2 || got[0].Body == got[1].Body {
		t.Fatalf("want two messages in values of their own, got %v", got)
	}
	if g := got[1].Body.(*greeting); g.Version != 2 || g.Attrs.Name != "" {
		t.Errorf("second greeting = %+v, want version 2 without a name", g)
	}
	if n, ok := byType.New(greetingType).(*greeting); !ok || n == nil || *n != (greeting{}) {
		t.Errorf("New = %#v, want a new zero *greeting", n)
	}

	defer func() {
		if recover() == nil {
			t.Error("RegisterType with a pointer type did not panic")
		}
	}()
	netlink.RegisterType[*greeting](byType, greetingType, "GREETING_NEW")
}
