package conn

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
)

// Fuzzing modes: bits of the mode argument of the conn fuzz targets, so
// that the fuzzer picks the path as well as the bytes.
const (
	fzOther     = 1 << iota // the datagram comes from another process
	fzGroup                 // a multicast datagram of group 1 (source address)
	fzPktinfo               // a multicast datagram of group 33 (PKTINFO only)
	fzFrom                  // read with ReceiveFrom rather than Receive
	fzOverrun               // an ENOBUFS precedes the datagrams
	fzAsIs                  // leave seq and port id as fuzzed
	fzStream                // Stream rather than Execute
	fzStopEarly             // stop a Stream after its first reply
)

// sentinelSeq marks the datagram that ends a fuzz case's Receive loop.
const sentinelSeq = 0xfffffff0

// fuzzTimeout bounds every call of a fuzz case: the scripts always hold
// what ends the call, so reaching it means the Conn lost track.
const fuzzTimeout = 5 * time.Second

// fuzzSeeds adds datagrams of the standard messages, of data replies and of
// the kernel captures, each under every mode worth a seed.
func fuzzSeeds(f *testing.F) {
	req := netlink.Header{Type: typeData, Flags: netlink.Request, Seq: 1, PID: fakePID}
	ds := [][]byte{
		{},
		reply(req, 0, "one"),
		append(reply(req, netlink.Multi, "a"), done(req, 0, 0, "")...),
		append(reply(req, netlink.Multi|netlink.DumpIntr, "a"), done(req, 0, unix.EINTR, "dump failed")...),
		ack(req, 0, ""),
		ack(req, unix.EEXIST, "Link already exists"),
		msg(netlink.Overrun, 0, req.Seq, fakePID, nil),
		msg(netlink.Noop, 0, req.Seq, 0, nil),
		{0xff, 0xff, 0xff, 0xff, 100, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0},
	}
	files, _ := filepath.Glob("../testdata/*/*.hex")
	for _, name := range files {
		if b, err := golden.ReadHex(name); err == nil {
			ds = append(ds, b)
		}
	}
	for _, d := range ds {
		for _, mode := range []uint8{0, fzGroup, fzOther | fzFrom, fzStream, fzStream | fzStopEarly, fzOverrun} {
			f.Add(d, uint16(len(d)/2), uint8(1), mode)
		}
	}
}

// patch returns a copy of b with the sequence number and port id of every
// message header it can walk set to seq and pid, so that the fuzzer gets
// past the Conn's reply matching.
func patch(b []byte, seq, pid uint32) []byte {
	b = append([]byte(nil), b...)
	for off := 0; off+netlink.HeaderLen <= len(b); {
		binary.NativeEndian.PutUint32(b[off+8:], seq)
		binary.NativeEndian.PutUint32(b[off+12:], pid)
		l := int(binary.NativeEndian.Uint32(b[off:]))
		if l < netlink.HeaderLen {
			break
		}
		off += netlink.Align(l)
	}
	return b
}

// fuzzDatagrams splits b at cut into at most two datagrams, marked as mode
// says.
func fuzzDatagrams(b []byte, cut uint16, mode uint8) []fakeDatagram {
	var from Addr
	var group uint32
	if mode&fzOther != 0 {
		from.PID = 77
	}
	if mode&fzGroup != 0 {
		from.Groups = 1
		group = 1
	}
	if mode&fzPktinfo != 0 {
		group = 33
	}
	var ds []fakeDatagram
	if mode&fzOverrun != 0 {
		ds = append(ds, fakeDatagram{Err: unix.ENOBUFS})
	}
	for _, part := range [][]byte{b[:min(int(cut), len(b))], b[min(int(cut), len(b)):]} {
		if len(part) > 0 || len(b) == 0 {
			ds = append(ds, fakeDatagram{Data: part, From: from, Group: group})
		}
		if len(b) == 0 {
			break
		}
	}
	return ds
}

// checkMessages fails unless every message's Data ends where its length
// says (cap(Data) == len(Data)): an append to it must not write over the
// message after it.
func checkMessages(t *testing.T, msgs []netlink.RawMessage) {
	t.Helper()
	for _, m := range msgs {
		if cap(m.Data) != len(m.Data) {
			t.Fatalf("message of length %d holds %d bytes of data, with room for %d", m.Len(), len(m.Data), cap(m.Data))
		}
	}
}

