package conn

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// The tests here play a local process that sends a Conn forged netlink
// messages: replies that carry the Conn's port id and the sequence number
// of its request, and multicast events. The kernel stamps every datagram
// with the sender's port id, which a process cannot choose, so the Conn
// must drop all of them, count each message in Dropped, and return only
// what the kernel said. Sending to another port or to a group of
// NETLINK_ROUTE needs CAP_NET_ADMIN, which these tests have as root.
//
// NLTEST_SPOOF_N sets how many messages each test forges (default 100).

// forgedName is the link name that forged RTM_NEWLINK messages carry.
const forgedName = "forged"

// spoofer forges messages through an nltest.Spoofer, counting them as a
// Conn counts what it drops.
type spoofer struct {
	*nltest.Spoofer
	sent uint64 // messages sent so far
}

func newSpoofer(t testing.TB, ns *nltest.NS) *spoofer {
	return &spoofer{Spoofer: nltest.NewSpoofer(t, ns)}
}

// send sends msgs as one datagram to the port pid, or to the groups of
// mask groups when pid is 0. It may be called from any goroutine, but by
// one at a time; it returns the error rather than failing, for goroutines.
func (s *spoofer) send(pid, groups uint32, msgs ...[]byte) error {
	return s.sendDatagram(pid, groups, slices.Concat(msgs...), len(msgs))
}

// sendDatagram sends b, which a Conn counts as n messages, as send does.
func (s *spoofer) sendDatagram(pid, groups uint32, b []byte, n int) error {
	if err := s.Send(pid, groups, b); err != nil {
		return err
	}
	s.sent += uint64(n)
	return nil
}

// sendJunk sends a datagram too short for a header and one whose message
// is cut short, which the Conn counts as one message each: a forged
// datagram must not fail a request as malformed, nor escape the count.
// (Linux 6.18 refuses to send an empty datagram, with ENODATA.)
func (s *spoofer) sendJunk(pid, groups uint32) error {
	if err := s.sendDatagram(pid, groups, []byte{1, 2, 3}, 1); err != nil {
		return err
	}
	return s.sendDatagram(pid, groups, forgedLink(0, 0, 0)[:20], 1)
}

// forgeReplies sends to the Conn's port everything that could pass for a
// reply to the request with sequence number seq: an EPERM error, a
// success ACK, a DONE, and an RTM_NEWLINK named forgedName (with flags
// linkFlags), each in a datagram of its own, then all four in one, then
// junk.
func (s *spoofer) forgeReplies(c *Conn, seq uint32, linkFlags netlink.Flags) error {
	req := netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request, Seq: seq, PID: c.pid}
	forged := [][]byte{
		forgedError(req, unix.EPERM),
		forgedError(req, 0),
		msg(netlink.Done, netlink.Multi, seq, c.pid, &netlink.DoneMessage{}),
		forgedLink(seq, c.pid, linkFlags),
	}
	for _, m := range forged {
		if err := s.send(c.pid, 0, m); err != nil {
			return err
		}
	}
	if err := s.send(c.pid, 0, forged...); err != nil {
		return err
	}
	return s.sendJunk(c.pid, 0)
}

// forgedError encodes an NLMSG_ERROR answering req with errno (an ACK if
// 0), as the kernel would send it.
func forgedError(req netlink.Header, errno unix.Errno) []byte {
	return msg(netlink.Error, netlink.Capped, req.Seq, req.PID, &netlink.ErrorMessage{Errno: -int32(errno), Request: req})
}

// forgedLink encodes an RTM_NEWLINK for lo's index under forgedName.
func forgedLink(seq, pid uint32, flags netlink.Flags) []byte {
	return msg(unix.RTM_NEWLINK, flags, seq, pid, &ifInfoMsg{Family: unix.AF_UNSPEC, Index: 1, Attrs: linkAttrs{Name: forgedName}})
}

// predictSeq returns the sequence number c's next request will carry; c
// must be idle.
func predictSeq(c *Conn) uint32 {
	if s := c.seq.Load() + 1; s != 0 {
		return s
	}
	return 1
}

// spoofReport checks and logs the figures of a test: every forged message
// dropped, and exactly those, and none returned.
func spoofReport(t *testing.T, s *spoofer, c *Conn, dropped0 uint64, returned int) {
	t.Helper()
	dropped := c.Dropped() - dropped0
	t.Logf("forged %d, dropped %d, returned %d", s.sent, dropped, returned)
	if dropped != s.sent || returned != 0 {
		t.Errorf("forged %d messages: %d dropped, %d returned; want all dropped, none returned", s.sent, dropped, returned)
	}
}

