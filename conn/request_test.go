package conn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
)

// typeData is the message type of the fake's replies.
const typeData netlink.MsgType = 100

// reply encodes a data reply to req holding text.
func reply(req netlink.Header, flags netlink.Flags, text string) []byte {
	return msg(typeData, flags, req.Seq, fakePID, []byte(text))
}

// texts returns the bodies of msgs as strings.
func texts(msgs []netlink.RawMessage) []string {
	out := []string{}
	for _, m := range msgs {
		out = append(out, string(m.Data))
	}
	return out
}

var (
	getReq  = netlink.Message{Header: netlink.Header{Type: typeData}}
	ackReq  = netlink.Message{Header: netlink.Header{Type: typeData, Flags: netlink.Acknowledge}}
	dumpReq = netlink.Message{Header: netlink.Header{Type: typeData, Flags: netlink.Dump}}
)

// TestExecute plays one script per case and checks what Execute returns.
func TestExecute(t *testing.T) {
	multi := netlink.Multi
	for _, tc := range []struct {
		name    string
		req     netlink.Message
		script  func(req netlink.Header) []fakeDatagram
		want    []string
		wantErr func(error) bool
		dropped uint64
	}{{
		name:   "single reply",
		req:    getReq,
		script: func(r netlink.Header) []fakeDatagram { return []fakeDatagram{dgram(reply(r, 0, "one"))} },
		want:   []string{"one"},
	}, {
		name: "reply then ACK",
		req:  ackReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{dgram(reply(r, 0, "one")), dgram(ack(r, 0, ""))}
		},
		want: []string{"one"},
	}, {
		name:   "ACK alone",
		req:    ackReq,
		script: func(r netlink.Header) []fakeDatagram { return []fakeDatagram{dgram(ack(r, 0, ""))} },
		want:   []string{},
	}, {
		name: "multipart over datagrams",
		req:  dumpReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{
				dgram(reply(r, multi, "a"), reply(r, multi, "b")),
				dgram(reply(r, multi, "c")),
				dgram(reply(r, multi, "d"), done(r, 0, 0, "")),
			}
		},
		want: []string{"a", "b", "c", "d"},
	}, {
		name: "noop skipped",
		req:  dumpReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{dgram(reply(r, multi, "a"), msg(netlink.Noop, 0, r.Seq, fakePID, nil), done(r, 0, 0, ""))}
		},
		want: []string{"a"},
	}, {
		name: "wrong sequence number dropped",
		req:  getReq,
		script: func(r netlink.Header) []fakeDatagram {
			stale := r
			stale.Seq--
			return []fakeDatagram{dgram(reply(stale, 0, "stale")), dgram(reply(r, 0, "one"))}
		},
		want:    []string{"one"},
		dropped: 1,
	}, {
		name: "stale message between replies",
		req:  dumpReq,
		script: func(r netlink.Header) []fakeDatagram {
			stale := r
			stale.Seq++
			return []fakeDatagram{
				dgram(reply(r, multi, "a"), reply(stale, multi, "stale"), reply(r, multi, "b")),
				dgram(reply(r, multi, "c"), done(r, 0, 0, "")),
			}
		},
		want:    []string{"a", "b", "c"},
		dropped: 1,
	}, {
		name: "foreign sender dropped",
		req:  getReq,
		script: func(r netlink.Header) []fakeDatagram {
			forged := dgram(reply(r, 0, "forged"), reply(r, 0, "forged too"))
			forged.From = Addr{PID: 999}
			return []fakeDatagram{forged, dgram(reply(r, 0, "one"))}
		},
		want:    []string{"one"},
		dropped: 2,
	}, {
		name: "other port id dropped",
		req:  getReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{dgram(msg(typeData, 0, r.Seq, fakePID+1, []byte("other"))), dgram(reply(r, 0, "one"))}
		},
		want:    []string{"one"},
		dropped: 1,
	}, {
		name: "port id 0 accepted",
		req:  getReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{dgram(msg(typeData, 0, r.Seq, 0, []byte("zero")))}
		},
		want: []string{"zero"},
	}, {
		name: "truncated message",
		req:  dumpReq,
		script: func(r netlink.Header) []fakeDatagram {
			d := dgram(reply(r, multi, "a"), reply(r, multi, "bbbbbbbb"))
			d.Data = d.Data[:len(d.Data)-4]
			return []fakeDatagram{d}
		},
		want:    []string{"a"},
		wantErr: func(err error) bool { return errors.Is(err, netlink.ErrMalformed) },
	}, {
		name: "error reply",
		req:  ackReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{dgram(ack(r, unix.EEXIST, "Link already exists"))}
		},
		want: []string{},
		wantErr: func(err error) bool {
			var op *netlink.OpError
			return errors.Is(err, unix.EEXIST) && errors.As(err, &op) && op.Msg == "Link already exists"
		},
	}, {
		name: "DONE with error",
		req:  dumpReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{dgram(reply(r, multi, "a")), dgram(done(r, 0, unix.EMSGSIZE, "dump too big"))}
		},
		want: []string{"a"},
		wantErr: func(err error) bool {
			return errors.Is(err, unix.EMSGSIZE) && strings.Contains(err.Error(), "dump too big")
		},
	}, {
		name: "error mid-dump",
		req:  dumpReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{dgram(reply(r, multi, "a"), reply(r, multi, "b")), dgram(ack(r, unix.EINTR, ""))}
		},
		want:    []string{"a", "b"},
		wantErr: func(err error) bool { return errors.Is(err, unix.EINTR) },
	}, {
		name: "interrupted dump",
		req:  dumpReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{
				dgram(reply(r, multi, "a")),
				dgram(reply(r, multi|netlink.DumpIntr, "b")),
				dgram(done(r, netlink.DumpIntr, 0, "")),
			}
		},
		want:    []string{"a", "b"},
		wantErr: func(err error) bool { return errors.Is(err, ErrDumpInterrupted) },
	}, {
		name: "interrupted only on DONE",
		req:  dumpReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{dgram(reply(r, multi, "a"), done(r, netlink.DumpIntr, 0, ""))}
		},
		want:    []string{"a"},
		wantErr: func(err error) bool { return errors.Is(err, ErrDumpInterrupted) },
	}, {
		name: "interrupted and failed",
		req:  dumpReq,
		script: func(r netlink.Header) []fakeDatagram {
			return []fakeDatagram{dgram(reply(r, multi|netlink.DumpIntr, "a"), done(r, 0, unix.EBUSY, ""))}
		},
		want: []string{"a"},
		wantErr: func(err error) bool {
			return errors.Is(err, ErrDumpInterrupted) && errors.Is(err, unix.EBUSY)
		},
	}, {
		name: "malformed error reply keeps errno",
		req:  ackReq,
		script: func(r netlink.Header) []fakeDatagram {
			e := msg(netlink.Error, 0, r.Seq, fakePID, []byte{0xef, 0xff, 0xff, 0xff}) // -17, no request header
			return []fakeDatagram{dgram(e)}
		},
		want:    []string{},
		wantErr: func(err error) bool { return errors.Is(err, unix.EEXIST) && errors.Is(err, netlink.ErrMalformed) },
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram { return tc.script(r) })
			got, err := c.Execute(context.Background(), tc.req)
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !tc.wantErr(err) {
				t.Errorf("Execute error = %v", err)
			}
			if d := cmp.Diff(tc.want, texts(got)); d != "" {
				t.Errorf("Execute replies (-want +got):\n%s", d)
			}
			if n := c.Dropped(); n != tc.dropped {
				t.Errorf("Dropped = %d, want %d", n, tc.dropped)
			}
			sent := sentHeaders(f)[0]
			if sent.Flags&netlink.Request == 0 || sent.Seq == 0 {
				t.Errorf("request header %+v lacks REQUEST or a sequence number", sent)
			}
		})
	}
}

