package conn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
)

// longDump is a fake dump of n datagrams of two replies each, "0" to
// "2n-1", then a datagram with NLMSG_DONE.
func longDump(r netlink.Header, n int) []fakeDatagram {
	var ds []fakeDatagram
	for i := range n {
		ds = append(ds, dgram(reply(r, netlink.Multi, fmt.Sprint(2*i)), reply(r, netlink.Multi, fmt.Sprint(2*i+1))))
	}
	return append(ds, dgram(done(r, 0, 0, "")))
}

// numbers returns "0" to "n-1".
func numbers(n int) []string {
	var s []string
	for i := range n {
		s = append(s, fmt.Sprint(i))
	}
	return s
}

// settle fails t unless the number of goroutines comes back to at most
// before: a read-ahead must not outlive its request.
func settle(t *testing.T, before int) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(time.Millisecond) {
		n := runtime.NumGoroutine()
		if n <= before {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, %d before the request:\n%s", n, before, buf[:runtime.Stack(buf, true)])
		}
	}
}

// TestPipeReadsAhead checks that a dump's datagrams are read while the
// loop body still handles the first one, and that recycled buffers still
// yield every reply, in order.
func TestPipeReadsAhead(t *testing.T) {
	const n = 20
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram { return longDump(r, n) })
	before := runtime.NumGoroutine()
	var got []string
	for m, err := range c.Stream(context.Background(), dumpReq) {
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			// n-1 data datagrams and DONE are left; the reader takes
			// one for each of its buffers meanwhile.
			for deadline := time.Now().Add(2 * time.Second); f.Pending() > n-aheadBuffers; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("%d datagrams still queued while the first is handled: no read-ahead", f.Pending())
				}
			}
		}
		got = append(got, string(m.Data))
	}
	if d := cmp.Diff(numbers(2*n), got); d != "" {
		t.Errorf("Stream (-want +got):\n%s", d)
	}
	settle(t, before)

	// Execute's replies own their data though the buffers are reused.
	first, err := c.Execute(context.Background(), dumpReq)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := c.Execute(context.Background(), dumpReq); err != nil {
			t.Fatal(err)
		}
	}
	if d := cmp.Diff(numbers(2*n), texts(first)); d != "" {
		t.Errorf("Execute's replies after later dumps (-want +got):\n%s", d)
	}
	if c.Dropped() != 0 {
		t.Errorf("Dropped = %d", c.Dropped())
	}
	settle(t, before)
}

// TestPipeStopEarly ends a read-ahead dump from the loop body in each way
// it can end, at the start and in the middle, and checks that the reader
// goroutine is gone, that the next dump gets its whole answer, and that
// every message of the abandoned one was counted as dropped.
func TestPipeStopEarly(t *testing.T) {
	const n = 12
	for _, how := range []string{"break", "panic", "cancel", "close"} {
		for _, at := range []int{1, 2, 9} {
			t.Run(fmt.Sprintf("%s/after=%d", how, at), func(t *testing.T) {
				var f *fake
				c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
					if f.Pending() != 0 {
						return []fakeDatagram{dgram(ack(r, unix.EBUSY, ""))}
					}
					return longDump(r, n)
				})
				before := runtime.NumGoroutine()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				yielded := 0
				var errs []error
				func() {
					defer func() {
						if v := recover(); v != nil && v != "stop" {
							panic(v)
						}
					}()
					for _, err := range c.Stream(ctx, dumpReq) {
						if err != nil {
							errs = append(errs, err)
							continue
						}
						if yielded++; yielded < at {
							continue
						}
						switch how {
						case "break":
							return
						case "panic":
							panic("stop")
						case "cancel":
							cancel()
						case "close":
							c.Close()
						}
					}
				}()
				settle(t, before)
				switch how {
				case "cancel":
					// The rest of the datagram in hand is still yielded;
					// nothing read ahead is.
					if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) || yielded > at+1 {
						t.Fatalf("%d replies, errors %v; want at most %d, then context.Canceled", yielded, errs, at+1)
					}
				case "close":
					if len(errs) != 1 || !errors.Is(errs[0], net.ErrClosed) || yielded > at+1 {
						t.Fatalf("%d replies, errors %v; want at most %d, then net.ErrClosed", yielded, errs, at+1)
					}
					return
				default:
					if len(errs) != 0 {
						t.Fatalf("errors %v", errs)
					}
				}
				got, err := c.Execute(context.Background(), dumpReq)
				if err != nil || len(got) != 2*n {
					t.Fatalf("Execute after an abandoned Stream = %d replies, %v", len(got), err)
				}
				// Every reply not yielded, and the DONE.
				if want := uint64(2*n + 1 - yielded); c.Dropped() != want {
					t.Errorf("Dropped = %d, want %d", c.Dropped(), want)
				}
				settle(t, before)
			})
		}
	}
}

