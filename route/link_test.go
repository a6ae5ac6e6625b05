package route

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// TestLinkTypesCheck validates the tags of every link type, sub-message
// types included (nltag checks those only when they are first used).
func TestLinkTypesCheck(t *testing.T) {
	for _, v := range []any{
		Link{}, LinkInfo{}, LinkPropList{}, ProtoDownReason{}, LinkXDP{}, LinkStats{}, LinkStats64{}, LinkIfmap{},
		LinkAFSpec{}, InetLink{}, Inet6Link{}, BridgeAFSpec{},
		VethData{}, MacvlanData{}, MacvtapData{}, MacvlanMacaddrs{}, VxlanData{}, TunData{}, VLANData{}, VLANQoS{},
		VRFData{}, VRFPortData{}, IPVlanData{}, IPVtapData{}, GeneveData{},
		BridgeData{}, BridgePortData{}, BondData{}, BondADInfo{}, BondSlaveData{},
		GREData{}, GRETapData{}, IP6GREData{}, IP6GRETapData{}, ERSPANData{}, IP6ERSPANData{}, IPIPData{}, SITData{},
	} {
		if err := nltag.Check(v); err != nil {
			t.Errorf("%T: %v", v, err)
		}
	}
}

// TestLinkRequestVeth builds the request of `ip link add v0 type veth peer
// name v1` from structs and compares it with the hand-built bytes.
func TestLinkRequestVeth(t *testing.T) {
	req := &Link{
		Name:     "v0",
		LinkInfo: NewLinkInfo(&VethData{Peer: &Link{Name: "v1"}}),
	}
	if req.LinkInfo == nil || req.LinkInfo.Kind != "veth" {
		t.Fatalf("NewLinkInfo: %+v", req.LinkInfo)
	}
	got, err := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Request | netlink.Acknowledge | netlink.Excl | netlink.Create, Seq: 1},
		Body:   req,
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	for _, c := range handmadeLinks() {
		if c.name == "link-request-veth" {
			want = c.bytes
		}
	}
	if !bytes.Equal(got, want) {
		t.Errorf("request:\n got %x\nwant %x", got, want)
	}
}

// TestLinkRequestOptionalZeros checks that pointer fields send zero values
// that omitempty would drop: nomaster, carrier off, STP off.
func TestLinkRequestOptionalZeros(t *testing.T) {
	req := &Link{
		Index:    3,
		Master:   new(netlink.IfIndex(0)),
		Carrier:  new(false),
		LinkInfo: &LinkInfo{Kind: "bridge", Data: &BridgeData{STPState: new(uint32(0))}},
	}
	b, err := nltag.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	var back Link
	if err := nltag.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Master == nil || *back.Master != 0 || back.Carrier == nil || *back.Carrier {
		t.Errorf("master %v carrier %v", back.Master, back.Carrier)
	}
	d, ok := back.LinkInfo.Data.(*BridgeData)
	if !ok || d.STPState == nil || *d.STPState != 0 || d.ForwardDelay != nil {
		t.Errorf("bridge data %+v", back.LinkInfo.Data)
	}
}

// TestVxlanTTLInheritRequest: a U8Flag built in Go goes out as the empty
// flag the kernel wants in requests, VNI 0 goes out (a pointer), and a
// U8Flag decoded from the kernel's u8 goes back as a u8; one that is off
// cannot be sent.
func TestVxlanTTLInheritRequest(t *testing.T) {
	d := &VxlanData{ID: new(uint32(0)), TTLInherit: &U8Flag{On: true}}
	b, err := nltag.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	want := append(nltag.AppendAttr(nil, unix.IFLA_VXLAN_ID, []byte{0, 0, 0, 0}), nltag.AppendAttr(nil, unix.IFLA_VXLAN_TTL_INHERIT, nil)...)
	if !bytes.Equal(b, want) {
		t.Errorf("got %x, want %x", b, want)
	}
	reported := nltag.AppendAttr(nil, unix.IFLA_VXLAN_TTL_INHERIT, []byte{1})
	var back VxlanData
	if err := nltag.Unmarshal(reported, &back); err != nil || back.TTLInherit == nil || !back.TTLInherit.On {
		t.Fatalf("decoding the kernel's u8: %+v, %v", back.TTLInherit, err)
	}
	if b, err := nltag.Marshal(&back); err != nil || !bytes.Equal(b, reported) {
		t.Errorf("re-encoding the kernel's u8: %x, %v; want %x", b, err, reported)
	}
	if _, err := nltag.Marshal(&VxlanData{TTLInherit: &U8Flag{}}); !errors.Is(err, nltag.ErrValue) {
		t.Errorf("an off U8Flag in a request: %v, want ErrValue", err)
	}
}