// TestKernelSpoofRequest forges every kind of reply to requests answered
// in one datagram or two (a reply, an ACK, an error, a small dump), sent
// before the request so that the Conn reads them first, and checks that
// each request still gets the kernel's answer.
func TestKernelSpoofRequest(t *testing.T) {
	ns := nltest.NewNS(t)
	kind := probeKind(t, ns)
	c := dial(t, ns, Config{})
	s := newSpoofer(t, ns)
	n := nltest.SpoofCount(t)

	getLoAck := getLo
	getLoAck.Header.Flags |= netlink.Acknowledge
	loUp := netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Acknowledge},
		Body:   &ifInfoMsg{Family: unix.AF_UNSPEC, Index: 1, Flags: unix.IFF_UP, Change: unix.IFF_UP},
	}
	cases := []struct {
		name  string
		req   netlink.Message
		links []string // the names the kernel answers with
		errno unix.Errno
	}{
		{"get", getLo, []string{"lo"}, 0},
		{"get+ACK", getLoAck, []string{"lo"}, 0},
		{"set+ACK", loUp, nil, 0},
		// A forged ACK must not turn the kernel's refusal into success.
		{"failing new", newLink("lo", kind), nil, unix.EEXIST},
		{"dump", linkDump, []string{"lo"}, 0},
	}

	ctx := context.Background()
	dropped0 := c.Dropped()
	returned := 0
	for i := 0; s.sent < uint64(n); i++ {
		tc := cases[i%len(cases)]
		// A forged link passes for part of a dump only if marked so.
		var linkFlags netlink.Flags
		if tc.req.Header.Flags&netlink.Dump != 0 {
			linkFlags = netlink.Multi
		}
		seq := predictSeq(c)
		if err := s.forgeReplies(c, seq, linkFlags); err != nil {
			t.Fatal(err)
		}
		msgs, err := c.Execute(ctx, tc.req)
		if seq != c.seq.Load() {
			t.Fatalf("%s: request sent with sequence number %d, forged %d", tc.name, c.seq.Load(), seq)
		}
		returned += forgedIn(t, c, seq, msgs)
		var names []string
		for _, m := range msgs {
			if m.Header.Type == unix.RTM_NEWLINK {
				names = append(names, linkName(t, m))
			} else {
				names = append(names, fmt.Sprintf("(type %d)", m.Header.Type))
			}
		}
		switch {
		case tc.errno == 0 && err != nil, tc.errno != 0 && !errors.Is(err, tc.errno):
			t.Fatalf("%s, round %d: Execute = %v, want errno %d", tc.name, i, err, tc.errno)
		case !slices.Equal(names, tc.links):
			t.Fatalf("%s, round %d: Execute returned links %q, want %q", tc.name, i, names, tc.links)
		}
		// Each forgery came before the reply, so it is counted by now.
		if d := c.Dropped() - dropped0; d != s.sent {
			t.Fatalf("%s, round %d: Dropped %d after %d forged", tc.name, i, d, s.sent)
		}
	}
	spoofReport(t, s, c, dropped0, returned)
}

// forgedIn counts the messages of msgs that the kernel did not send in
// answer to seq: the forged ones, given the kernel's true answers.
func forgedIn(t testing.TB, c *Conn, seq uint32, msgs []netlink.RawMessage) int {
	t.Helper()
	n := 0
	for _, m := range msgs {
		if m.Header.Type != unix.RTM_NEWLINK || m.Header.Seq != seq || m.Header.PID != c.pid || linkName(t, m) == forgedName {
			n++
		}
	}
	return n
}

