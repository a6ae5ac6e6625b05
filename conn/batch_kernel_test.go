package conn

import (
	"context"
	"encoding/binary"
	"errors"
	"net/netip"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// rtRoute is struct rtmsg with RTA_DST and RTA_OIF: a route through a link.
type rtRoute struct {
	Family, DstLen, SrcLen, TOS, Table, Protocol, Scope, Type uint8
	Flags                                                     uint32
	Attrs                                                     struct {
		Dst [4]byte `nla:"1"` // RTA_DST
		OIF uint32  `nla:"4"` // RTA_OIF
	} `nla:",attrs"`
}

// routeAdds returns requests adding a /32 route through link oif to each
// of 10.0.i.j, for i*256+j below n.
func routeAdds(n int, oif uint32) []netlink.Message {
	ms := make([]netlink.Message, n)
	for i := range ms {
		r := &rtRoute{Family: unix.AF_INET, DstLen: 32, Table: unix.RT_TABLE_MAIN,
			Protocol: unix.RTPROT_BOOT, Scope: unix.RT_SCOPE_LINK, Type: unix.RTN_UNICAST}
		r.Attrs.Dst = [4]byte{10, 0, byte(i >> 8), byte(i)}
		r.Attrs.OIF = oif
		ms[i] = netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWROUTE, Flags: netlink.Create | netlink.Excl}, Body: r}
	}
	return ms
}

// batchNS returns a namespace with link dummy0 up, and its index.
func batchNS(t *testing.T) (*nltest.NS, uint32) {
	ns := nltest.NewNS(t)
	addDummies(t, ns, "dummy", 1)
	var links []struct {
		Index uint32 `json:"ifindex"`
	}
	ns.IPJSON(t, &links, "link", "show", "dummy0")
	return ns, links[0].Index
}

// countRoutes returns the IPv4 routes of the main table through dummy0.
func countRoutes(t *testing.T, ns *nltest.NS) map[netip.Addr]bool {
	var rs []struct {
		Dst string `json:"dst"`
	}
	ns.IPJSON(t, &rs, "-4", "route", "show", "dev", "dummy0")
	seen := map[netip.Addr]bool{}
	for _, r := range rs {
		if a, err := netip.ParseAddr(r.Dst); err == nil {
			seen[a] = true
		}
	}
	return seen
}

// TestKernelBatch: the kernel answers every request of a batch, each
// result is its own (the duplicates fail with EEXIST and only they), and
// every route the batch added is there. A quiet batch gets the same
// results, and reads about one answer per datagram besides the failures.
func TestKernelBatch(t *testing.T) {
	for _, quiet := range []bool{false, true} {
		t.Run(map[bool]string{false: "acks", true: "quiet"}[quiet], func(t *testing.T) {
			const n = 2000
			ns, oif := batchNS(t)
			c := dial(t, ns, Config{})
			ms := routeAdds(n, oif)
			// Every 100th request adds the route of the one before it again.
			for i := 100; i < n; i += 100 {
				ms[i] = ms[i-1]
			}
			reads0 := c.recvCalls.Load()
			errs := c.executeBatch(context.Background(), ms, quiet)
			for i, err := range errs {
				dup := i%100 == 0 && i > 0
				if dup != errors.Is(err, unix.EEXIST) || (!dup && err != nil) {
					t.Errorf("request %d: %v", i, err)
				}
			}
			reads := c.recvCalls.Load() - reads0
			t.Logf("%d requests, %d failed: %d reads", n, n/100-1, reads)
			if max := uint64((n+batchPerSend-1)/batchPerSend + n/100); quiet && reads > max {
				t.Errorf("%d reads, want at most %d", reads, max)
			}
			seen := countRoutes(t, ns)
			if want := n - (n/100 - 1); len(seen) != want {
				t.Errorf("%d routes after the batch, want %d", len(seen), want)
			}
			// The socket is left clean for the next request.
			if errs := c.executeBatch(context.Background(), routeAdds(1, oif), quiet); !errors.Is(errs[0], unix.EEXIST) {
				t.Errorf("adding 10.0.0.0 again: %v", errs[0])
			}
			if c.Dropped() != 0 {
				t.Errorf("Dropped = %d", c.Dropped())
			}
		})
	}
}

