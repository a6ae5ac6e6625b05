package conn

import (
	"context"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/netns"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// Kernel benchmarks skip (through nltest.NewNS) when not run as root.

// BenchmarkRoundTrip measures one small request and its reply:
// RTM_GETLINK for lo.
func BenchmarkRoundTrip(b *testing.B) {
	ns := nltest.NewNS(b)
	c := dial(b, ns, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		msgs, err := c.Execute(ctx, getLo)
		if err != nil || len(msgs) != 1 {
			b.Fatal(msgs, err)
		}
	}
}

// BenchmarkDump100k dumps 100,000 IPv4 routes: with a bare loop of single
// reads into 32 KiB that decodes nothing, with empty-buffer peeks, with
// Execute and with Stream.
func BenchmarkDump100k(b *testing.B) {
	const routes = 100_000
	ns := nltest.NewNS(b)
	addDummies(b, ns, "dummy", 1)
	ns.Batch(b, routeBatch(routes, "dummy0"))
	ctx := context.Background()

	b.Run("raw", func(b *testing.B) {
		fd := rawSocket(b, ns)
		buf := make([]byte, 32<<10)
		m := routeDump
		m.Header.Flags |= netlink.Request
		req, _ := netlink.AppendMessage(nil, m)
		var calls, n int
		b.ReportAllocs()
		for b.Loop() {
			n = 0
			if _, err := unix.Write(fd, req); err != nil {
				b.Fatal(err)
			}
		read:
			for {
				k, _, _, _, err := unix.Recvmsg(fd, buf, nil, 0)
				calls++
				if err != nil {
					b.Fatal(err)
				}
				// Walk the headers for DONE, and no further.
				for off := 0; off+netlink.HeaderLen <= k; {
					h, l, _ := netlink.ParseHeader(buf[off:k])
					if h.Type == netlink.Done {
						break read
					}
					n++
					off += netlink.Align(int(l))
				}
			}
		}
		checkRoutes(b, n, routes)
		b.ReportMetric(float64(calls)/float64(b.N), "recvmsg/op")
	})

	// For comparison: peek with an empty buffer for each datagram's size,
	// then read it, as some libraries do. The kernel then keeps datagrams
	// near 4 KiB.
	b.Run("emptypeek", func(b *testing.B) {
		fd := rawSocket(b, ns)
		m := routeDump
		m.Header.Flags |= netlink.Request
		req, _ := netlink.AppendMessage(nil, m)
		var calls, n int
		for b.Loop() {
			n = 0
			if _, err := unix.Write(fd, req); err != nil {
				b.Fatal(err)
			}
			buf := make([]byte, 0, 32<<10)
		read:
			for {
				k, _, _, _, err := unix.Recvmsg(fd, nil, nil, unix.MSG_PEEK|unix.MSG_TRUNC)
				if err != nil {
					b.Fatal(err)
				}
				buf = buf[:k]
				if _, _, _, _, err := unix.Recvmsg(fd, buf, nil, 0); err != nil {
					b.Fatal(err)
				}
				calls += 2
				for off := 0; off+netlink.HeaderLen <= k; {
					h, l, _ := netlink.ParseHeader(buf[off:k])
					if h.Type == netlink.Done {
						break read
					}
					n++
					off += netlink.Align(int(l))
				}
			}
		}
		checkRoutes(b, n, routes)
		b.ReportMetric(float64(calls)/float64(b.N), "recvmsg/op")
	})

	b.Run("Execute", func(b *testing.B) {
		c := dial(b, ns, Config{})
		var n int
		b.ReportAllocs()
		for b.Loop() {
			msgs, err := c.Execute(ctx, routeDump)
			if err != nil {
				b.Fatal(err)
			}
			n = len(msgs)
		}
		checkRoutes(b, n, routes)
		b.ReportMetric(float64(c.recvCalls.Load())/float64(b.N), "recvmsg/op")
	})

	b.Run("Stream", func(b *testing.B) {
		c := dial(b, ns, Config{})
		var n int
		b.ReportAllocs()
		for b.Loop() {
			n = 0
			for _, err := range c.Stream(ctx, routeDump) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
		}
		checkRoutes(b, n, routes)
		b.ReportMetric(float64(c.recvCalls.Load())/float64(b.N), "recvmsg/op")
	})
}

func checkRoutes(b testing.TB, got, want int) {
	b.Helper()
	if got < want {
		b.Fatalf("dump returned %d routes, want at least %d", got, want)
	}
}

// rawSocket opens a plain blocking NETLINK_ROUTE socket in ns.
func rawSocket(b testing.TB, ns *nltest.NS) int {
	b.Helper()
	fd := -1
	err := netns.Do(ns.Handle(b), func() error {
		s, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
		fd = s
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		b.Fatal(err)
	}
	return fd
}