// TestExecuteRepliesStayValid checks that Execute's replies do not alias
// the reused receive buffer.
func TestExecuteRepliesStayValid(t *testing.T) {
	c, _ := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{dgram(reply(r, netlink.Multi, fmt.Sprint(r.Seq))), dgram(done(r, 0, 0, ""))}
	})
	first, err := c.Execute(context.Background(), dumpReq)
	if err != nil {
		t.Fatal(err)
	}
	want := string(first[0].Data)
	for range 3 {
		if _, err := c.Execute(context.Background(), dumpReq); err != nil {
			t.Fatal(err)
		}
	}
	if got := string(first[0].Data); got != want {
		t.Errorf("reply changed from %q to %q after later requests", want, got)
	}
}

func TestLargeDatagramGrowsBuffer(t *testing.T) {
	big := strings.Repeat("x", 100<<10)
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{dgram(reply(r, 0, big))}
	})
	got, err := c.Execute(context.Background(), getReq)
	if err != nil || len(got) != 1 || string(got[0].Data) != big {
		t.Fatalf("Execute = %d messages, %v; want the 100 KiB reply whole", len(got), err)
	}
	// A peek that finds the buffer too small, one that fits, one dequeue.
	if n := c.recvCalls.Load(); n != 3 {
		t.Errorf("%d recvmsg calls, want 3", n)
	}
	if f.Pending() != 0 {
		t.Errorf("%d datagrams left queued", f.Pending())
	}
	if len(c.rbuf) < len(big) {
		t.Errorf("buffer of %d bytes", len(c.rbuf))
	}
}

