package conntrack_test

import (
	"net/netip"
	"os/exec"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netfilter"
	"github.com/nltag/go-netlink/netfilter/conntrack"
	"github.com/nltag/go-netlink/netlink"
)

// sysctl sets the namespace's sysctl name to value.
func sysctl(t *testing.T, ns *nltest.NS, name, value string) {
	t.Helper()
	if out, err := exec.Command("ip", "netns", "exec", ns.Name, "sysctl", "-qw", name+"="+value).CombinedOutput(); err != nil {
		t.Fatalf("sysctl %s=%s: %v\n%s", name, value, err, out)
	}
}

// sampleEntries are the entries the captures hold: TCP, UDP and ICMP over
// IPv4 and IPv6, with marks, a zone and TCP state.
func sampleEntries() []*conntrack.Entry {
	a4, b4 := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	a6, b6 := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	tcp4 := tcpEntry(40000, 1)
	udpOrig := conntrack.PortTuple(conntrack.ProtoUDP, netip.AddrPortFrom(a4, 5353), netip.AddrPortFrom(b4, 53))
	udpReply := conntrack.PortTuple(conntrack.ProtoUDP, netip.AddrPortFrom(b4, 53), netip.AddrPortFrom(a4, 5353))
	icmpOrig := conntrack.ICMPTuple(a4, b4, 8, 0, 77)
	icmpReply := conntrack.ICMPTuple(b4, a4, 0, 0, 77)
	tcp6Orig := conntrack.PortTuple(conntrack.ProtoTCP, netip.AddrPortFrom(a6, 40001), netip.AddrPortFrom(b6, 443))
	tcp6Reply := conntrack.PortTuple(conntrack.ProtoTCP, netip.AddrPortFrom(b6, 443), netip.AddrPortFrom(a6, 40001))
	icmp6Orig := conntrack.ICMPTuple(a6, b6, 128, 0, 9)
	icmp6Reply := conntrack.ICMPTuple(b6, a6, 129, 0, 9)
	return []*conntrack.Entry{
		tcp4,
		{Orig: &udpOrig, Reply: &udpReply, Timeout: new(uint32(30)), Zone: new(uint16(3)), Mark: new(uint32(2))},
		{Orig: &icmpOrig, Reply: &icmpReply, Timeout: new(uint32(30))},
		{Orig: &tcp6Orig, Reply: &tcp6Reply, Timeout: new(uint32(120)),
			ProtoInfo: &conntrack.ProtoInfo{TCP: &conntrack.ProtoInfoTCP{State: new(conntrack.TCPSynSent)}}},
		{Orig: &icmp6Orig, Reply: &icmp6Reply, Timeout: new(uint32(30))},
	}
}

// drain reads what c holds, until a read would wait.
func drain(c *conn.Conn) {
	for {
		c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		if _, err := c.Receive(); err != nil {
			return
		}
	}
}

