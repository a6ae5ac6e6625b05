//go:build linux

package gentest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/golden"
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
	Dir  golden.Dir // where Write puts the cases
	From string     // the test that records, for the comments
	seq  uint32
}

// NewRecorder returns a Recorder with a socket in ns, bound to PortID.
func NewRecorder(t *testing.T, ns *nltest.NS, dir golden.Dir, from string) *Recorder {
	t.Helper()
	return &Recorder{Conn: dial(t, &conn.Config{NetNS: conn.NetNSPath(ns.Path), PID: PortID}), Dir: dir, From: from}
}

// Dial returns a generic netlink socket in ns, closed when the test ends.
func Dial(t *testing.T, ns *nltest.NS) *genl.Conn {
	t.Helper()
	return dial(t, &conn.Config{NetNS: conn.NetNSPath(ns.Path)})
}

func dial(t *testing.T, cfg *conn.Config) *genl.Conn {
	t.Helper()
	c, err := genl.Dial(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// Exchange sends req to family with flags (and NLM_F_REQUEST) under the
// next sequence number, reads the whole answer and returns the bytes of
// both, as golden.Exchange does.
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
	return golden.Exchange(t, r.Conn.Conn(), netlink.Message{Header: netlink.Header{Type: typ, Flags: flags | netlink.Request, Seq: r.seq}, Body: req})
}

// Event waits for a multicast datagram holding a message that match
// accepts, and returns that datagram's bytes.
func (r *Recorder) Event(t *testing.T, match func(netlink.RawMessage) bool) []byte {
	t.Helper()
	return golden.Event(t, r.Conn.Conn(), match)
}

// Write stores b as the golden case name, with a comment saying what was
// done, on which kernel, by which test.
func (r *Recorder) Write(t *testing.T, name, what string, b []byte) {
	t.Helper()
	r.Dir.Write(t, name, fmt.Sprintf("%s\nkernel %s, captured by %s", strings.TrimSpace(what), golden.Kernel(), r.From), b)
}