// TestKernelSpoofDump forges replies into dumps of a few hundred links,
// many datagrams long, which the Conn reads ahead: before the request, and
// during it. Stream and Execute take turns. A Stream loop sends forgeries
// itself every 20 links, so they reach the socket between the datagrams
// of the dump still to come (the kernel makes each one as the one before
// is read); during an Execute a goroutine sends them as it can. The dumps
// must stay whole and unaltered.
func TestKernelSpoofDump(t *testing.T) {
	// Enough links for a dump that outlasts the read-ahead (aheadBuffers
	// datagrams) when the reader runs ahead of the loop.
	const links = 800
	ns := nltest.NewNS(t)
	want := append(addDummies(t, ns, "dummy", links), "lo")
	slices.Sort(want)
	c := dial(t, ns, Config{})
	s := newSpoofer(t, ns)
	n := nltest.SpoofCount(t)

	ctx := context.Background()
	dropped0 := c.Dropped()
	returned := 0
	// Forgeries sent during Stream loops, and those of them dropped before
	// the loop ended: read ahead along with the dump.
	var midSent, midDropped uint64
	// A turn dumps the links once, after the forgeries of seq, passes
	// each message of the dump to see, and returns the dump's error.
	turns := []struct {
		name string
		dump func(seq uint32, see func(netlink.RawMessage)) error
	}{
		{"Stream", func(seq uint32, see func(netlink.RawMessage)) error {
			sent := s.sent
			var err error
			k := 0
			for m, serr := range c.Stream(ctx, linkDump) {
				if serr != nil {
					err = serr
					break
				}
				see(m)
				if k++; k%20 == 0 {
					if err := s.forgeReplies(c, seq, netlink.Multi); err != nil {
						t.Fatal(err)
					}
				}
			}
			midSent += s.sent - sent
			// Those sent before the loop came ahead of the DONE.
			midDropped += c.Dropped() - dropped0 - sent
			return err
		}},
		{"Execute", func(seq uint32, see func(netlink.RawMessage)) error {
			// The spoofer sends a batch of forgeries on each signal;
			// signals that come while it sends merge.
			signal := make(chan struct{}, 1)
			var wg sync.WaitGroup
			var spoofErr error
			wg.Go(func() {
				for range signal {
					if spoofErr == nil {
						spoofErr = s.forgeReplies(c, seq, netlink.Multi)
					}
				}
			})
			go func() {
				defer close(signal)
				for range 10 {
					signal <- struct{}{}
				}
			}()
			msgs, err := c.Execute(ctx, linkDump)
			wg.Wait()
			if spoofErr != nil {
				t.Fatal(spoofErr)
			}
			for _, m := range msgs {
				see(m)
			}
			return err
		}},
	}
	for i := 0; s.sent < uint64(n); i++ {
		turn := turns[i%len(turns)]
		seq := predictSeq(c)
		if err := s.forgeReplies(c, seq, netlink.Multi); err != nil {
			t.Fatal(err)
		}
		var names []string
		bytes := 0
		err := turn.dump(seq, func(m netlink.RawMessage) {
			returned += forgedIn(t, c, seq, []netlink.RawMessage{m})
			names = append(names, linkName(t, m))
			bytes += m.Len()
		})
		if err != nil {
			t.Fatalf("dump %d (%s): %v", i, turn.name, err)
		}
		slices.Sort(names)
		if !slices.Equal(names, want) {
			t.Fatalf("dump %d (%s): %d links, want %d; forged among them: %v", i, turn.name, len(names), len(want), slices.Contains(names, forgedName))
		}
		// Several full datagrams: the dump was read ahead.
		if bytes < 3*minReadBuffer {
			t.Fatalf("dump %d (%s): %d bytes, too few to need a read-ahead", i, turn.name, bytes)
		}
		// Forgeries sent after the DONE wait in the socket; a request
		// reads past them to its reply, and drops them.
		if _, err := c.Execute(ctx, getLo); err != nil {
			t.Fatal(err)
		}
		if d := c.Dropped() - dropped0; d != s.sent {
			t.Fatalf("dump %d (%s): Dropped %d after %d forged", i, turn.name, d, s.sent)
		}
	}
	t.Logf("sent during Stream loops: %d, of which dropped before the loop ended: %d", midSent, midDropped)
	// The first forgeries of a loop come a few datagrams into a dump of
	// many, which the read-ahead cannot all have read yet.
	if midDropped == 0 {
		t.Errorf("no forgery sent during a Stream loop was read during the dump")
	}
	spoofReport(t, s, c, dropped0, returned)
}

// TestKernelSpoofMulticast subscribes a Conn to link events and forges
// events: to its port, and to the group, which reaches every member. In
// every other round the subscriber also makes a request while the
// forgeries wait, so that those sent to the group are first set aside for
// Receive. Then a real event follows, a change of MTU, and Receive must
// return it and only real events.
func TestKernelSpoofMulticast(t *testing.T) {
	ns := nltest.NewNS(t)
	const real = "real0"
	addDummies(t, ns, "real", 1)
	c := dial(t, ns, Config{})
	if err := c.JoinGroup(unix.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}
	ctl := dial(t, ns, Config{})
	s := newSpoofer(t, ns)
	n := nltest.SpoofCount(t)

	ctx := context.Background()
	dropped0 := c.Dropped()
	returned := 0
	for i := 0; s.sent < uint64(n); i++ {
		// Events have sequence number 0 and port id 0. A forgery sent to
		// the group without NLM_F_REQUEST also reaches the kernel, which
		// ignores it.
		event := forgedLink(0, 0, 0)
		for _, f := range []struct{ pid, groups uint32 }{{c.pid, 0}, {0, unix.RTMGRP_LINK}} {
			if err := s.send(f.pid, f.groups, event); err != nil {
				t.Fatal(err)
			}
			if err := s.send(f.pid, f.groups, event, event); err != nil {
				t.Fatal(err)
			}
			if err := s.sendJunk(f.pid, f.groups); err != nil {
				t.Fatal(err)
			}
		}
		if i%2 == 0 {
			if msgs, err := c.Execute(ctx, getLo); err != nil || len(msgs) != 1 || linkName(t, msgs[0]) != "lo" {
				t.Fatalf("round %d: Execute = %v, %v", i, msgs, err)
			}
		}

		// Alternate MTUs tell this round's event from the last one's.
		mtu := uint32(1400 + 100*(i%2))
		set := &linkMTU{Family: unix.AF_UNSPEC}
		set.Attrs.Name, set.Attrs.MTU = real, mtu
		req := netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Acknowledge}, Body: set}
		if _, err := ctl.Execute(ctx, req); err != nil {
			t.Fatalf("round %d: setting the MTU of %s: %v", i, real, err)
		}
		returned += waitMTU(t, c, real, mtu)
		if d := c.Dropped() - dropped0; d != s.sent {
			t.Fatalf("round %d: Dropped %d after %d forged", i, d, s.sent)
		}
	}
	spoofReport(t, s, c, dropped0, returned)
}