// TestKernelBatchOverrun: with a receive buffer too small for the answers
// to 64 requests, the kernel drops answers and reports ENOBUFS: the
// requests whose answers were lost fail with ErrOverrun, the batch does not
// wait for them, and every request was carried out all the same.
func TestKernelBatchOverrun(t *testing.T) {
	const n = 1000
	ns, oif := batchNS(t)
	c := dial(t, ns, Config{ReadBufferSize: 4096})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	errs := c.ExecuteBatch(ctx, routeAdds(n, oif))
	overruns := 0
	for i, err := range errs {
		switch {
		case errors.Is(err, ErrOverrun):
			overruns++
		case err != nil:
			t.Errorf("request %d: %v", i, err)
		}
	}
	t.Logf("%d of %d answers lost", overruns, n)
	if overruns == 0 {
		t.Error("no answer lost in a 4 KiB buffer")
	}
	if seen := countRoutes(t, ns); len(seen) != n {
		t.Errorf("%d routes after the batch, want %d", len(seen), n)
	}
}

// TestKernelBatchQuietOverrun: a quiet batch of changes that all fail,
// whose answers overrun a 4 KiB buffer, reports each as failed, with the
// kernel's error or ErrOverrun: none is taken for a success.
func TestKernelBatchQuietOverrun(t *testing.T) {
	const n = 1000
	ns, oif := batchNS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i, err := range dial(t, ns, Config{}).ExecuteBatch(ctx, routeAdds(n, oif)) {
		if err != nil {
			t.Fatalf("adding route %d: %v", i, err)
		}
	}
	c := dial(t, ns, Config{ReadBufferSize: 4096})
	overruns := 0
	for i, err := range c.ExecuteBatchQuiet(ctx, routeAdds(n, oif)) {
		switch {
		case errors.Is(err, ErrOverrun):
			overruns++
		case !errors.Is(err, unix.EEXIST):
			t.Errorf("request %d: %v, want EEXIST or ErrOverrun", i, err)
		}
	}
	t.Logf("%d of %d answers lost", overruns, n)
	if overruns == 0 {
		t.Error("no answer lost in a 4 KiB buffer")
	}
}

// TestKernelExecuteAckAllocs: a change the kernel acknowledges costs the
// Conn no allocation (the request's body is prebuilt bytes, which encode
// without any).
func TestKernelExecuteAckAllocs(t *testing.T) {
	if membound.RaceEnabled {
		t.Skip("the race detector allocates, and drops pooled values")
	}
	ns, oif := batchNS(t)
	c := dial(t, ns, Config{})
	b, err := netlink.AppendMessage(nil, routeAdds(1, oif)[0])
	if err != nil {
		t.Fatal(err)
	}
	add := netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWROUTE, Flags: netlink.Create | netlink.Replace}, Body: b[netlink.HeaderLen:]}
	del := netlink.Message{Header: netlink.Header{Type: unix.RTM_DELROUTE}, Body: add.Body}
	ctx := context.Background()
	if n := testing.AllocsPerRun(100, func() {
		if err := c.ExecuteAck(ctx, add); err != nil {
			t.Fatal(err)
		}
		if err := c.ExecuteAck(ctx, del); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per add and delete", n)
	}
}

