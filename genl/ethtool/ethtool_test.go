package ethtool_test

import (
	"encoding/binary"
	"slices"
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/nltag"
)

// TestCheck validates the tags of every message type.
func TestCheck(t *testing.T) {
	for _, v := range []any{ethtool.Strset{}, ethtool.LinkInfo{}, ethtool.LinkModes{}, ethtool.LinkState{},
		ethtool.Features{}, ethtool.Rings{}, ethtool.Channels{}} {
		if err := nltag.Check(v); err != nil {
			t.Error(err)
		}
	}
}

// TestNestedFlag checks that requests mark their nests, as the family's
// strict policies demand.
func TestNestedFlag(t *testing.T) {
	b, err := nltag.Marshal(&ethtool.Features{
		Header: genl.Header{Command: ethtool.MsgFeaturesSet, Version: ethtool.Version},
		Dev:    ethtool.ByName("v0"),
		Wanted: ethtool.NewBitset(map[string]bool{"rx-gro": true}),
	})
	if err != nil {
		t.Fatal(err)
	}
	var walk func(b []byte, depth int)
	walk = func(b []byte, depth int) {
		for a, err := range nltag.Attrs(b) {
			if err != nil {
				t.Fatal(err)
			}
			// Nests: the header, Wanted, its BITS and each BIT.
			nest := depth == 0 || (depth == 1 && a.Num() == 3) || depth == 2
			if a.Nested() != nest {
				t.Errorf("depth %d attribute %d: nested flag %v", depth, a.Num(), a.Nested())
			}
			if a.Nested() {
				walk(a.Data, depth+1)
			}
		}
	}
	walk(b[genl.HeaderLen:], 0)
}

func TestBitsetForms(t *testing.T) {
	words := make([]byte, 8)
	binary.NativeEndian.PutUint32(words, 1<<3|1<<5)
	binary.NativeEndian.PutUint32(words[4:], 1<<1) // bit 33
	mask := make([]byte, 8)
	binary.NativeEndian.PutUint32(mask, 1<<3|1<<4|1<<5)
	compact := &ethtool.Bitset{Size: 64, Value: words, Mask: mask}
	listed := &ethtool.Bitset{Size: 64, Bits: &ethtool.BitList{Bits: []ethtool.Bit{
		{Index: 3, Name: "c", Value: true}, {Index: 4, Name: "d"}, {Index: 5, Name: "e", Value: true}, {Index: 33, Name: "x", Value: true},
	}}}
	for _, i := range []uint32{0, 3, 4, 5, 33, 63, 200} {
		if compact.Test(i) != listed.Test(i) {
			t.Errorf("bit %d: compact %v, listed %v", i, compact.Test(i), listed.Test(i))
		}
	}
	if !compact.InMask(4) || compact.InMask(6) || !listed.InMask(4) || listed.InMask(6) {
		t.Error("InMask")
	}
	if got := listed.Names(); !slices.Equal(got, []string{"c", "e", "x"}) {
		t.Errorf("Names %q", got)
	}
	if got := listed.MaskNames(); !slices.Equal(got, []string{"c", "d", "e", "x"}) {
		t.Errorf("MaskNames %q", got)
	}
	nomask := &ethtool.Bitset{NoMask: true, Bits: &ethtool.BitList{Bits: []ethtool.Bit{{Index: 2, Name: "b"}}}}
	if !nomask.Test(2) || nomask.Test(1) || !nomask.InMask(1) || !slices.Equal(nomask.Names(), []string{"b"}) {
		t.Error("a list without mask")
	}
	var none *ethtool.Bitset
	if none.Test(1) || none.InMask(1) || none.Names() != nil {
		t.Error("nil bit set")
	}
}

func TestNewBitset(t *testing.T) {
	b := ethtool.NewBitset(map[string]bool{"z": false, "a": true})
	if b.NoMask || len(b.Bits.Bits) != 2 || b.Bits.Bits[0].Name != "a" || !b.Bits.Bits[0].Value || b.Bits.Bits[1].Value {
		t.Errorf("%+v", b.Bits.Bits)
	}
}

func TestFeaturesList(t *testing.T) {
	f := &ethtool.Features{
		HW:       &ethtool.Bitset{Size: 3, Value: []byte{0b011, 0, 0, 0}, Mask: []byte{0b111, 0, 0, 0}},
		Wanted:   &ethtool.Bitset{NoMask: true, Size: 3, Value: []byte{0b011, 0, 0, 0}},
		Active:   &ethtool.Bitset{NoMask: true, Size: 3, Value: []byte{0b001, 0, 0, 0}},
		NoChange: &ethtool.Bitset{NoMask: true, Size: 3, Value: []byte{0, 0, 0, 0}},
	}
	got := f.List([]string{"tx-sg", "", "rx-gro-hw"})
	want := []ethtool.Feature{
		{Name: "tx-sg", Active: true, Wanted: true},
		{Name: "rx-gro-hw", Fixed: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestStringSetList(t *testing.T) {
	s := ethtool.StringSet{Count: 3, Strings: []ethtool.StringList{{Strings: []ethtool.String{{Index: 2, Value: "c"}, {Index: 0, Value: "a"}}}}}
	if got := s.List(); !slices.Equal(got, []string{"a", "", "c"}) {
		t.Errorf("%q", got)
	}
	huge := ethtool.StringSet{Strings: []ethtool.StringList{{Strings: []ethtool.String{{Index: 1 << 31, Value: "x"}}}}}
	if n := len(huge.List()); n > 1<<16 {
		t.Errorf("an index from the wire made a list of %d", n)
	}
}

func TestNames(t *testing.T) {
	for got, want := range map[string]string{
		ethtool.PortTP.String():                           "PORT_TP",
		ethtool.DuplexFull.String():                       "DUPLEX_FULL",
		ethtool.SpeedUnknown.String():                     "unknown",
		ethtool.Speed(1000).String():                      "1000",
		ethtool.MDIXAuto.String():                         "ETH_TP_MDI_AUTO",
		ethtool.TransceiverInternal.String():              "XCVR_INTERNAL",
		(ethtool.FlagCompactBitsets | 8).String():         "ETHTOOL_FLAG_COMPACT_BITSETS|0x8",
		ethtool.SSFeatures.String():                       "ETH_SS_FEATURES",
		ethtool.ExtStateNoCable.String():                  "ETHTOOL_LINK_EXT_STATE_NO_CABLE",
		ethtool.MasterSlaveCfgMasterForce.String():        "MASTER_SLAVE_CFG_MASTER_FORCE",
		ethtool.MasterSlaveStateSlave.String():            "MASTER_SLAVE_STATE_SLAVE",
		ethtool.TCPDataSplitEnabled.String():              "ETHTOOL_TCP_DATA_SPLIT_ENABLED",
		ethtool.Messages.CommandName(genl.FromKernel, 13): "ETHTOOL_MSG_FEATURES_NTF",
		ethtool.Messages.CommandName(genl.ToKernel, 13):   "ETHTOOL_MSG_PRIVFLAGS_GET",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
