package conn

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/netlink"
)

// conn's tests script the kernel with conntest's fake, under short names.
type (
	fake         = conntest.Fake
	fakeDatagram = conntest.Datagram
)

const fakePID = conntest.PID

// newFake returns a fake whose respond function is given each request's
// header and body.
func newFake(respond func(req netlink.Header, body []byte) []fakeDatagram) *fake {
	if respond == nil {
		return conntest.New(nil)
	}
	return conntest.New(func(m netlink.RawMessage) []fakeDatagram { return respond(m.Header, m.Data) })
}

// newFakeConn returns a Conn over a new fake.
func newFakeConn(t *testing.T, respond func(req netlink.Header, body []byte) []fakeDatagram) (*Conn, *fake) {
	t.Helper()
	f := newFake(respond)
	c, err := NewConn(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, f
}

// sentHeaders returns the headers of the requests f received.
func sentHeaders(f *fake) []netlink.Header {
	var hs []netlink.Header
	for _, m := range f.Requests() {
		hs = append(hs, m.Header)
	}
	return hs
}

// msg encodes one message for a script.
func msg(t netlink.MsgType, flags netlink.Flags, seq, pid uint32, body any) []byte {
	return conntest.Message(netlink.Message{Header: netlink.Header{Type: t, Flags: flags, Seq: seq, PID: pid}, Body: body})
}

var dgram = conntest.Pack

// ack encodes an NLMSG_ERROR for req: an ACK when errno is 0. The scripts
// keep only the request's header: the echoed length is that of no body.
func ack(req netlink.Header, errno unix.Errno, text string) []byte {
	return conntest.Ack(netlink.RawMessage{Header: req}, errno, text)
}

// done encodes an NLMSG_DONE for req carrying errno.
func done(req netlink.Header, flags netlink.Flags, errno unix.Errno, text string) []byte {
	return conntest.Done(req, flags, errno, text)
}