// readToSentinel reads with Receive (or ReceiveFrom) until the sentinel datagram,
// pushed now, arrives: whatever was pushed or set aside before it must be
// returned or dropped, never waited for.
func readToSentinel(t *testing.T, c *Conn, f *fake, from bool) {
	t.Helper()
	f.Push(fakeDatagram{Data: msg(netlink.Noop, 0, sentinelSeq, 0, nil)})
	if err := c.SetReadDeadline(time.Now().Add(fuzzTimeout)); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		var msgs []netlink.RawMessage
		var err error
		if from {
			msgs, _, err = c.ReceiveFrom()
		} else {
			msgs, err = c.Receive()
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatal("Receive waited though the sentinel was queued")
		}
		checkMessages(t, msgs)
		if err != nil {
			if !errors.Is(err, netlink.ErrMalformed) && err != ErrOverrun {
				t.Fatalf("Receive: unexpected error %T: %v", err, err)
			}
			continue
		}
		for _, m := range msgs {
			if m.Header.Seq == sentinelSeq && m.Header.Type == netlink.Noop {
				return
			}
		}
	}
	t.Fatal("no sentinel after 100 reads")
}

// FuzzReceive pushes arbitrary datagrams at a Conn, unprompted as events
// are, and reads them with Receive or ReceiveFrom: no panic, no wait for a
// datagram that is not there, and only well-framed messages returned.
func FuzzReceive(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte, cut uint16, _ uint8, mode uint8) {
		c, fk := newFakeConn(t, nil)
		fk.Push(fuzzDatagrams(b, cut, mode)...)
		readToSentinel(t, c, fk, mode&fzFrom != 0)
	})
}

// FuzzExecute answers a request with arbitrary datagrams, whose headers
// carry the request's sequence number and the socket's port id unless the
// mode says otherwise, followed by an ACK that completes any reply. The
// request is a get, an ACKed get or a dump (kind), run with Execute or
// Stream. It must end without waiting for its deadline; then the Conn
// must still work: a later request succeeds once the remains of this one
// are read, and Receive returns the events the request set aside.
func FuzzExecute(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(runExecuteCase)
}

// runExecuteCase is FuzzExecute's body, a function of its own so that a
// test can replay inputs through it.
func runExecuteCase(t *testing.T, b []byte, cut uint16, kind uint8, mode uint8) {
	c, fk := newFakeConn(t, func(req netlink.Header, _ []byte) []fakeDatagram {
		d := b
		if mode&fzAsIs == 0 {
			d = patch(b, req.Seq, fakePID)
		}
		return append(fuzzDatagrams(d, cut, mode), dgram(ack(req, 0, "")))
	})
	req := []netlink.Message{getReq, ackReq, dumpReq, getReq}[kind%4]
	if kind%4 == 3 {
		req.Header.Flags = netlink.Dump | netlink.Acknowledge
	}
	ctx, cancel := context.WithTimeout(context.Background(), fuzzTimeout)
	defer cancel()
	var err error
	if mode&fzStream == 0 {
		var msgs []netlink.RawMessage
		msgs, err = c.Execute(ctx, req)
		checkMessages(t, msgs)
	} else {
		for m, e := range c.Stream(ctx, req) {
			if e != nil {
				err = e
				break
			}
			checkMessages(t, []netlink.RawMessage{m})
			if mode&fzStopEarly != 0 {
				break
			}
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("request waited for its deadline though its reply was complete")
	}

	// The Conn recovers: reading what is left of the fuzzed reply may
	// fail once per malformed datagram, but then an ACKed request works.
	fk.SetHandler(conntest.AckAll)
	for i := 0; ; i++ {
		_, err := c.Execute(ctx, ackReq)
		if err == nil {
			break
		}
		if i >= 2 || !errors.Is(err, netlink.ErrMalformed) {
			t.Fatalf("request %d after the fuzzed one: %v", i+1, err)
		}
	}
	readToSentinel(t, c, fk, false)
}
