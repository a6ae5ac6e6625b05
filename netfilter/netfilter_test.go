package netfilter_test

import (
	"fmt"
	"testing"

	"github.com/nltag/go-netlink/netfilter"
	"github.com/nltag/go-netlink/nltag"
)

func TestMsgType(t *testing.T) {
	typ := netfilter.MsgType(netfilter.SubsysCTNetlink, 2)
	if typ != 0x0102 {
		t.Errorf("MsgType: %#x", typ)
	}
	if s, m := netfilter.SplitType(typ); s != netfilter.SubsysCTNetlink || m != 2 {
		t.Errorf("SplitType: %v %d", s, m)
	}
	for got, want := range map[string]string{
		netfilter.SubsysNFTables.String():        "NFNL_SUBSYS_NFTABLES",
		netfilter.GroupConntrackDestroy.String(): "NFNLGRP_CONNTRACK_DESTROY",
		netfilter.Subsystem(99).String():         "99",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// The header's resource id is big-endian by its tag.
func ExampleHeader() {
	b, _ := nltag.Marshal(&netfilter.Header{Family: 10, ResID: 0x0102})
	fmt.Printf("% x\n", b)
	// Output: 0a 00 01 02
}

func ExampleMsgType() {
	fmt.Printf("%#04x\n", uint16(netfilter.MsgType(netfilter.SubsysCTNetlink, 1)))
	// Output: 0x0101
}