func TestExecuteConsistent(t *testing.T) {
	attempt := 0
	interrupted := 2
	c, _ := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		attempt++
		var f netlink.Flags
		if attempt <= interrupted {
			f = netlink.DumpIntr
		}
		return []fakeDatagram{dgram(reply(r, netlink.Multi|f, fmt.Sprint(attempt)), done(r, f, 0, ""))}
	})
	got, err := c.ExecuteConsistent(context.Background(), dumpReq, 5)
	if err != nil || attempt != 3 || cmp.Diff([]string{"3"}, texts(got)) != "" {
		t.Fatalf("ExecuteConsistent = %q, %v after %d attempts; want [3], nil after 3", texts(got), err, attempt)
	}

	attempt, interrupted = 0, 100
	got, err = c.ExecuteConsistent(context.Background(), dumpReq, 4)
	if !errors.Is(err, ErrDumpInterrupted) || attempt != 4 || cmp.Diff([]string{"4"}, texts(got)) != "" {
		t.Fatalf("ExecuteConsistent = %q, %v after %d attempts; want [4], ErrDumpInterrupted after 4", texts(got), err, attempt)
	}

	attempt = 0
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.ExecuteConsistent(ctx, dumpReq, 4); !errors.Is(err, context.Canceled) || attempt != 0 {
		t.Fatalf("ExecuteConsistent with a cancelled context = %v after %d attempts", err, attempt)
	}
}

func TestStream(t *testing.T) {
	c, _ := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{
			dgram(reply(r, netlink.Multi, "a"), reply(r, netlink.Multi, "b")),
			dgram(reply(r, netlink.Multi, "c"), done(r, netlink.DumpIntr, 0, "")),
		}
	})
	var got []string
	var errs []error
	for m, err := range c.Stream(context.Background(), dumpReq) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, string(m.Data))
	}
	if cmp.Diff([]string{"a", "b", "c"}, got) != "" || len(errs) != 1 || !errors.Is(errs[0], ErrDumpInterrupted) {
		t.Errorf("Stream yielded %q and errors %v; want a b c and one ErrDumpInterrupted", got, errs)
	}
}

// TestStreamAliasesBuffer documents that Stream is zero-copy.
func TestStreamAliasesBuffer(t *testing.T) {
	c, _ := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{dgram(reply(r, 0, "a"))}
	})
	for m, err := range c.Stream(context.Background(), getReq) {
		if err != nil {
			t.Fatal(err)
		}
		if &m.Data[0] != &c.rbuf[netlink.HeaderLen] {
			t.Error("Stream copied the message")
		}
	}
}

