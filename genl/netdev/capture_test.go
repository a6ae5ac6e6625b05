package netdev_test

import (
	"context"
	"os/exec"
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/genl/netdev"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// newVethNS returns a fresh namespace holding the veth pair v0-v1, both up,
// and the index of v0.
func newVethNS(t *testing.T) (*nltest.NS, netlink.IfIndex) {
	t.Helper()
	ns := nltest.NewNS(t)
	ns.IP(t, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
	ns.IP(t, "link", "set", "v0", "up")
	ns.IP(t, "link", "set", "v1", "up")
	var links []struct {
		Ifindex netlink.IfIndex `json:"ifindex"`
	}
	ns.IPJSON(t, &links, "link", "show", "v0")
	if len(links) != 1 {
		t.Fatalf("ip link show v0: %v", links)
	}
	return ns, links[0].Ifindex
}

// TestCapture writes the netdev golden files from a fresh namespace
// (hex and text) when run with -update; review the diff afterwards.
func TestCapture(t *testing.T) {
	if !golden.Updating() {
		t.Skip("run with -update to capture golden files from the kernel")
	}
	ns, v0 := newVethNS(t)
	r := gentest.NewRecorder(t, ns, goldenDir, "TestCapture (genl/netdev/capture_test.go)")
	hdr := func(cmd uint8) genl.Header { return genl.Header{Command: cmd, Version: netdev.Version} }
	do := func(req any) []byte { return r.Exchange(t, netdev.FamilyName, 0, req) }
	dump := func(req any) []byte { return r.Exchange(t, netdev.FamilyName, netlink.Dump, req) }
	const setup = "namespace with lo and the veth pair v0-v1, all up"

	r.Write(t, "dev-get", "NETDEV_CMD_DEV_GET for v0 and its reply; "+setup,
		do(&netdev.Dev{Header: hdr(netdev.CmdDevGet), Ifindex: v0}))
	r.Write(t, "dev-get-enodev", "NETDEV_CMD_DEV_GET for ifindex 999: ENODEV; "+setup,
		do(&netdev.Dev{Header: hdr(netdev.CmdDevGet), Ifindex: 999}))
	r.Write(t, "dev-dump", "NETDEV_CMD_DEV_GET dump; "+setup,
		dump(&netdev.Dev{Header: hdr(netdev.CmdDevGet)}))
	r.Write(t, "queue-dump", "NETDEV_CMD_QUEUE_GET dump for v0; "+setup,
		dump(&netdev.Queue{Header: hdr(netdev.CmdQueueGet), Ifindex: v0}))
	r.Write(t, "queue-get", "NETDEV_CMD_QUEUE_GET for transmit queue 0 of v0; "+setup,
		do(&netdev.Queue{Header: hdr(netdev.CmdQueueGet), Ifindex: v0, Type: new(netdev.QueueTx), ID: new(uint32(0))}))
	r.Write(t, "qstats-dump", "NETDEV_CMD_QSTATS_GET dump per queue: veth keeps none, so only NLMSG_DONE; "+setup,
		dump(&netdev.QStats{Header: hdr(netdev.CmdQStatsGet), Scope: netdev.QStatsScopeQueue}))

	if out, err := exec.Command("ip", "netns", "exec", ns.Name, "ethtool", "-K", "v0", "gro", "on").CombinedOutput(); err != nil {
		t.Fatalf("ethtool -K v0 gro on: %v\n%s", err, out)
	}
	r.Write(t, "napi-dump", `NETDEV_CMD_NAPI_GET dump for v0 after "ethtool -K v0 gro on", which gives veth a NAPI instance; `+setup,
		dump(&netdev.NAPI{Header: hdr(netdev.CmdNAPIGet), Ifindex: v0}))

	if err := r.Conn.JoinGroup(context.Background(), netdev.FamilyName, netdev.MgmtGroup); err != nil {
		t.Fatal(err)
	}
	ns.IP(t, "link", "add", "v2", "type", "veth", "peer", "name", "v3")
	r.Write(t, "dev-add-ntf", `NETDEV_CMD_DEV_ADD_NTF to the "mgmt" group after "ip link add v2 type veth peer name v3"; `+setup,
		r.Event(t, func(m netlink.RawMessage) bool { return len(m.Data) > 0 && m.Data[0] == netdev.CmdDevAddNtf }))
}
