package conn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Every test here runs in a namespace of its own, made by nltest.NewNS,
// which fails rather than skips under NLTEST_REQUIRE_KERNEL=1.

func TestKernelLinkDump(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "dummy", 5)
	var ipLinks []struct {
		IfName string `json:"ifname"`
	}
	ns.IPJSON(t, &ipLinks, "link", "show")
	var want []string
	for _, l := range ipLinks {
		want = append(want, l.IfName)
	}
	slices.Sort(want)

	c := dial(t, ns, Config{})
	msgs, err := c.Execute(context.Background(), linkDump)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		if m.Header.Type != unix.RTM_NEWLINK {
			t.Errorf("reply of type %d", m.Header.Type)
		}
		got = append(got, linkName(t, m))
	}
	slices.Sort(got)
	if d := cmp.Diff(want, got); d != "" || len(got) != 6 {
		t.Errorf("Execute link names (-ip +Execute):\n%s", d)
	}

	var streamed []string
	for m, err := range c.Stream(context.Background(), linkDump) {
		if err != nil {
			t.Fatal(err)
		}
		streamed = append(streamed, linkName(t, m))
	}
	slices.Sort(streamed)
	if d := cmp.Diff(want, streamed); d != "" {
		t.Errorf("Stream link names (-ip +Stream):\n%s", d)
	}
	if c.Dropped() != 0 {
		t.Errorf("Dropped = %d", c.Dropped())
	}
}

func TestKernelGetLink(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dial(t, ns, Config{})
	msgs, err := c.Execute(context.Background(), getLo)
	if err != nil || len(msgs) != 1 || linkName(t, msgs[0]) != "lo" {
		t.Fatalf("Execute(RTM_GETLINK lo) = %v, %v", msgs, err)
	}
	// The same with an ACK, which follows the reply.
	req := getLo
	req.Header.Flags |= netlink.Acknowledge
	msgs, err = c.Execute(context.Background(), req)
	if err != nil || len(msgs) != 1 || linkName(t, msgs[0]) != "lo" {
		t.Fatalf("Execute(RTM_GETLINK lo, ACK) = %v, %v", msgs, err)
	}
	// No reply is left behind for the next request.
	if _, err := c.Execute(context.Background(), getLo); err != nil || c.Dropped() != 0 {
		t.Fatalf("Execute = %v, Dropped = %d", err, c.Dropped())
	}
}

// getLo asks for the link with index 1, lo.
var getLo = netlink.Message{
	Header: netlink.Header{Type: unix.RTM_GETLINK},
	Body:   &ifInfoMsg{Family: unix.AF_UNSPEC, Index: 1},
}

// newLink is the request that creates a link of the given kind, failing if
// one with that name exists.
func newLink(name, kind string) netlink.Message {
	return netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Create | netlink.Excl | netlink.Acknowledge},
		Body:   &ifInfoMsg{Family: unix.AF_UNSPEC, Attrs: linkAttrs{Name: name, Info: &linkInfo{Kind: kind}}},
	}
}

func TestKernelErrors(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "dummy", 1)
	kind := probeKind(t, ns)
	c := dial(t, ns, Config{})
	ctx := context.Background()

	// Creating a link succeeds with an empty reply, as an ACK.
	msgs, err := c.Execute(ctx, newLink("fresh0", kind))
	if err != nil || len(msgs) != 0 {
		t.Fatalf("creating fresh0 = %v, %v", msgs, err)
	}
	var op *netlink.OpError
	_, err = c.Execute(ctx, newLink("dummy0", kind))
	if !errors.Is(err, unix.EEXIST) || !errors.As(err, &op) || op.Request.Type != unix.RTM_NEWLINK {
		t.Fatalf("creating an existing link = %v, want EEXIST as *netlink.OpError", err)
	}
	t.Logf("existing link: %v", err)

	// The kernel explains some errors through the extended ACK.
	for _, tc := range []struct {
		name  string
		req   netlink.Message
		errno unix.Errno
		text  string
	}{
		{"unknown kind", newLink("bad0", "no-such-kind"), unix.EOPNOTSUPP, "Unknown device type"},
		{"existing address", newAddr(1, "127.0.0.1"), unix.EEXIST, "Address already assigned"},
	} {
		_, err := c.Execute(ctx, tc.req)
		if !errors.Is(err, tc.errno) || !errors.As(err, &op) || !strings.Contains(op.Msg, tc.text) {
			t.Errorf("%s: %v; want %v with extended ACK text %q", tc.name, err, tc.errno, tc.text)
		}
	}

	// With extended ACKs off the errno remains, the text does not.
	plain := dial(t, ns, Config{DisableExtAck: true})
	_, err = plain.Execute(ctx, newAddr(1, "127.0.0.1"))
	if !errors.Is(err, unix.EEXIST) || !errors.As(err, &op) || op.Msg != "" {
		t.Errorf("without extended ACK: %v (text %q)", err, op.Msg)
	}

	// Capped ACKs leave the request's payload out; the error stays the same.
	capped := dial(t, ns, Config{CappedAcks: true})
	_, err = capped.Execute(ctx, newAddr(1, "127.0.0.1"))
	if !errors.Is(err, unix.EEXIST) || !errors.As(err, &op) || !strings.Contains(op.Msg, "Address already assigned") {
		t.Errorf("with capped ACKs: %v", err)
	}
}