// TestStreamBreak stops a dump early, by break and by a panic in the loop
// body, and checks that the next request reads and drops the rest before
// sending, so the kernel accepts it.
func TestStreamBreak(t *testing.T) {
	for _, how := range []string{"break", "panic"} {
		t.Run(how, func(t *testing.T) {
			var f *fake
			c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
				if f.Pending() != 0 {
					// The kernel runs one dump per socket at a time.
					return []fakeDatagram{dgram(ack(r, unix.EBUSY, ""))}
				}
				return []fakeDatagram{
					dgram(reply(r, netlink.Multi, "a"), reply(r, netlink.Multi, "b")),
					dgram(reply(r, netlink.Multi, "c")),
					dgram(done(r, 0, 0, "")),
				}
			})
			func() {
				defer func() {
					if v := recover(); v != nil && v != "stop" {
						panic(v)
					}
				}()
				for m, err := range c.Stream(context.Background(), dumpReq) {
					if err != nil || string(m.Data) != "a" {
						t.Fatalf("first reply %q, %v", m.Data, err)
					}
					if how == "panic" {
						panic("stop")
					}
					break
				}
			}()
			got, err := c.Execute(context.Background(), dumpReq)
			if err != nil || len(got) != 3 {
				t.Fatalf("Execute after an abandoned Stream = %q, %v", texts(got), err)
			}
			// b, c and DONE of the abandoned dump.
			if n := c.Dropped(); n != 3 {
				t.Errorf("Dropped = %d, want 3", n)
			}
		})
	}
}

func TestExecuteContext(t *testing.T) {
	var mu sync.Mutex
	var late []netlink.Header
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		mu.Lock()
		defer mu.Unlock()
		if r.Flags&netlink.Acknowledge != 0 {
			late = append(late, r) // answered later, by hand
			return nil
		}
		return []fakeDatagram{dgram(reply(r, 0, "ok"))}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Execute(ctx, ackReq)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Execute = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Execute returned after %v", d)
	}

	// The late ACK must not be mistaken for the next request's reply.
	f.Push(dgram(ack(late[0], 0, "")))
	got, err := c.Execute(context.Background(), getReq)
	if err != nil || cmp.Diff([]string{"ok"}, texts(got)) != "" {
		t.Fatalf("next Execute = %q, %v", texts(got), err)
	}
	if n := c.Dropped(); n != 1 {
		t.Errorf("Dropped = %d, want 1 (the late ACK)", n)
	}

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err := c.Execute(ctx, getReq); !errors.Is(err, context.Canceled) {
		t.Errorf("Execute with a cancelled context = %v", err)
	}
}

func TestReadDeadline(t *testing.T) {
	c, _ := newFakeConn(t, nil)
	c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	if _, err := c.Receive(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Receive = %v, want os.ErrDeadlineExceeded", err)
	}
	if _, err := c.Execute(context.Background(), ackReq); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Execute = %v, want os.ErrDeadlineExceeded", err)
	}
	c.SetReadDeadline(time.Time{})
}

func TestCloseUnblocks(t *testing.T) {
	c, _ := newFakeConn(t, nil)
	errc := make(chan error, 2)
	go func() { _, err := c.Receive(); errc <- err }()
	go func() { _, err := c.Execute(context.Background(), ackReq); errc <- err }()
	time.Sleep(20 * time.Millisecond)
	c.Close()
	for range 2 {
		select {
		case err := <-errc:
			if !errors.Is(err, net.ErrClosed) {
				t.Errorf("blocked call returned %v, want net.ErrClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Close did not unblock")
		}
	}
	if _, err := c.Send(getReq); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Send after Close = %v", err)
	}
	if err := c.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second Close = %v", err)
	}
}

