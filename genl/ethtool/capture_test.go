package ethtool_test

import (
	"context"
	"os/exec"
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/ethtool"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// newVethNS returns a fresh namespace holding the veth pair v0-v1, both up.
func newVethNS(t *testing.T) *nltest.NS {
	t.Helper()
	ns := nltest.NewNS(t)
	ns.IP(t, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
	ns.IP(t, "link", "set", "v0", "up")
	ns.IP(t, "link", "set", "v1", "up")
	return ns
}

// runIn runs a command in ns and fails the test if it fails.
func runIn(t *testing.T, ns *nltest.NS, args ...string) string {
	t.Helper()
	out, err := exec.Command("ip", append([]string{"netns", "exec", ns.Name}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestCapture writes the ethtool golden files from a fresh namespace
// (hex and text) when run with -update; review the diff afterwards.
func TestCapture(t *testing.T) {
	if !golden.Updating() {
		t.Skip("run with -update to capture golden files from the kernel")
	}
	ns := newVethNS(t)
	r := gentest.NewRecorder(t, ns, goldenDir, "TestCapture (genl/ethtool/capture_test.go)")
	hdr := func(cmd uint8) genl.Header { return genl.Header{Command: cmd, Version: ethtool.Version} }
	do := func(req any) []byte { return r.Exchange(t, ethtool.FamilyName, 0, req) }
	dump := func(req any) []byte { return r.Exchange(t, ethtool.FamilyName, netlink.Dump, req) }
	v0 := ethtool.ByName("v0")
	compact := &ethtool.Dev{Name: "v0", Flags: ethtool.FlagCompactBitsets}
	const setup = "namespace with the veth pair v0-v1, both up"

	r.Write(t, "linkinfo-get", "ETHTOOL_MSG_LINKINFO_GET for v0 by name and its reply; "+setup,
		do(&ethtool.LinkInfo{Header: hdr(ethtool.MsgLinkInfoGet), Dev: v0}))
	r.Write(t, "linkinfo-dump", "ETHTOOL_MSG_LINKINFO_GET dump (no header); "+setup,
		dump(&ethtool.LinkInfo{Header: hdr(ethtool.MsgLinkInfoGet)}))
	r.Write(t, "linkinfo-enodev", `ETHTOOL_MSG_LINKINFO_GET for "nosuchdev": ENODEV with the attribute's offset; `+setup,
		do(&ethtool.LinkInfo{Header: hdr(ethtool.MsgLinkInfoGet), Dev: ethtool.ByName("nosuchdev")}))
	r.Write(t, "linkmodes-get", "ETHTOOL_MSG_LINKMODES_GET for v0, bit sets as lists; "+setup,
		do(&ethtool.LinkModes{Header: hdr(ethtool.MsgLinkModesGet), Dev: v0}))
	r.Write(t, "linkmodes-get-compact", "ETHTOOL_MSG_LINKMODES_GET for v0 with ETHTOOL_FLAG_COMPACT_BITSETS; "+setup,
		do(&ethtool.LinkModes{Header: hdr(ethtool.MsgLinkModesGet), Dev: compact}))
	r.Write(t, "linkstate-get", "ETHTOOL_MSG_LINKSTATE_GET for v0 by index; "+setup,
		do(&ethtool.LinkState{Header: hdr(ethtool.MsgLinkStateGet), Dev: ethtool.ByIndex(ifindex(t, r, "v0"))}))
	r.Write(t, "features-get", "ETHTOOL_MSG_FEATURES_GET for v0, bit sets as lists; "+setup,
		do(&ethtool.Features{Header: hdr(ethtool.MsgFeaturesGet), Dev: v0}))
	r.Write(t, "features-get-compact", "ETHTOOL_MSG_FEATURES_GET for v0 with ETHTOOL_FLAG_COMPACT_BITSETS; "+setup,
		do(&ethtool.Features{Header: hdr(ethtool.MsgFeaturesGet), Dev: compact}))
	r.Write(t, "features-set", "ETHTOOL_MSG_FEATURES_SET for v0 turning rx-gro on and tx-sctp-segmentation off, with NLM_F_ACK: reply and ACK; "+setup,
		r.Exchange(t, ethtool.FamilyName, netlink.Acknowledge, &ethtool.Features{
			Header: hdr(ethtool.MsgFeaturesSet), Dev: v0,
			Wanted: ethtool.NewBitset(map[string]bool{"rx-gro": true, "tx-sctp-segmentation": false}),
		}))
	r.Write(t, "rings-get-eopnotsupp", "ETHTOOL_MSG_RINGS_GET for v0: veth has no rings, EOPNOTSUPP; "+setup,
		do(&ethtool.Rings{Header: hdr(ethtool.MsgRingsGet), Dev: v0}))
	r.Write(t, "channels-get", "ETHTOOL_MSG_CHANNELS_GET for v0; "+setup,
		do(&ethtool.Channels{Header: hdr(ethtool.MsgChannelsGet), Dev: v0}))
	r.Write(t, "strset-features", "ETHTOOL_MSG_STRSET_GET of ETH_SS_FEATURES with an empty header (a global set); "+setup,
		do(&ethtool.Strset{Header: hdr(ethtool.MsgStrsetGet), Dev: &ethtool.Dev{},
			StringSets: &ethtool.StringSets{Sets: []ethtool.StringSet{{ID: ethtool.SSFeatures}}}}))
	r.Write(t, "strset-counts", "ETHTOOL_MSG_STRSET_GET for v0 of ETH_SS_STATS, ETH_SS_FEATURES and ETH_SS_LINK_MODES, counts only; "+setup,
		do(&ethtool.Strset{Header: hdr(ethtool.MsgStrsetGet), Dev: v0, CountsOnly: true,
			StringSets: &ethtool.StringSets{Sets: []ethtool.StringSet{{ID: ethtool.SSStats}, {ID: ethtool.SSFeatures}, {ID: ethtool.SSLinkModes}}}}))
	r.Write(t, "strset-dev", "ETHTOOL_MSG_STRSET_GET for v0 naming no set: the sets of the device (veth's statistics); "+setup,
		do(&ethtool.Strset{Header: hdr(ethtool.MsgStrsetGet), Dev: v0}))

	if err := r.Conn.JoinGroup(context.Background(), ethtool.FamilyName, ethtool.MonitorGroup); err != nil {
		t.Fatal(err)
	}
	runIn(t, ns, "ethtool", "-K", "v0", "gro", "off")
	r.Write(t, "features-ntf", `ETHTOOL_MSG_FEATURES_NTF to the "monitor" group after "ethtool -K v0 gro off"; `+setup,
		r.Event(t, func(m netlink.RawMessage) bool { return len(m.Data) > 0 && m.Data[0] == ethtool.MsgFeaturesNtf }))
}

// ifindex returns the index of the device called name.
func ifindex(t *testing.T, r *gentest.Recorder, name string) netlink.IfIndex {
	t.Helper()
	li, err := ethtool.New(r.Conn).LinkInfo(context.Background(), ethtool.ByName(name))
	if err != nil {
		t.Fatal(err)
	}
	return li.Dev.Index
}
