package nltest

import (
	"net"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/netns"
)

// link is the part of `ip -j -d link show` output these tests read.
type link struct {
	IfName   string   `json:"ifname"`
	Flags    []string `json:"flags"`
	LinkInfo struct {
		InfoKind string `json:"info_kind"`
	} `json:"linkinfo"`
}

func TestNewNS(t *testing.T) {
	ns := NewNS(t)
	if !strings.HasPrefix(ns.Name, "nltest-") || len(ns.Name) >= 30 {
		t.Errorf("name %q: want prefix nltest- and fewer than 30 characters", ns.Name)
	}
	if _, err := os.Stat(ns.Path); err != nil {
		t.Fatal(err)
	}

	var lo []link
	ns.IPJSON(t, &lo, "link", "show", "lo")
	if len(lo) != 1 || !slices.Contains(lo[0].Flags, "UP") {
		t.Errorf("lo in new namespace: %+v, want it UP", lo)
	}

	// veth rather than dummy: CONFIG_DUMMY is missing from some kernels
	// (this one included), while containers need veth anyway.
	ns.IP(t, "link", "add", "nlt0", "type", "veth", "peer", "name", "nlt1")
	var links []link
	ns.IPJSON(t, &links, "-d", "link", "show", "nlt0")
	if len(links) != 1 || links[0].IfName != "nlt0" || links[0].LinkInfo.InfoKind != "veth" {
		t.Errorf("ip -j -d link show nlt0 = %+v, want one veth named nlt0", links)
	}
	if _, err := net.InterfaceByName("nlt0"); err == nil {
		t.Errorf("nlt0 is visible in the host namespace")
	}
}

func TestNewNSUnique(t *testing.T) {
	a, b := NewNS(t), NewNS(t)
	if a.Name == b.Name {
		t.Errorf("two namespaces named %q", a.Name)
	}
}

func TestNSCleanup(t *testing.T) {
	RequireRoot(t)
	var ns *NS
	t.Run("create", func(t *testing.T) { ns = NewNS(t) })
	if ns == nil {
		t.Fatal("subtest did not create a namespace")
	}
	if _, err := os.Stat(ns.Path); !os.IsNotExist(err) {
		t.Errorf("%s still exists after its test ended: stat: %v", ns.Path, err)
	}
	if list, _ := runIP("netns", "list"); strings.Contains(list, ns.Name) {
		t.Errorf("ip netns list still shows %s:\n%s", ns.Name, list)
	}
}

func TestNSDo(t *testing.T) {
	ns := NewNS(t)
	want := ns.Handle(t)
	ns.IP(t, "link", "add", "nlt0", "type", "veth", "peer", "name", "nlt1")
	ran := false
	ns.Do(t, func() {
		ran = true
		cur, err := netns.Current()
		if err != nil {
			t.Fatal(err)
		}
		defer cur.Close()
		if eq, err := cur.Equal(want); err != nil || !eq {
			t.Errorf("inside Do: Equal(namespace) = %v, %v; want true", eq, err)
		}
		if _, err := net.InterfaceByName("nlt0"); err != nil {
			t.Errorf("inside Do: %v", err)
		}
	})
	if !ran {
		t.Error("fn did not run")
	}
}

func TestNSHandle(t *testing.T) {
	ns := NewNS(t)
	a, b := ns.Handle(t), ns.Handle(t)
	if a.FD() == b.FD() {
		t.Errorf("two Handle calls share fd %d", a.FD())
	}
	if eq, err := a.Equal(b); err != nil || !eq {
		t.Errorf("Equal = %v, %v; want true", eq, err)
	}
}