// newAddr is the request that adds IPv4 address addr/8 to link index.
func newAddr(index uint32, addr string) netlink.Message {
	a := &ifAddrMsg{Family: unix.AF_INET, PrefixLen: 8, Index: index}
	a.Attrs.Local = netip.MustParseAddr(addr).As4()
	a.Attrs.Address = a.Attrs.Local
	return netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWADDR, Flags: netlink.Create | netlink.Excl | netlink.Acknowledge},
		Body:   a,
	}
}

func TestKernelStrict(t *testing.T) {
	ns := nltest.NewNS(t)
	// Header fields a link dump cannot filter by are ignored, unless the
	// socket asked for strict checking.
	bad := netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump},
		Body:   &ifInfoMsg{Family: unix.AF_UNSPEC, Change: 1},
	}
	if _, err := dial(t, ns, Config{}).Execute(context.Background(), bad); err != nil {
		t.Errorf("lenient dump = %v", err)
	}
	_, err := dial(t, ns, Config{Strict: true}).Execute(context.Background(), bad)
	if !errors.Is(err, unix.EINVAL) {
		t.Errorf("strict dump = %v, want EINVAL", err)
	}
	t.Logf("strict: %v", err)
}

// TestKernelLargeDump dumps thousands of routes, many datagrams' worth,
// and counts the recvmsg calls it takes.
func TestKernelLargeDump(t *testing.T) {
	const routes = 5000
	ns := nltest.NewNS(t)
	addDummies(t, ns, "dummy", 1)
	ns.Batch(t, routeBatch(routes, "dummy0"))
	c := dial(t, ns, Config{})

	before := c.recvCalls.Load()
	msgs, err := c.Execute(context.Background(), routeDump)
	if err != nil {
		t.Fatal(err)
	}
	calls := c.recvCalls.Load() - before
	var bytes int
	seen := map[netip.Addr]bool{}
	for _, m := range msgs {
		bytes += m.Len()
		if dst, ok := routeDst(m); ok {
			seen[dst] = true
		}
	}
	for i := range routes {
		dst := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		if !seen[dst] {
			t.Fatalf("route to %v missing from %d replies", dst, len(msgs))
		}
	}
	// Two calls per datagram, and datagrams filled near 32 KiB.
	datagrams := (bytes + 32<<10 - 1) / (32 << 10)
	t.Logf("%d routes, %d bytes: %d recvmsg calls, %d datagrams at least", len(msgs), bytes, calls, datagrams)
	if calls > uint64(2*(datagrams+2)) {
		t.Errorf("%d recvmsg calls for %d bytes, want at most %d", calls, bytes, 2*(datagrams+2))
	}

	// A reader that learns each datagram's size by peeking with an empty
	// buffer keeps the kernel's datagrams small.
	small, smallDgrams := emptyPeekDump(t, ns, routeDump)
	t.Logf("empty-buffer peeks: %d recvmsg calls for %d datagrams (%.1fx as many calls)", small, smallDgrams, float64(small)/float64(calls))
	if small < 4*int(calls) {
		t.Errorf("empty-buffer peeks took %d calls, this Conn %d: want at least 4x fewer", small, calls)
	}

	n := 0
	before = c.recvCalls.Load()
	for _, err := range c.Stream(context.Background(), routeDump) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != len(msgs) {
		t.Errorf("Stream yielded %d routes, Execute returned %d", n, len(msgs))
	}
	t.Logf("Stream: %d recvmsg calls", c.recvCalls.Load()-before)
}