// TestPipeBlockedReader ends a dump while the reader waits for a datagram
// the kernel has not sent: by the context, the read deadline and Close.
func TestPipeBlockedReader(t *testing.T) {
	for _, how := range []string{"cancel", "deadline", "close"} {
		t.Run(how, func(t *testing.T) {
			var rest []fakeDatagram
			c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
				ds := longDump(r, 4)
				if rest == nil {
					// Hold back the end of the first dump.
					ds, rest = ds[:2], ds[2:]
				}
				return ds
			})
			before := runtime.NumGoroutine()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			want := context.Canceled
			switch how {
			case "cancel":
				time.AfterFunc(20*time.Millisecond, cancel)
			case "deadline":
				c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
				want = os.ErrDeadlineExceeded
			case "close":
				time.AfterFunc(20*time.Millisecond, func() { c.Close() })
				want = net.ErrClosed
			}
			got, err := c.Execute(ctx, dumpReq)
			if !errors.Is(err, want) || cmp.Diff(numbers(4), texts(got)) != "" {
				t.Fatalf("Execute = %q, %v; want 0 to 3 and %v", texts(got), err, want)
			}
			settle(t, before)
			if how == "close" {
				return
			}
			c.SetReadDeadline(time.Time{})
			f.Push(rest...)
			got, err = c.Execute(context.Background(), dumpReq)
			if err != nil || cmp.Diff(numbers(8), texts(got)) != "" {
				t.Fatalf("next Execute = %q, %v", texts(got), err)
			}
			// The late replies 4 to 7 and the DONE.
			if c.Dropped() != 5 {
				t.Errorf("Dropped = %d, want 5", c.Dropped())
			}
			settle(t, before)
		})
	}
}

// TestPipeOthersAndEvents checks what the reader reads for others: events
// are set aside for Receive, in order, also when the loop stops before
// reaching them; datagrams of other processes and stray replies are
// dropped and counted.
func TestPipeOthersAndEvents(t *testing.T) {
	for _, stop := range []bool{false, true} {
		t.Run(fmt.Sprintf("stop=%v", stop), func(t *testing.T) {
			c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
				if r.Flags&netlink.Dump == 0 {
					return []fakeDatagram{dgram(reply(r, 0, "ok"))}
				}
				stray := r
				stray.Seq++
				foreign := dgram(reply(r, netlink.Multi, "foreign"))
				foreign.From.PID = 77
				return []fakeDatagram{
					dgram(reply(r, netlink.Multi, "a")),
					event(1, "e1"),
					dgram(reply(r, netlink.Multi, "b"), reply(stray, netlink.Multi, "stray")),
					foreign,
					{Err: unix.ENOBUFS},
					event(40, "e40"),
					dgram(reply(r, netlink.Multi, "c")),
					dgram(done(r, 0, 0, "")),
				}
			})
			if err := c.JoinGroup(40); err != nil {
				t.Fatal(err)
			}
			before := runtime.NumGoroutine()
			var got []string
			for m, err := range c.Stream(context.Background(), dumpReq) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, string(m.Data))
				if stop {
					// Let the reader fill its buffers: e1, b, foreign,
					// the overrun, and, not waiting after it, the rest.
					for deadline := time.Now().Add(2 * time.Second); f.Pending() > 3; time.Sleep(time.Millisecond) {
						if time.Now().After(deadline) {
							t.Fatalf("%d datagrams still queued: no read-ahead", f.Pending())
						}
					}
					break
				}
			}
			settle(t, before)
			want, dropped := []string{"a", "b", "c"}, uint64(2)
			if stop {
				want, dropped = []string{"a"}, 2+3 // and b, c, DONE
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("Stream (-want +got):\n%s", d)
			}
			var events []string
			for range 3 {
				msgs, err := c.Receive()
				if errors.Is(err, ErrOverrun) {
					events = append(events, "overrun")
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				events = append(events, texts(msgs)...)
			}
			// The overrun comes once the socket is empty: after e40.
			if d := cmp.Diff([]string{"e1", "e40", "overrun"}, events); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
			// What the reader had not reached is dropped on the way to
			// the next reply.
			if got, err := c.Execute(context.Background(), getReq); err != nil || cmp.Diff([]string{"ok"}, texts(got)) != "" {
				t.Fatalf("next Execute = %q, %v", texts(got), err)
			}
			if c.Dropped() != dropped {
				t.Errorf("Dropped = %d, want %d", c.Dropped(), dropped)
			}
		})
	}
}