// TestKernelBatchReadsMany: a batch reads the answers queued several per
// system call, and a datagram forged by another process, queued among them
// (errors and ACKs for the numbers the batch will use), is dropped without
// deciding any request's result.
func TestKernelBatchReadsMany(t *testing.T) {
	const n, forged = 640, 64
	ns, oif := batchNS(t)
	c := dial(t, ns, Config{})
	s := newSpoofer(t, ns)
	seq := predictSeq(c)
	for k := range uint32(forged) {
		req := netlink.Header{Type: unix.RTM_NEWROUTE, Flags: netlink.Request, Seq: seq + k*(n/forged), PID: c.pid}
		errno := unix.EPERM
		if k%2 == 1 {
			errno = 0
		}
		if err := s.send(c.pid, 0, forgedError(req, errno)); err != nil {
			t.Fatal(err)
		}
	}
	reads0, dropped0 := c.recvCalls.Load(), c.Dropped()
	ms := routeAdds(n, oif)
	ms[n-1] = ms[0] // fails: exists
	errs := c.ExecuteBatch(context.Background(), ms)
	for i, err := range errs {
		if (i == n-1) != errors.Is(err, unix.EEXIST) || (i < n-1 && err != nil) {
			t.Errorf("request %d: %v", i, err)
		}
	}
	if d := c.Dropped() - dropped0; d != s.sent {
		t.Errorf("dropped %d, forged %d", d, s.sent)
	}
	reads := c.recvCalls.Load() - reads0
	t.Logf("%d requests, %d forged answers: %d reads", n, forged, reads)
	if reads > (n+forged)/2 {
		t.Errorf("%d reads for %d answers: not several per call", reads, n+forged)
	}
}

// TestKernelBatchLongFailures: the kernel's answer to a request that fails
// echoes the request, so 128 failures of requests of 2 KiB take more than
// the default receive buffer (208 KiB) holds. With that buffer, every such
// request of a batch gets its own error all the same, not ErrOverrun: the
// batch keeps fewer long requests unanswered.
func TestKernelBatchLongFailures(t *testing.T) {
	const n, pad = 512, 2000
	ns, oif := batchNS(t)
	c := dial(t, ns, Config{})
	ms := routeAdds(n, oif)
	for i := range ms {
		b, err := netlink.AppendMessage(nil, ms[i])
		if err != nil {
			t.Fatal(err)
		}
		// An attribute beyond RTA_MAX, which the kernel skips.
		a := make([]byte, 4+pad)
		binary.NativeEndian.PutUint16(a, uint16(len(a)))
		binary.NativeEndian.PutUint16(a[2:], 200)
		ms[i].Body = append(b[netlink.HeaderLen:], a...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i, err := range c.ExecuteBatch(ctx, ms) {
		if err != nil {
			t.Fatalf("adding route %d: %v", i, err)
		}
	}
	for _, quiet := range []bool{false, true} {
		for i, err := range c.executeBatch(ctx, ms, quiet) {
			if !errors.Is(err, unix.EEXIST) {
				t.Errorf("quiet %v: request %d: %v, want EEXIST", quiet, i, err)
			}
		}
	}
}

// TestKernelBatchTooLong: a request too long for the socket's send buffer
// fails alone with EMSGSIZE, and the batch goes on with the requests after
// it, as it does after any failure.
func TestKernelBatchTooLong(t *testing.T) {
	const n, long = 300, 150
	ns, oif := batchNS(t)
	c := dial(t, ns, Config{})
	for _, quiet := range []bool{false, true} {
		ms := routeAdds(n, oif)
		b, err := netlink.AppendMessage(nil, ms[long])
		if err != nil {
			t.Fatal(err)
		}
		// Past the default send buffer (208 KiB), in an attribute whose
		// length cannot say it.
		a := make([]byte, 4+256<<10)
		binary.NativeEndian.PutUint16(a[2:], 200)
		ms[long].Body = append(b[netlink.HeaderLen:], a...)
		for i, err := range c.executeBatch(context.Background(), ms, quiet) {
			if (i == long) != errors.Is(err, unix.EMSGSIZE) || (i != long && err != nil) {
				t.Errorf("quiet %v: request %d: %v", quiet, i, err)
			}
		}
		if seen := countRoutes(t, ns); len(seen) != n-1 {
			t.Errorf("quiet %v: %d routes after the batch, want %d", quiet, len(seen), n-1)
		}
		ns.IP(t, "route", "flush", "dev", "dummy0")
	}
}