// TestCapture writes the golden files of testdata/netfilter/conntrack (hex
// and text) from a fresh namespace when run with -update; review the diff
// afterwards.
func TestCapture(t *testing.T) {
	if !golden.Updating() {
		t.Skip("run with -update to capture golden files from the kernel")
	}
	ns := nltest.NewNS(t)
	sysctl(t, ns, "net.netfilter.nf_conntrack_acct", "1")
	sysctl(t, ns, "net.netfilter.nf_conntrack_timestamp", "1")
	c, err := conn.Dial(unix.NETLINK_NETFILTER, &conn.Config{NetNS: conn.NetNSPath(ns.Path), PID: 4242})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	seq := uint32(0)
	exchange := func(msg uint8, flags netlink.Flags, body any) []byte {
		seq++
		m := netlink.Message{Header: netlink.Header{Type: conntrack.MsgType(msg), Flags: flags | netlink.Request, Seq: seq}, Body: body}
		return golden.Exchange(t, c, m)
	}
	anything := func(netlink.RawMessage) bool { return true }
	// Events go to a socket of their own, which the requests' reads do not
	// see; it listens before the entries are made, as the kernel only
	// tracks events of entries made while someone listens.
	events, err := conn.Dial(unix.NETLINK_NETFILTER, &conn.Config{NetNS: conn.NetNSPath(ns.Path), Groups: 0b111})
	if err != nil {
		t.Fatal(err)
	}
	defer events.Close()
	write := func(name, what string, b []byte) {
		t.Helper()
		goldenDir.Write(t, name, what+"\nkernel "+golden.Kernel()+", captured by TestCapture (netfilter/conntrack/capture_test.go)", b)
	}
	const setup = "namespace with nf_conntrack_acct=1 and nf_conntrack_timestamp=1"
	es := sampleEntries()
	for _, e := range es[1:] {
		e.Family = unix.AF_INET
		if e.Orig.IP.V6Src.IsValid() {
			e.Family = unix.AF_INET6
		}
		exchange(conntrack.MsgNew, netlink.Create|netlink.Excl|netlink.Acknowledge, e)
	}
	v4 := netfilter.Header{Family: unix.AF_INET}
	es[0].Header = v4
	write("ct-new", "IPCTNL_MSG_CT_NEW creating an established TCP entry with mark 1, and its ACK; "+setup,
		exchange(conntrack.MsgNew, netlink.Create|netlink.Excl|netlink.Acknowledge, es[0]))
	write("ct-new-eexist", "IPCTNL_MSG_CT_NEW creating the same entry again: EEXIST; "+setup,
		exchange(conntrack.MsgNew, netlink.Create|netlink.Excl|netlink.Acknowledge, es[0]))
	write("ct-dump", "IPCTNL_MSG_CT_GET dump of TCP, UDP (zone 3) and ICMP entries over IPv4 and IPv6; "+setup,
		exchange(conntrack.MsgGet, netlink.Dump, &conntrack.Entry{}))
	write("ct-dump-mark", "IPCTNL_MSG_CT_GET dump of the IPv4 entries with mark 2 (CTA_MARK and CTA_MARK_MASK); "+setup,
		exchange(conntrack.MsgGet, netlink.Dump, &conntrack.Entry{Mark: new(uint32(2)), MarkMask: new(^uint32(0))}))
	write("ct-get", "IPCTNL_MSG_CT_GET of the TCP entry by its original tuple, its reply (NLM_F_MULTI, no DONE) and the ACK; "+setup,
		exchange(conntrack.MsgGet, netlink.Acknowledge, &conntrack.Entry{Header: v4, Orig: es[0].Orig}))
	write("ct-stats", "IPCTNL_MSG_CT_GET_STATS and its reply; "+setup,
		exchange(conntrack.MsgGetStats, netlink.Acknowledge, &conntrack.Stats{}))
	write("ct-stats-cpu", "IPCTNL_MSG_CT_GET_STATS_CPU dump, one message per CPU; "+setup,
		exchange(conntrack.MsgGetStatsCPU, netlink.Dump, &conntrack.StatsCPU{}))

	drain(events) // the NEW events of the entries above
	exchange(conntrack.MsgNew, netlink.Acknowledge, &conntrack.Entry{Header: v4, Orig: es[0].Orig, Mark: new(uint32(9))})
	write("ct-event-update", "the UPDATE event (IPCTNL_MSG_CT_NEW without NLM_F_CREATE) of setting mark 9 on the TCP entry; "+setup, golden.Event(t, events, anything))
	exchange(conntrack.MsgDelete, netlink.Acknowledge, &conntrack.Entry{Header: v4, Orig: es[0].Orig})
	write("ct-event-destroy", "the DESTROY event (IPCTNL_MSG_CT_DELETE) of deleting the TCP entry; "+setup, golden.Event(t, events, anything))
	exchange(conntrack.MsgNew, netlink.Create|netlink.Excl|netlink.Acknowledge, es[0])
	write("ct-event-new", "the NEW event (NLM_F_CREATE|NLM_F_EXCL) of creating the TCP entry again; "+setup, golden.Event(t, events, anything))
}
