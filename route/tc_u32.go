package route

import (
	"fmt"

	"github.com/nltag/go-netlink/nltag"
)

// U32Options are the options of the u32 classifier, which matches 32-bit
// words at offsets into the packet (Sel) and sends matches to a class or
// through actions.
type U32Options struct {
	_ nltag.Set `nla:"tc-u32"`
	// ClassID is the class matching packets go to.
	ClassID Handle `nla:"TCA_U32_CLASSID,omitempty"`
	// Hash places the filter in a hash table; Link jumps to another.
	Hash    uint32  `nla:"TCA_U32_HASH,omitempty"`
	Link    uint32  `nla:"TCA_U32_LINK,omitempty"`
	Divisor uint32  `nla:"TCA_U32_DIVISOR,omitempty"`
	Sel     *U32Sel `nla:"TCA_U32_SEL"`
	// Police is a policer, undecoded.
	Police  []byte   `nla:"TCA_U32_POLICE,omitempty"`
	Actions []Action `nla:"TCA_U32_ACT,indexed"`
	// Indev restricts the filter to packets that came in on a link.
	Indev string `nla:"TCA_U32_INDEV,omitempty"`
	// Pcnt are the hit counters of the keys (struct tc_u32_pcnt),
	// undecoded: their number is Sel's.
	Pcnt  []byte   `nla:"TCA_U32_PCNT,omitempty"`
	Mark  *U32Mark `nla:"TCA_U32_MARK"`
	Flags uint32   `nla:"TCA_U32_FLAGS,omitempty"` // TCA_CLS_FLAGS_*

	Wire nltag.Wire
}

// TcKind returns "u32".
func (*U32Options) TcKind() string { return "u32" }

// U32Sel is struct tc_u32_sel: how to find the words to match, and the
// keys that match them. Its number of keys is len(Keys).
type U32Sel struct {
	Flags    uint8 // TC_U32_TERMINAL 1, TC_U32_OFFSET 2, TC_U32_VAROFFSET 4, TC_U32_EAT 8
	OffShift uint8
	OffMask  uint16 // in host order; sent big-endian
	Off      uint16
	OffOff   int16
	HOff     int16
	HMask    uint32 // in host order; sent big-endian
	Keys     []U32Key
}

// U32Key is struct tc_u32_key: the packet word at Off (from the network
// header), masked with Mask, must equal Val.
type U32Key struct {
	Mask    uint32 `nla:",be32"`
	Val     uint32 `nla:",be32"`
	Off     int32
	OffMask int32
}

// u32SelHead is the fixed part of struct tc_u32_sel.
type u32SelHead struct {
	Flags    uint8
	OffShift uint8
	NKeys    uint8
	_        uint8
	OffMask  uint16 `nla:",be16"`
	Off      uint16
	OffOff   int16
	HOff     int16
	HMask    uint32 `nla:",be32"`
}

const u32SelHeadLen, u32KeyLen = 16, 16

// MarshalNetlink appends the selector and its keys.
func (s *U32Sel) MarshalNetlink(b []byte) ([]byte, error) {
	if len(s.Keys) > 255 {
		return b, fmt.Errorf("u32 selector of %d keys: at most 255", len(s.Keys))
	}
	h := u32SelHead{Flags: s.Flags, OffShift: s.OffShift, NKeys: uint8(len(s.Keys)), OffMask: s.OffMask,
		Off: s.Off, OffOff: s.OffOff, HOff: s.HOff, HMask: s.HMask}
	b, err := nltag.AppendMarshal(b, &h)
	for i := 0; err == nil && i < len(s.Keys); i++ {
		b, err = nltag.AppendMarshal(b, &s.Keys[i])
	}
	return b, err
}

// UnmarshalNetlink decodes a selector, whose length must be that of its
// number of keys.
func (s *U32Sel) UnmarshalNetlink(data []byte) error {
	if len(data) < u32SelHeadLen {
		return fmt.Errorf("u32 selector of %d bytes, shorter than its %d-byte head", len(data), u32SelHeadLen)
	}
	var h u32SelHead
	if err := nltag.Unmarshal(data[:u32SelHeadLen], &h); err != nil {
		return err
	}
	if want := u32SelHeadLen + int(h.NKeys)*u32KeyLen; len(data) != want {
		return fmt.Errorf("u32 selector of %d keys is %d bytes, not %d", h.NKeys, len(data), want)
	}
	*s = U32Sel{Flags: h.Flags, OffShift: h.OffShift, OffMask: h.OffMask, Off: h.Off, OffOff: h.OffOff, HOff: h.HOff, HMask: h.HMask}
	if h.NKeys > 0 {
		s.Keys = make([]U32Key, h.NKeys)
	}
	for i := range s.Keys {
		off := u32SelHeadLen + i*u32KeyLen
		if err := nltag.Unmarshal(data[off:off+u32KeyLen], &s.Keys[i]); err != nil {
			return err
		}
	}
	return nil
}

// U32Mark is struct tc_u32_mark: a firewall mark match.
type U32Mark struct {
	Val     uint32
	Mask    uint32
	Success uint32 // out only
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-u32", Attrs: map[string]uint16{
	"TCA_U32_UNSPEC":  0,
	"TCA_U32_CLASSID": 1,
	"TCA_U32_HASH":    2,
	"TCA_U32_LINK":    3,
	"TCA_U32_DIVISOR": 4,
	"TCA_U32_SEL":     5,
	"TCA_U32_POLICE":  6,
	"TCA_U32_ACT":     7,
	"TCA_U32_INDEV":   8,
	"TCA_U32_PCNT":    9,
	"TCA_U32_MARK":    10,
	"TCA_U32_FLAGS":   11,
	"TCA_U32_PAD":     12,
}})

func init() { nltag.RegisterSubMessageOf[U32Options]("tc-kind", "u32") }
