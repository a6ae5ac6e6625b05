package golden

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nltag/go-netlink/netlink"
)

// Socket is what a capture needs of a netlink socket; *conn.Conn has it.
type Socket interface {
	Send(m netlink.Message) (netlink.Header, error)
	Receive() ([]netlink.RawMessage, error)
	SetReadDeadline(t time.Time) error
}

// captureWait bounds how long a capture waits for the kernel.
const captureWait = 5 * time.Second

// Exchange sends m on c (filling in its length, and a sequence number if
// Seq is 0) and returns the bytes of the whole exchange as a golden case
// holds them: the request as sent, then every message the kernel answered
// with, the ACK or NLMSG_DONE included. A kernel error is part of the
// answer, not a failure. Other messages c receives meanwhile are skipped.
func Exchange(t testing.TB, c Socket, m netlink.Message) []byte {
	t.Helper()
	h, err := c.Send(m)
	if err != nil {
		t.Fatal(err)
	}
	m.Header = h
	b, err := netlink.AppendMessage(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	dump := h.Flags&netlink.Dump == netlink.Dump
	ack := h.Flags&netlink.Acknowledge != 0
	if err := c.SetReadDeadline(time.Now().Add(captureWait)); err != nil {
		t.Fatal(err)
	}
	defer c.SetReadDeadline(time.Time{})
	for {
		ms, err := c.Receive()
		if err != nil {
			t.Fatalf("receiving the answer to type %d: %v", h.Type, err)
		}
		for _, m := range ms {
			if m.Header.Seq != h.Seq {
				continue
			}
			b = Wire(b, m)
			switch {
			case m.Header.Type == netlink.Error, m.Header.Type == netlink.Done:
				return b
			case !dump && !ack && m.Header.Flags&netlink.Multi == 0:
				return b
			}
		}
	}
}

// Event waits for a datagram holding a message that match accepts, such as
// a multicast event, and returns that datagram's bytes.
func Event(t testing.TB, c Socket, match func(netlink.RawMessage) bool) []byte {
	t.Helper()
	if err := c.SetReadDeadline(time.Now().Add(captureWait)); err != nil {
		t.Fatal(err)
	}
	defer c.SetReadDeadline(time.Time{})
	for {
		ms, err := c.Receive()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("no such event within %v", captureWait)
		}
		if err != nil {
			t.Fatal(err)
		}
		var b []byte
		found := false
		for _, m := range ms {
			b = Wire(b, m)
			found = found || match(m)
		}
		if found {
			return b
		}
	}
}

// Wire appends the messages ms to b as they were on the wire, to store
// messages a test received (from conn.Conn.Execute, say) as a golden case.
func Wire(b []byte, ms ...netlink.RawMessage) []byte {
	for _, m := range ms {
		b = netlink.AppendHeader(b, uint32(m.Len()), m.Header)
		b = append(b, m.Data...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
	}
	return b
}

// Kernel returns the running kernel's release, as uname -r prints it, for
// the comment of a capture; "unknown" if it cannot tell.
func Kernel() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}
