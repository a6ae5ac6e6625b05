package route

import "testing"

func FuzzTc(f *testing.F) { fuzzRouteBody[Tc](f, "tc-") }

func TestHandle(t *testing.T) {
	for h, want := range map[Handle]string{
		NewHandle(1, 0):                "1:",
		NewHandle(1, 0x10):             "1:10",
		NewHandle(0xffff, 0):           "ffff:",
		HandleRoot:                     "root",
		HandleIngress:                  "ingress",
		HandleUnspec:                   "0",
		NewHandle(0xffff, MinorEgress): "ffff:fff3",
	} {
		if got := h.String(); got != want {
			t.Errorf("%#x: %s, want %s", uint32(h), got, want)
		}
	}
	if h := NewHandle(0x1234, 0x5678); h.Major() != 0x1234 || h.Minor() != 0x5678 {
		t.Errorf("Major, Minor = %x, %x", h.Major(), h.Minor())
	}
}

func TestFilterInfo(t *testing.T) {
	info := MakeFilterInfo(10, 0x0800)
	if prio, proto := FilterInfo(info); prio != 10 || proto != 0x0800 {
		t.Errorf("FilterInfo(%#x) = %d, %#x", info, prio, proto)
	}
	// As captured in tc-filter-u32 on a little-endian host: prio 10, ETH_P_IP.
	if prio, proto := FilterInfo(655368); prio != 10 || proto != 0x0800 && proto != 0x0008 {
		t.Errorf("FilterInfo(655368) = %d, %#x", prio, proto)
	}
}