func TestSend(t *testing.T) {
	c, f := newFakeConn(t, nil)
	h, err := c.Send(netlink.Message{Header: netlink.Header{Type: typeData, Flags: netlink.Request}, Body: []byte("hi")})
	if err != nil || h.Seq == 0 || len(f.Requests()) != 1 || f.Requests()[0].Len() != netlink.HeaderLen+2 {
		t.Fatalf("Send = %+v, %v", h, err)
	}
	h2, _ := c.Send(netlink.Message{Header: netlink.Header{Type: typeData, Seq: 77}})
	if h2.Seq != 77 || sentHeaders(f)[0].Seq != h.Seq || sentHeaders(f)[1].Seq != 77 {
		t.Errorf("sequence numbers sent: %d %d", sentHeaders(f)[0].Seq, sentHeaders(f)[1].Seq)
	}
}

func TestReceive(t *testing.T) {
	c, f := newFakeConn(t, nil)
	ev := func(text string) fakeDatagram {
		d := dgram(msg(typeData, 0, 0, 0, []byte(text)))
		d.From.Groups = 1
		return d
	}
	foreign := ev("forged")
	foreign.From.PID = 7
	f.Push(ev("one"), foreign, ev("two"), fakeDatagram{Err: unix.ENOBUFS}, ev("three"))
	// The loss is reported once the socket is empty: after three, which
	// was queued when the kernel reported it.
	for _, want := range []string{"one", "two", "three", "overrun"} {
		msgs, err := c.Receive()
		if want == "overrun" {
			if !errors.Is(err, ErrOverrun) || !errors.Is(err, unix.ENOBUFS) {
				t.Errorf("Receive after the loss = %v, want ErrOverrun", err)
			}
			continue
		}
		if err != nil || cmp.Diff([]string{want}, texts(msgs)) != "" {
			t.Errorf("Receive = %q, %v; want %s", texts(msgs), err, want)
		}
	}
	if c.Dropped() != 1 {
		t.Errorf("Dropped = %d, want 1 (the forged event)", c.Dropped())
	}

	f.Push(foreign)
	msgs, from, err := c.ReceiveFrom()
	if err != nil || from.PID != 7 || cmp.Diff([]string{"forged"}, texts(msgs)) != "" {
		t.Errorf("ReceiveFrom = %q from %v, %v", texts(msgs), from, err)
	}
}

// TestStreamContract checks what Stream's doc says of the iterator: the
// request is sent when iteration starts, not when Stream is called; the
// error comes last, alone, with a zero message.
func TestStreamContract(t *testing.T) {
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{dgram(reply(r, netlink.Multi, "a"), done(r, 0, unix.EPERM, ""))}
	})
	seq := c.Stream(context.Background(), dumpReq)
	time.Sleep(10 * time.Millisecond)
	if f.Pending() != 0 || len(f.Requests()) != 0 {
		t.Fatalf("Stream sent %d requests before iteration", len(f.Requests()))
	}
	var got []string
	for m, err := range seq {
		if err != nil {
			if !errors.Is(err, unix.EPERM) || m.Header != (netlink.Header{}) || m.Data != nil {
				t.Errorf("final error %v with message %+v; want EPERM with a zero message", err, m)
			}
			got = append(got, "error")
			continue
		}
		got = append(got, string(m.Data))
	}
	if d := cmp.Diff([]string{"a", "error"}, got); d != "" || len(f.Requests()) != 1 {
		t.Errorf("%d requests sent; yielded (-want +got):\n%s", len(f.Requests()), d)
	}
}

// TestExecuteConsistentOnce checks "up to attempts times in all (at least
// once)" for attempts below 1.
func TestExecuteConsistentOnce(t *testing.T) {
	for _, attempts := range []int{0, -1, 1} {
		n := 0
		c, _ := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
			n++
			return []fakeDatagram{dgram(done(r, netlink.DumpIntr, 0, ""))}
		})
		if _, err := c.ExecuteConsistent(context.Background(), dumpReq, attempts); !errors.Is(err, ErrDumpInterrupted) || n != 1 {
			t.Errorf("attempts=%d: %v after %d dumps; want ErrDumpInterrupted after 1", attempts, err, n)
		}
	}
}