// routeDst returns the RTA_DST of an RTM_NEWROUTE message.
func routeDst(m netlink.RawMessage) (netip.Addr, bool) {
	if len(m.Data) < 12 {
		return netip.Addr{}, false
	}
	for a, err := range nltag.Attrs(m.Data[12:]) {
		if err != nil {
			break
		}
		if a.Num() == unix.RTA_DST && len(a.Data) == 4 {
			return netip.AddrFrom4([4]byte(a.Data)), true
		}
	}
	return netip.Addr{}, false
}

func TestKernelMulticast(t *testing.T) {
	ns := nltest.NewNS(t)
	byMask := dial(t, ns, Config{Groups: unix.RTMGRP_LINK})
	byJoin := dial(t, ns, Config{})
	if err := byJoin.JoinGroup(unix.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}
	if a, err := byMask.LocalAddr(); err != nil || a.Groups != unix.RTMGRP_LINK || a.PID == 0 {
		t.Errorf("LocalAddr = %v, %v", a, err)
	}
	addDummies(t, ns, "ev", 1)
	for name, c := range map[string]*Conn{"Groups": byMask, "JoinGroup": byJoin} {
		waitLink(t, c, "ev0")
		t.Logf("%s: saw ev0", name)
	}

	// After LeaveGroup, no more events.
	if err := byJoin.LeaveGroup(unix.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}
	drain(byJoin)
	addDummies(t, ns, "quiet", 1)
	waitLink(t, byMask, "quiet0")
	byJoin.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if msgs, err := byJoin.Receive(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Receive after LeaveGroup = %d messages, %v", len(msgs), err)
	}
}

// waitLink reads events from c until one names link, failing after 5s.
func waitLink(t *testing.T, c *Conn, link string) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	defer c.SetReadDeadline(time.Time{})
	for {
		msgs, err := c.Receive()
		if errors.Is(err, ErrOverrun) {
			continue
		}
		if err != nil {
			t.Fatalf("waiting for an event about %s: %v", link, err)
		}
		for _, m := range msgs {
			if m.Header.Type == unix.RTM_NEWLINK && linkName(t, m) == link {
				return
			}
		}
	}
}

// drain reads what c has queued.
func drain(c *Conn) {
	for {
		c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		if _, err := c.Receive(); errors.Is(err, os.ErrDeadlineExceeded) {
			c.SetReadDeadline(time.Time{})
			return
		}
	}
}

// TestKernelOverrun floods a subscriber with a tiny buffer, then checks
// that the loss is reported and that events flow again afterwards.
func TestKernelOverrun(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dial(t, ns, Config{Groups: unix.RTMGRP_LINK | unix.RTMGRP_IPV4_IFADDR, ReadBufferSize: 4096})
	addDummies(t, ns, "burst", 40)

	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	overrun := false
	for !overrun {
		_, err := c.Receive()
		switch {
		case errors.Is(err, ErrOverrun):
			overrun = true
			if !errors.Is(err, unix.ENOBUFS) {
				t.Errorf("%v does not match unix.ENOBUFS", err)
			}
		case err != nil:
			t.Fatalf("Receive = %v before any overrun", err)
		}
	}
	c.SetReadDeadline(time.Time{})
	drain(c)
	addDummies(t, ns, "after", 1)
	waitLink(t, c, "after0")
}

func TestKernelReadBufferSize(t *testing.T) {
	ns := nltest.NewNS(t)
	const size = 8 << 20 // beyond net.core.rmem_max on most systems
	c := dial(t, ns, Config{ReadBufferSize: size})
	var got int
	var err error
	c.t.(*socket).rc.Control(func(fd uintptr) {
		got, err = unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF)
	})
	// The kernel doubles the value for its bookkeeping.
	if err != nil || got < size {
		t.Errorf("SO_RCVBUF = %d, %v; want at least %d", got, err, size)
	}
}

// noop is a request the kernel never answers: NLMSG_NOOP without an ACK.
var noop = netlink.Message{Header: netlink.Header{Type: netlink.Noop}}