// linkMTU is struct ifinfomsg with a link's name and MTU.
type linkMTU struct {
	Family uint8
	_      uint8
	Type   uint16
	Index  int32
	Flags  uint32
	Change uint32
	Attrs  struct {
		Name string `nla:"3,omitempty"` // IFLA_IFNAME
		MTU  uint32 `nla:"4,omitempty"` // IFLA_MTU
	} `nla:",attrs"`
}

// waitMTU receives events until an RTM_NEWLINK gives link name the MTU
// mtu, and returns how many of those received were forged.
func waitMTU(t *testing.T, c *Conn, name string, mtu uint32) int {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	defer c.SetReadDeadline(time.Time{})
	forged := 0
	for {
		msgs, err := c.Receive()
		if err != nil {
			t.Fatalf("waiting for the event of %s's MTU %d: %v", name, mtu, err)
		}
		for _, m := range msgs {
			var l linkMTU
			if err := nltag.Unmarshal(m.Data, &l); err != nil {
				t.Fatalf("decoding event %v: %v", m.Header, err)
			}
			if l.Attrs.Name == forgedName {
				forged++
			}
			if m.Header.Type == unix.RTM_NEWLINK && l.Attrs.Name == name && l.Attrs.MTU == mtu {
				return forged
			}
		}
	}
}

// TestSpoofSetAside has the fake deliver, during a request, datagrams that
// a process sent to the Conn's group: well-formed, malformed and empty.
// The request sets them aside; Receive must drop each and count it as it
// counts those it reads itself (countMessages), and return the kernel's
// event behind them. ReceiveFrom returns what it can and skips the empty
// one, as it does when it reads it itself.
func TestSpoofSetAside(t *testing.T) {
	ev := forgedLink(0, 0, 0)
	junk := []fakeDatagram{
		{Data: slices.Concat(ev, ev)},
		{Data: ev[:20]},
		{Data: []byte{1, 2, 3}},
		{},
	}
	const junkCount = 2 + 1 + 1 + 1
	real := msg(unix.RTM_NEWLINK, 0, 0, 0, &ifInfoMsg{Family: unix.AF_UNSPEC, Index: 1, Attrs: linkAttrs{Name: "lo"}})
	for i := range junk {
		junk[i].From = Addr{PID: 777, Groups: unix.RTMGRP_LINK}
		junk[i].Group = unix.RTNLGRP_LINK
	}
	c, _ := newFakeConn(t, func(req netlink.Header, _ []byte) []fakeDatagram {
		return append(slices.Clone(junk),
			fakeDatagram{Data: real, From: Addr{Groups: unix.RTMGRP_LINK}, Group: unix.RTNLGRP_LINK},
			dgram(ack(req, 0, "")))
	})
	c.multicast.Store(true)
	ctx := context.Background()
	noop := netlink.Message{Header: netlink.Header{Type: netlink.Noop, Flags: netlink.Acknowledge}}

	if _, err := c.Execute(ctx, noop); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Receive()
	if err != nil || len(msgs) != 1 || linkName(t, msgs[0]) != "lo" {
		t.Fatalf("Receive = %v, %v; want the kernel's event", msgs, err)
	}
	if d := c.Dropped(); d != junkCount {
		t.Errorf("Dropped = %d, want %d", d, junkCount)
	}

	if _, err := c.Execute(ctx, noop); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		msgs, from, err := c.ReceiveFrom()
		got = append(got, fmt.Sprintf("%d messages from %d, malformed %v", len(msgs), from.PID, errors.Is(err, netlink.ErrMalformed)))
		if from.PID == 0 {
			break
		}
	}
	want := []string{
		"2 messages from 777, malformed false",
		"0 messages from 777, malformed true",
		"0 messages from 777, malformed true",
		"1 messages from 0, malformed false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("ReceiveFrom returned:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
