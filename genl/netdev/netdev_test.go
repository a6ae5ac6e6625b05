package netdev_test

import (
	"bytes"
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/netdev"
	"github.com/nltag/go-netlink/nltag"
)

// TestCheck validates the tags of every message type.
func TestCheck(t *testing.T) {
	for _, v := range []any{netdev.Dev{}, netdev.Queue{}, netdev.NAPI{}, netdev.QStats{}} {
		if err := nltag.Check(v); err != nil {
			t.Error(err)
		}
	}
}

// TestDumpRequests checks that dump requests carry only what the dump
// policies allow: attributes left at zero stay out.
func TestDumpRequests(t *testing.T) {
	for _, tc := range []struct {
		req  any
		want []byte
	}{
		{&netdev.Queue{Header: genl.Header{Command: netdev.CmdQueueGet, Version: 1}, Ifindex: 3},
			[]byte{10, 1, 0, 0, 8, 0, 2, 0, 3, 0, 0, 0}},
		{&netdev.Queue{Header: genl.Header{Command: netdev.CmdQueueGet, Version: 1}, Ifindex: 3, ID: new(uint32(0)), Type: new(netdev.QueueRx)},
			[]byte{10, 1, 0, 0, 8, 0, 1, 0, 0, 0, 0, 0, 8, 0, 2, 0, 3, 0, 0, 0, 8, 0, 3, 0, 0, 0, 0, 0}},
		{&netdev.QStats{Header: genl.Header{Command: netdev.CmdQStatsGet, Version: 1}, Scope: netdev.QStatsScopeQueue},
			[]byte{12, 1, 0, 0, 8, 0, 4, 0, 1, 0, 0, 0}},
		{&netdev.Dev{Header: genl.Header{Command: netdev.CmdDevGet, Version: 1}},
			[]byte{1, 1, 0, 0}},
	} {
		b, err := nltag.Marshal(tc.req)
		if err != nil || !bytes.Equal(b, tc.want) {
			t.Errorf("%T: got % x, %v; want % x", tc.req, b, err, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	for got, want := range map[string]string{
		(netdev.XDPActBasic | netdev.XDPActRxSG).String(): "NETDEV_XDP_ACT_BASIC|NETDEV_XDP_ACT_RX_SG",
		netdev.XDPRxMetadataHash.String():                 "NETDEV_XDP_RX_METADATA_HASH",
		netdev.XSKTxChecksum.String():                     "NETDEV_XSK_FLAGS_TX_CHECKSUM",
		netdev.QueueTx.String():                           "NETDEV_QUEUE_TYPE_TX",
		netdev.NAPIThreadedEnabled.String():               "NETDEV_NAPI_THREADED_ENABLED",
		netdev.QStatsScope(0).String():                    "0",
		netdev.Messages.CommandName(genl.FromKernel, 3):   "NETDEV_CMD_DEV_DEL_NTF",
		netdev.Messages.CommandName(genl.ToKernel, 13):    "NETDEV_CMD_BIND_RX",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