func TestKernelCancel(t *testing.T) {
	ns := nltest.NewNS(t)
	c := dial(t, ns, Config{})

	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := c.Execute(ctx, noop); !errors.Is(err, context.Canceled) {
		t.Fatalf("Execute = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d < 50*time.Millisecond || d > 5*time.Second {
		t.Errorf("Execute returned after %v", d)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := c.Execute(ctx, noop); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Execute = %v, want context.DeadlineExceeded", err)
	}

	c.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
	if _, err := c.Execute(context.Background(), noop); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Execute = %v, want os.ErrDeadlineExceeded", err)
	}
	c.SetReadDeadline(time.Time{})

	// The Conn is still in step with the kernel.
	if msgs, err := c.Execute(context.Background(), getLo); err != nil || len(msgs) != 1 {
		t.Fatalf("Execute after cancellations = %v, %v", msgs, err)
	}

	// Abandon a dump half way; the next one must still work.
	addDummies(t, ns, "d", 1)
	ns.Batch(t, routeBatch(3000, "d0"))
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	n := 0
	for _, err := range c.Stream(ctx, routeDump) {
		if err != nil {
			break
		}
		if n++; n == 10 {
			cancel()
		}
	}
	if msgs, err := c.Execute(context.Background(), routeDump); err != nil || len(msgs) < 3000 {
		t.Fatalf("dump after an abandoned dump = %d routes, %v", len(msgs), err)
	}
}

func TestKernelCloseUnblocks(t *testing.T) {
	ns := nltest.NewNS(t)
	events := dial(t, ns, Config{Groups: unix.RTMGRP_LINK})
	requests := dial(t, ns, Config{})
	errc := make(chan error, 2)
	go func() { _, err := events.Receive(); errc <- err }()
	go func() { _, err := requests.Execute(context.Background(), noop); errc <- err }()
	time.Sleep(50 * time.Millisecond)
	events.Close()
	requests.Close()
	for range 2 {
		select {
		case err := <-errc:
			if !errors.Is(err, net.ErrClosed) {
				t.Errorf("blocked call returned %v, want net.ErrClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Close did not unblock a blocked call")
		}
	}
}

// TestKernelDialNamespace dials many times into a namespace, by path and
// by descriptor and from many goroutines, and checks that every socket is
// in that namespace and that no thread of the process stayed there.
func TestKernelDialNamespace(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "marker", 1)
	host := threadNamespaces(t)
	if len(host) != 1 {
		t.Fatalf("threads in several namespaces before the test: %v", host)
	}
	nsFile, err := os.Open(ns.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer nsFile.Close()

	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 25 {
				cfg := Config{NetNS: NetNSPath(ns.Path)}
				if i%2 == 1 {
					cfg = Config{NetNS: NetNSFD(int(nsFile.Fd()))}
				}
				c, err := Dial(unix.NETLINK_ROUTE, &cfg)
				if err != nil {
					t.Error(err)
					return
				}
				if g == 0 && i < 2 {
					msgs, err := c.Execute(context.Background(), linkDump)
					if err != nil || len(msgs) != 2 || linkName(t, msgs[1]) != "marker0" {
						t.Errorf("links seen through a socket dialled into the namespace: %d, %v", len(msgs), err)
					}
				}
				c.Close()
			}
		})
	}
	wg.Wait()
	if after := threadNamespaces(t); !sameKeys(host, after) {
		t.Errorf("thread namespaces before %v, after %v", host, after)
	}

	if _, err := Dial(unix.NETLINK_ROUTE, &Config{NetNS: NetNSPath("/proc/self/exe")}); err == nil {
		t.Error("Dial into a file that is no namespace succeeded")
	}
}

// threadNamespaces returns the network namespaces of the process's
// threads, counted.
func threadNamespaces(t *testing.T) map[string]int {
	t.Helper()
	tasks, err := filepath.Glob("/proc/self/task/*/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, task := range tasks {
		link, err := os.Readlink(task)
		if err != nil {
			continue // the thread exited meanwhile
		}
		out[link]++
	}
	return out
}

// sameKeys reports whether a and b have the same keys.
func sameKeys(a, b map[string]int) bool {
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return len(a) == len(b)
}

