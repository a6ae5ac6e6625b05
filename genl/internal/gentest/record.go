package gentest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/internal/golden"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// PortID is the port the recorder binds to. Port ids are per namespace, so
// in a fresh one it is free, and captures do not change from run to run.
const PortID = 4242

// Recorder sends requests in a namespace and keeps the bytes of each
// exchange: the request as sent and every message the kernel answered with,
// the ACK or NLMSG_DONE included.
type Recorder struct {
	Conn *genl.Conn
	Dir  string // where Write puts the files
	From string // the test that records, for the comments
	seq  uint32
}

// NewRecorder returns a Recorder with a socket in ns, bound to PortID.
func NewRecorder(t *testing.T, ns *nltest.NS, dir, from string) *Recorder {
	t.Helper()
	c, err := genl.Dial(&conn.Config{NetNS: conn.NetNSPath(ns.Path), PID: PortID})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &Recorder{Conn: c, Dir: dir, From: from}
}

// Exchange sends req to family with flags (and NLM_F_REQUEST) under the
// next sequence number, reads the whole answer and returns the bytes of
// both. A kernel error is part of the answer, not a failure.
func (r *Recorder) Exchange(t *testing.T, family string, flags netlink.Flags, req any) []byte {
	t.Helper()
	typ := netlink.MsgType(genl.CtrlID)
	if family != genl.CtrlName {
		f, err := r.Conn.Family(context.Background(), family)
		if err != nil {
			t.Fatal(err)
		}
		typ = netlink.MsgType(f.ID)
	}
	r.seq++
	m := netlink.Message{Header: netlink.Header{Type: typ, Flags: flags | netlink.Request, Seq: r.seq}, Body: req}
	h, err := r.Conn.Conn().Send(m)
	if err != nil {
		t.Fatal(err)
	}
	m.Header = h
	b, err := netlink.AppendMessage(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	dump := flags&netlink.Dump == netlink.Dump
	ack := flags&netlink.Acknowledge != 0
	if err := r.Conn.Conn().SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	defer r.Conn.Conn().SetReadDeadline(time.Time{})
	for {
		ms, err := r.Conn.Conn().Receive()
		if err != nil {
			t.Fatalf("receiving the answer to %s: %v", family, err)
		}
		for _, m := range ms {
			if m.Header.Seq != h.Seq {
				continue
			}
			b = AppendRaw(b, m)
			switch {
			case m.Header.Type == netlink.Error, m.Header.Type == netlink.Done:
				return b
			case !dump && !ack && m.Header.Flags&netlink.Multi == 0:
				return b
			}
		}
	}
}

// Event waits for a multicast datagram holding a message that match
// accepts, and returns that datagram's bytes.
func (r *Recorder) Event(t *testing.T, match func(netlink.RawMessage) bool) []byte {
	t.Helper()
	if err := r.Conn.Conn().SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	defer r.Conn.Conn().SetReadDeadline(time.Time{})
	for {
		ms, err := r.Conn.Conn().Receive()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatal("no such event within 5s")
		}
		if err != nil {
			t.Fatal(err)
		}
		var b []byte
		found := false
		for _, m := range ms {
			b = AppendRaw(b, m)
			found = found || match(m)
		}
		if found {
			return b
		}
	}
}

// AppendRaw appends m as it was on the wire.
func AppendRaw(b []byte, m netlink.RawMessage) []byte {
	b = netlink.AppendHeader(b, m.Header)
	b = append(b, m.Data...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// Write stores b as the golden case name, with a comment saying what was
// done, on which kernel, by which test.
func (r *Recorder) Write(t *testing.T, name, what string, b []byte) {
	t.Helper()
	comment := fmt.Sprintf("%s\nkernel %s, captured by %s", strings.TrimSpace(what), Kernel(), r.From)
	if err := golden.WriteHex(filepath.Join(r.Dir, name+".hex"), comment, b); err != nil {
		t.Fatal(err)
	}
}

// Kernel returns the kernel release, as uname -r prints it.
func Kernel() string {
	out, err := exec.Command("uname", "-r").Output()
	if err != nil {
		return "unknown"
	}
	return string(bytes.TrimSpace(out))
}
