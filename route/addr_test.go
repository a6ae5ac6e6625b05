package route

import (
	"net/netip"
	"testing"
)

func FuzzAddress(f *testing.F) { fuzzRouteBody[Address](f, "addr-") }

func TestAddressPrefix(t *testing.T) {
	for _, c := range []struct {
		a    Address
		want string
	}{
		{Address{PrefixLen: 24, Local: netip.MustParseAddr("192.0.2.1"), Address: netip.MustParseAddr("192.0.2.1")}, "192.0.2.1/24"},
		{Address{PrefixLen: 32, Local: netip.MustParseAddr("10.0.0.1"), Address: netip.MustParseAddr("10.0.0.2")}, "10.0.0.1/32"},
		{Address{PrefixLen: 64, Address: netip.MustParseAddr("2001:db8::1")}, "2001:db8::1/64"},
	} {
		if got := c.a.Prefix().String(); got != c.want {
			t.Errorf("Prefix() = %s, want %s", got, c.want)
		}
	}
	if got, want := (AddrNoDAD | AddrPermanent | 0x10000).String(), "IFA_F_NODAD|IFA_F_PERMANENT|0x10000"; got != want {
		t.Errorf("String = %s, want %s", got, want)
	}
	if got, want := AddrFlags8(AddrSecondary).String(), "IFA_F_SECONDARY"; got != want {
		t.Errorf("String = %s, want %s", got, want)
	}
}
