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

func TestU32SelLength(t *testing.T) {
	s := U32Sel{Flags: 1, Keys: []U32Key{{Mask: 0xffffffff, Val: 0xc000020a, Off: 16}}}
	b, err := s.MarshalNetlink(nil)
	if err != nil || len(b) != u32SelHeadLen+u32KeyLen {
		t.Fatalf("MarshalNetlink = %x, %v", b, err)
	}
	var back U32Sel
	if err := back.UnmarshalNetlink(b); err != nil || len(back.Keys) != 1 || back.Keys[0] != s.Keys[0] {
		t.Fatalf("UnmarshalNetlink = %+v, %v", back, err)
	}
	for _, bad := range [][]byte{b[:10], b[:20], append(b, 0, 0, 0, 0)} {
		if err := back.UnmarshalNetlink(bad); err == nil {
			t.Errorf("UnmarshalNetlink accepted %d bytes", len(bad))
		}
	}
	if _, err := (&U32Sel{Keys: make([]U32Key, 256)}).MarshalNetlink(nil); err == nil {
		t.Error("MarshalNetlink accepted 256 keys")
	}
}
