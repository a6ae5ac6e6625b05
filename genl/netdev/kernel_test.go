package netdev_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/genl/netdev"
	"github.com/nltag/go-netlink/netlink"
)

// TestKernelDevs compares the device dump with `ip link show`, and checks
// what a veth offers to XDP and its queues.
func TestKernelDevs(t *testing.T) {
	ns, v0 := newVethNS(t)
	n := netdev.New(gentest.Dial(t, ns))
	ctx := context.Background()
	var links []struct {
		Ifindex netlink.IfIndex `json:"ifindex"`
	}
	ns.IPJSON(t, &links, "link", "show")
	var want, got []netlink.IfIndex
	for _, l := range links {
		want = append(want, l.Ifindex)
	}
	devs, err := n.Devs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		got = append(got, d.Ifindex)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Errorf("ip link shows %v, the dump %v", want, got)
	}

	d, err := n.Dev(ctx, v0)
	if err != nil {
		t.Fatal(err)
	}
	if d.Ifindex != v0 || d.XDPFeatures&(netdev.XDPActBasic|netdev.XDPActRedirect) != netdev.XDPActBasic|netdev.XDPActRedirect {
		t.Errorf("veth: %+v", d)
	}

	qs, err := n.Queues(ctx, v0)
	if err != nil {
		t.Fatal(err)
	}
	var types []netdev.QueueType
	for _, q := range qs {
		if q.Ifindex != v0 || q.ID == nil || *q.ID != 0 || q.Type == nil {
			t.Errorf("queue %+v", q)
			continue
		}
		types = append(types, *q.Type)
	}
	if !slices.Equal(types, []netdev.QueueType{netdev.QueueRx, netdev.QueueTx}) {
		t.Errorf("veth queues: %v", types)
	}
}

// TestKernelMgmt joins the mgmt group and decodes the notifications of a
// veth pair coming and going.
func TestKernelMgmt(t *testing.T) {
	ns, _ := newVethNS(t)
	c := gentest.Dial(t, ns)
	if err := c.JoinGroup(context.Background(), netdev.FamilyName, netdev.MgmtGroup); err != nil {
		t.Fatal(err)
	}
	if err := c.Conn().SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	ns.IP(t, "link", "add", "v2", "type", "veth", "peer", "name", "v3")
	var links []struct {
		Ifindex netlink.IfIndex `json:"ifindex"`
	}
	ns.IPJSON(t, &links, "link", "show", "v2")
	v2 := links[0].Ifindex
	ns.IP(t, "link", "del", "v2")
	added, deleted := false, false
	for !added || !deleted {
		ms, err := c.Receive(netdev.Messages)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			d, ok := m.Body.(*netdev.Dev)
			if !ok || d.Ifindex != v2 {
				continue
			}
			switch d.Command {
			case netdev.CmdDevAddNtf:
				added = true
			case netdev.CmdDevDelNtf:
				deleted = added
			}
		}
	}
}

// TestKernelErrorsNameFieldsAndCommands: a request without the attribute the
// kernel requires is refused with the attribute's name (the kernel gives a
// number), and the error says which family and command failed.
func TestKernelErrorsNameFieldsAndCommands(t *testing.T) {
	ns, _ := newVethNS(t)
	c := gentest.Dial(t, ns)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := netdev.New(c).Dev(ctx, 0) // NETDEV_A_DEV_IFINDEX is omitempty: left out
	var oe *netlink.OpError
	if !errors.As(err, &oe) || !errors.Is(err, unix.EINVAL) {
		t.Fatalf("Dev(0) = %v, want EINVAL", err)
	}
	if oe.Missing != "NETDEV_A_DEV_IFINDEX" {
		t.Errorf("Missing = %q, want NETDEV_A_DEV_IFINDEX", oe.Missing)
	}
	const want = "genl: netdev NETDEV_CMD_DEV_GET: invalid argument (missing attribute NETDEV_A_DEV_IFINDEX)"
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	var re *genl.RequestError
	if !errors.As(err, &re) || re.Family != netdev.FamilyName || re.Command != uint8(netdev.CmdDevGet) {
		t.Errorf("RequestError = %+v", re)
	}
	// A command the family lacks.
	_, err = c.Execute(ctx, netdev.FamilyName, netlink.Acknowledge, &netdev.Dev{Header: genl.Header{Command: 200, Version: 1}})
	if !errors.Is(err, unix.EOPNOTSUPP) || !strings.HasPrefix(err.Error(), "genl: netdev command 200: ") {
		t.Errorf("command 200: %v", err)
	}
}