// TestKernelConcurrent shares one Conn between goroutines making requests
// and one reading events.
func TestKernelConcurrent(t *testing.T) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "dummy", 3)
	c := dial(t, ns, Config{Groups: unix.RTMGRP_LINK})
	var events sync.WaitGroup
	events.Go(func() {
		for {
			if _, err := c.Receive(); errors.Is(err, net.ErrClosed) {
				return
			}
		}
	})
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 30 {
				var msgs []netlink.RawMessage
				var err error
				switch (g + i) % 3 {
				case 0:
					msgs, err = c.Execute(context.Background(), getLo)
					if err == nil && len(msgs) != 1 {
						t.Errorf("RTM_GETLINK lo: %d replies", len(msgs))
					}
				case 1:
					msgs, err = c.Execute(context.Background(), linkDump)
					if err == nil && len(msgs) != 4 {
						t.Errorf("link dump: %d replies", len(msgs))
					}
				case 2:
					n := 0
					for _, e := range c.Stream(context.Background(), linkDump) {
						if err = e; e == nil {
							n++
						}
					}
					if err == nil && n != 4 {
						t.Errorf("streamed link dump: %d replies", n)
					}
				}
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	c.Close()
	events.Wait()
	if c.Dropped() != 0 {
		t.Errorf("Dropped = %d", c.Dropped())
	}
}

// TestKernelDumpInterrupted changes addresses in the middle of an address
// dump, between datagrams, which makes the kernel flag the rest of the dump
// with NLM_F_DUMP_INTR.
func TestKernelDumpInterrupted(t *testing.T) {
	// The dump must outlast the read-ahead (aheadBuffers datagrams of
	// minReadBuffer bytes) or the change comes after the kernel is done:
	// about 88 bytes an address.
	const addrs = 3 * aheadBuffers * minReadBuffer / 88
	// Spread over links: the kernel checks each new address against those
	// of its link, so 18,000 on one link take minutes to add, on 32 links
	// a second.
	const links = 32
	ns := nltest.NewNS(t)
	addDummies(t, ns, "dummy", links)
	var cmds strings.Builder
	for i := range addrs {
		fmt.Fprintf(&cmds, "addr add 10.1.%d.%d/32 dev dummy%d\n", i>>8, i&0xff, i%links)
	}
	ns.Batch(t, cmds.String())
	dump := netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETADDR, Flags: netlink.Dump},
		Body:   &ifAddrMsg{Family: unix.AF_INET},
	}
	c := dial(t, ns, Config{})

	n, flagged := 0, 0
	var last error
	for m, err := range c.Stream(context.Background(), dump) {
		if err != nil {
			last = err
			break
		}
		if m.Header.Flags&netlink.DumpIntr != 0 {
			flagged++
		}
		if n++; n == 1 {
			ns.IP(t, "addr", "add", "10.9.9.9/32", "dev", "dummy0")
		}
	}
	if !errors.Is(last, ErrDumpInterrupted) || n < addrs {
		t.Fatalf("interrupted dump: %d addresses, error %v; want all %d and ErrDumpInterrupted", n, last, addrs)
	}
	t.Logf("%d addresses, %d flagged", n, flagged)

	// Undisturbed, the same dump is consistent.
	msgs, err := c.ExecuteConsistent(context.Background(), dump, 3)
	if err != nil || len(msgs) < addrs+1 {
		t.Fatalf("ExecuteConsistent = %d addresses, %v", len(msgs), err)
	}
}

// emptyPeekDump runs a dump the way some libraries read: a peek with an
// empty buffer for the size, then a read of exactly that size. It returns
// the recvmsg calls and datagrams it took.
func emptyPeekDump(t *testing.T, ns *nltest.NS, req netlink.Message) (calls, datagrams int) {
	fd := rawSocket(t, ns)
	req.Header.Flags |= netlink.Request
	b, _ := netlink.AppendMessage(nil, req)
	if _, err := unix.Write(fd, b); err != nil {
		t.Fatal(err)
	}
	for {
		n, _, _, _, err := unix.Recvmsg(fd, nil, nil, unix.MSG_PEEK|unix.MSG_TRUNC)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, n)
		if _, _, _, _, err := unix.Recvmsg(fd, buf, nil, 0); err != nil {
			t.Fatal(err)
		}
		calls += 2
		datagrams++
		for m, err := range netlink.Messages(buf) {
			if err != nil {
				t.Fatal(err)
			}
			if m.Header.Type == netlink.Done {
				return calls, datagrams
			}
		}
	}
}