// TestPipeEnds checks the ends of a dump that the reader delivers: an
// overrun on a socket without groups, an error in NLMSG_DONE with its
// extended ACK, and NLM_F_DUMP_INTR on a late datagram.
func TestPipeEnds(t *testing.T) {
	for _, tc := range []struct {
		name  string
		last  func(r netlink.Header) fakeDatagram
		check func(error) bool
	}{{
		name:  "overrun",
		last:  func(netlink.Header) fakeDatagram { return fakeDatagram{Err: unix.ENOBUFS} },
		check: func(err error) bool { return err == ErrOverrun },
	}, {
		name: "error",
		last: func(r netlink.Header) fakeDatagram { return dgram(done(r, 0, unix.EINVAL, "bad filter")) },
		check: func(err error) bool {
			var oe *netlink.OpError
			return errors.Is(err, unix.EINVAL) && errors.As(err, &oe) && oe.Msg == "bad filter"
		},
	}, {
		name:  "interrupted",
		last:  func(r netlink.Header) fakeDatagram { return dgram(done(r, netlink.DumpIntr, 0, "")) },
		check: func(err error) bool { return errors.Is(err, ErrDumpInterrupted) },
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
				ds := longDump(r, 6)
				return append(ds[:6], tc.last(r))
			})
			before := runtime.NumGoroutine()
			got, err := c.Execute(context.Background(), dumpReq)
			if !tc.check(err) || cmp.Diff(numbers(12), texts(got)) != "" {
				t.Errorf("Execute = %q, %v", texts(got), err)
			}
			settle(t, before)
		})
	}
}

// TestPipeLargeDatagram puts a datagram larger than the buffers in the
// middle of a dump read ahead: it arrives whole, and later dumps still work.
func TestPipeLargeDatagram(t *testing.T) {
	big := strings.Repeat("x", 100<<10)
	c, _ := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		ds := longDump(r, 4)
		return append(ds[:2], append([]fakeDatagram{dgram(reply(r, netlink.Multi, big))}, ds[2:]...)...)
	})
	want := append(append(numbers(4), big), numbers(8)[4:]...)
	for range 2 {
		var got []string
		for m, err := range c.Stream(context.Background(), dumpReq) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(m.Data))
		}
		if !slices.Equal(want, got) {
			t.Fatalf("Stream yielded %d replies of sizes %v", len(got), lens(got))
		}
	}
}

// lens returns the length of each string.
func lens(s []string) []int {
	var n []int
	for _, x := range s {
		n = append(n, len(x))
	}
	return n
}

// TestPipeHoldsAtMost checks "into at most 16 buffers": however far behind
// the loop body is, the read-ahead takes no more than aheadBuffers
// datagrams beyond the one the loop body is handling.
func TestPipeHoldsAtMost(t *testing.T) {
	const n = 3 * aheadBuffers
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram { return longDump(r, n) })
	before := runtime.NumGoroutine()
	i := 0
	for _, err := range c.Stream(context.Background(), dumpReq) {
		if err != nil {
			t.Fatal(err)
		}
		// Two replies a datagram: reply i is in datagram i/2.
		if at := i / 2; i%2 == 0 && (at == 0 || at == 1 || at == n/2) {
			time.Sleep(30 * time.Millisecond) // the reader's chance to overreach
			read := n + 1 - f.Pending()
			if read > at+1+aheadBuffers {
				t.Errorf("handling datagram %d, %d datagrams read: more than %d ahead", at, read, aheadBuffers)
			}
		}
		i++
	}
	if i != 2*n {
		t.Errorf("%d replies, want %d", i, 2*n)
	}
	settle(t, before)
}
