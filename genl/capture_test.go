package genl_test

import (
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// TestCapture writes the controller's golden files from a fresh namespace
// (hex and text) when run with -update; review the diff afterwards.
func TestCapture(t *testing.T) {
	if !golden.Updating() {
		t.Skip("run with -update to capture golden files from the kernel")
	}
	ns := nltest.NewNS(t)
	r := gentest.NewRecorder(t, ns, goldenDir, "TestCapture (genl/capture_test.go)")
	hdr := genl.Header{Command: genl.CtrlCmdGetFamily, Version: genl.CtrlVersion}
	get := func(name string) []byte {
		return r.Exchange(t, genl.CtrlName, 0, &genl.Family{Header: hdr, Name: name})
	}
	r.Write(t, "getfamily-nlctrl", `CTRL_CMD_GETFAMILY request for "nlctrl" and its reply`, get("nlctrl"))
	r.Write(t, "getfamily-netdev", `CTRL_CMD_GETFAMILY request for "netdev" and its reply (two multicast groups)`, get("netdev"))
	r.Write(t, "getfamily-enoent", `CTRL_CMD_GETFAMILY request for "nosuchfamily": ENOENT`, get("nosuchfamily"))
	r.Write(t, "getfamily-id", `CTRL_CMD_GETFAMILY request by id (the controller's, 16) and its reply`,
		r.Exchange(t, genl.CtrlName, 0, &genl.Family{Header: hdr, ID: genl.CtrlID}))
	r.Write(t, "getfamily-dump", `CTRL_CMD_GETFAMILY dump: every family, as "genl ctrl list" shows`,
		r.Exchange(t, genl.CtrlName, netlink.Dump, &genl.Family{Header: hdr}))

	pol := genl.Header{Command: genl.CtrlCmdGetPolicy, Version: genl.CtrlVersion}
	r.Write(t, "getpolicy-nlctrl", `CTRL_CMD_GETPOLICY dump of "nlctrl": the policies of GETFAMILY and GETPOLICY`,
		r.Exchange(t, genl.CtrlName, netlink.Dump, &genl.PolicyMessage{Header: pol, FamilyName: "nlctrl"}))
	r.Write(t, "getpolicy-ethtool-op", `CTRL_CMD_GETPOLICY dump of "ethtool" for one command, ETHTOOL_MSG_LINKINFO_GET (2)`,
		r.Exchange(t, genl.CtrlName, netlink.Dump, &genl.PolicyMessage{Header: pol, FamilyName: "ethtool", Op: 2}))
	r.Write(t, "getpolicy-netdev-op", `CTRL_CMD_GETPOLICY dump of "netdev" for one command, NETDEV_CMD_QSTATS_GET (12)`,
		r.Exchange(t, genl.CtrlName, netlink.Dump, &genl.PolicyMessage{Header: pol, FamilyName: "netdev", Op: 12}))
}