// TestBondARPTargetsDecode decodes targets numbered from 0, as
// bond_fill_info writes them, and encodes them back the same way.
func TestBondARPTargetsDecode(t *testing.T) {
	targets := append(nltag.AppendAttr(nil, 0, []byte{192, 0, 2, 1}), nltag.AppendAttr(nil, 1, []byte{192, 0, 2, 2})...)
	b := nltag.AppendAttr(nil, unix.IFLA_BOND_ARP_IP_TARGET, targets)
	var d BondData
	if err := nltag.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	want := []netip.Addr{netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")}
	if len(d.ARPIPTargets) != 2 || d.ARPIPTargets[0] != want[0] || d.ARPIPTargets[1] != want[1] {
		t.Errorf("targets %v", d.ARPIPTargets)
	}
	if out, err := nltag.Marshal(&d); err != nil || !bytes.Equal(out, b) {
		t.Errorf("re-encoding: %x %v, want %x", out, err, b)
	}
}

func TestLinkSubMessagesBySelector(t *testing.T) {
	// An unregistered kind keeps its data as nltag.Raw and re-encodes it.
	info := append(nltag.AppendAttr(nil, unix.IFLA_INFO_KIND, []byte("nosuchkind\x00")), nltag.AppendAttr(nil, unix.IFLA_INFO_DATA, []byte{1, 2, 3, 4})...)
	var li LinkInfo
	if err := nltag.Unmarshal(info, &li); err != nil {
		t.Fatal(err)
	}
	if r, ok := li.Data.(nltag.Raw); !ok || !bytes.Equal(r, []byte{1, 2, 3, 4}) {
		t.Errorf("data %#v", li.Data)
	}
	if out, err := nltag.Marshal(&li); err != nil || !bytes.Equal(out, info) {
		t.Errorf("re-encoding: %x %v", out, err)
	}
	// IFLA_AF_SPEC of an AF_BRIDGE message holds IFLA_BRIDGE_* attributes.
	vlan := []byte{0x06, 0x00, 0x0a, 0x00} // PVID|UNTAGGED, vid 10
	afspec := nltag.AppendAttr(nil, 2, vlan)
	body := append([]byte{unix.AF_BRIDGE, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, nltag.AppendAttr(nil, unix.IFLA_AF_SPEC, afspec)...)
	var l Link
	if err := nltag.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	s, ok := l.AFSpec.(*BridgeAFSpec)
	if !ok || len(s.VLANs) != 1 || s.VLANs[0].VID != 10 || s.VLANs[0].Flags != BridgeVLANPVID|BridgeVLANUntagged {
		t.Fatalf("AF_BRIDGE af_spec: %#v", l.AFSpec)
	}
	if got := nltag.Format(&l); !strings.Contains(got, "Flags: PVID|UNTAGGED") {
		t.Errorf("Format:\n%s", got)
	}
}

func TestLinkEnums(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{(IffUp | IffBroadcast | IffLowerUp).String(), "UP|BROADCAST|LOWER_UP"},
		{HardwareEther.String(), "ETHER"},
		{HardwareLoopback.String(), "LOOPBACK"},
		{HardwareType(unix.ARPHRD_IPGRE).String(), "IPGRE"},
		{OperLowerLayerDown.String(), "LOWERLAYERDOWN"},
		{LinkModeDormant.String(), "DORMANT"},
		{MacvlanModeBridge.String(), "BRIDGE"},
		{BondMode8023AD.String(), "802.3ad"},
		{VLANProtocol8021AD.String(), "802.1ad"},
		{(ExtFilterVF | ExtFilterSkipStats).String(), "VF|SKIP_STATS"},
		{(GREFlagKey | GREFlagCsum).String(), "KEY|CSUM"},
		{OperState(42).String(), "42"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if f, err := ParseInterfaceFlags("UP|LOWER_UP"); err != nil || f != IffUp|IffLowerUp {
		t.Errorf("ParseInterfaceFlags: %v %v", f, err)
	}
}

func TestDevConfArrays(t *testing.T) {
	var c InetDevConf
	if err := c.UnmarshalNetlink([]byte{1, 0, 0, 0, 0, 0, 0, 0}); err != nil || len(c) != 2 || c[InetConfForwarding] != 1 {
		t.Fatalf("%v %v", c, err)
	}
	if s := c.String(); s != "forwarding=1 mc_forwarding=0" {
		t.Errorf("String: %q", s)
	}
	if err := c.UnmarshalNetlink([]byte{1, 2, 3}); err == nil {
		t.Error("3 bytes decoded as an array of 4-byte values")
	}
	s6 := Inet6DevConf{-1}
	if s6.String() != "forwarding=-1" {
		t.Errorf("Inet6DevConf: %q", s6.String())
	}
	var st Inet6Stats
	if err := st.UnmarshalNetlink(make([]byte, 12)); err == nil {
		t.Error("12 bytes decoded as 8-byte counters")
	}
	b, _ := Inet6Stats{1, 2}.MarshalNetlink(nil)
	if len(b) != 16 {
		t.Errorf("Inet6Stats encodes to %d bytes", len(b))
	}
}

func TestNewLinkInfoUnregistered(t *testing.T) {
	type notAKind struct{}
	if li := NewLinkInfo(&notAKind{}); li != nil {
		t.Errorf("NewLinkInfo of an unregistered type: %+v", li)
	}
	if li := NewLinkInfo(&BondData{}); li == nil || li.Kind != "bond" {
		t.Errorf("NewLinkInfo(&BondData{}) = %+v", li)
	}
}

func TestLinkDecodeErrors(t *testing.T) {
	// IFLA_LINKINFO whose IFLA_INFO_KIND runs past its nest.
	bad := append(make([]byte, 16), 0x0c, 0x00, 0x12, 0x00, 0x20, 0x00, 0x01, 0x00, 'v', 'e', 't', 'h')
	var l Link
	err := nltag.Unmarshal(bad, &l)
	var e *nltag.Error
	if !errors.As(err, &e) || !errors.Is(err, nltag.ErrLength) || !strings.HasPrefix(e.Path, "LinkInfo") {
		t.Errorf("err = %v", err)
	}
}

// TestLinkStatsOlderKernels decodes the counters as kernels before 5.19
// send them: rtnl_link_stats64 without rx_otherhost_dropped (192 bytes),
// and before 4.6 rtnl_link_stats without rx_nohandler (92 bytes). Every
// counter sent is read; the missing one is zero.
func TestLinkStatsOlderKernels(t *testing.T) {
	counters := func(n, width int) []byte {
		b := make([]byte, n*width)
		for i := range n {
			if width == 8 {
				binary.NativeEndian.PutUint64(b[8*i:], uint64(i+1))
			} else {
				binary.NativeEndian.PutUint32(b[4*i:], uint32(i+1))
			}
		}
		return b
	}
	body := make([]byte, 16) // ifinfomsg
	body = nltag.AppendAttr(body, unix.IFLA_STATS64, counters(24, 8))
	body = nltag.AppendAttr(body, unix.IFLA_STATS, counters(23, 4))
	var l Link
	if err := nltag.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	if s := l.Stats64; s == nil || s.RxPackets != 1 || s.Collisions != 10 || s.RxNoHandler != 24 || s.RxOtherhostDropped != 0 {
		t.Errorf("Stats64 = %+v", s)
	}
	if s := l.Stats; s == nil || s.RxPackets != 1 || s.TxCompressed != 23 || s.RxNoHandler != 0 {
		t.Errorf("Stats = %+v", s)
	}
}
