package netdev

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Dev is the body of NETDEV_CMD_DEV_GET and of the device notifications:
// what a device offers to XDP and AF_XDP. A request gives Ifindex, or
// nothing for a dump.
type Dev struct {
	genl.Header
	_       nltag.Set       `nla:"netdev-dev"`
	Ifindex netlink.IfIndex `nla:"NETDEV_A_DEV_IFINDEX,omitempty"`
	// XDPFeatures is the XDP actions and abilities of the driver.
	XDPFeatures XDPAct `nla:"NETDEV_A_DEV_XDP_FEATURES,omitempty"`
	// XDPZCMaxSegs is the most fragments a zero-copy driver takes.
	XDPZCMaxSegs uint32 `nla:"NETDEV_A_DEV_XDP_ZC_MAX_SEGS,omitempty"`
	// XDPRxMetadataFeatures is the receive metadata XDP programs can read.
	XDPRxMetadataFeatures XDPRxMetadata `nla:"NETDEV_A_DEV_XDP_RX_METADATA_FEATURES,omitempty"`
	// XSKFeatures is the AF_XDP features of the driver.
	XSKFeatures XSKFlags `nla:"NETDEV_A_DEV_XSK_FEATURES,omitempty"`
	Wire        nltag.Wire
}

// XDPAct is a set of XDP features (NETDEV_XDP_ACT_*).
type XDPAct uint64

// XDP features.
const (
	XDPActBasic       XDPAct = 1 << iota // XDP_ABORTED, XDP_DROP, XDP_PASS and XDP_TX
	XDPActRedirect                       // XDP_REDIRECT
	XDPActNDOXmit                        // the device takes redirected frames (ndo_xdp_xmit)
	XDPActXSKZeroCopy                    // AF_XDP in zero-copy mode
	XDPActHWOffload                      // programs run on the hardware
	XDPActRxSG                           // multi-buffer frames on receive
	XDPActNDOXmitSG                      // multi-buffer frames through ndo_xdp_xmit
)

var xdpActs = netlink.NewFlags(map[XDPAct]string{
	XDPActBasic:       "NETDEV_XDP_ACT_BASIC",
	XDPActRedirect:    "NETDEV_XDP_ACT_REDIRECT",
	XDPActNDOXmit:     "NETDEV_XDP_ACT_NDO_XMIT",
	XDPActXSKZeroCopy: "NETDEV_XDP_ACT_XSK_ZEROCOPY",
	XDPActHWOffload:   "NETDEV_XDP_ACT_HW_OFFLOAD",
	XDPActRxSG:        "NETDEV_XDP_ACT_RX_SG",
	XDPActNDOXmitSG:   "NETDEV_XDP_ACT_NDO_XMIT_SG",
})

// String returns the features as "NETDEV_XDP_ACT_BASIC|NETDEV_XDP_ACT_REDIRECT".
func (a XDPAct) String() string { return xdpActs.Format(a) }

// XDPRxMetadata is a set of receive metadata an XDP program can read
// (NETDEV_XDP_RX_METADATA_*).
type XDPRxMetadata uint64

// Receive metadata.
const (
	XDPRxMetadataTimestamp XDPRxMetadata = 1 << iota // bpf_xdp_metadata_rx_timestamp
	XDPRxMetadataHash                                // bpf_xdp_metadata_rx_hash
	XDPRxMetadataVLANTag                             // bpf_xdp_metadata_rx_vlan_tag
)

var xdpRxMetadata = netlink.NewFlags(map[XDPRxMetadata]string{
	XDPRxMetadataTimestamp: "NETDEV_XDP_RX_METADATA_TIMESTAMP",
	XDPRxMetadataHash:      "NETDEV_XDP_RX_METADATA_HASH",
	XDPRxMetadataVLANTag:   "NETDEV_XDP_RX_METADATA_VLAN_TAG",
})

// String returns the metadata as "NETDEV_XDP_RX_METADATA_HASH".
func (m XDPRxMetadata) String() string { return xdpRxMetadata.Format(m) }

// XSKFlags is a set of AF_XDP features (NETDEV_XSK_FLAGS_*).
type XSKFlags uint64

// AF_XDP features.
const (
	XSKTxTimestamp      XSKFlags = 1 << iota // transmit timestamps
	XSKTxChecksum                            // checksum offload on transmit
	XSKTxLaunchTimeFIFO                      // launch time offload
)

var xskFlags = netlink.NewFlags(map[XSKFlags]string{
	XSKTxTimestamp:      "NETDEV_XSK_FLAGS_TX_TIMESTAMP",
	XSKTxChecksum:       "NETDEV_XSK_FLAGS_TX_CHECKSUM",
	XSKTxLaunchTimeFIFO: "NETDEV_XSK_FLAGS_TX_LAUNCH_TIME_FIFO",
})

// String returns the flags as "NETDEV_XSK_FLAGS_TX_TIMESTAMP".
func (f XSKFlags) String() string { return xskFlags.Format(f) }
