package conn

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nltag/go-netlink/netlink"
)

// TestReceiveOwnsData checks that the messages Receive returns, whether it
// read them or a request set them aside, survive later reads.
func TestReceiveOwnsData(t *testing.T) {
	c, f := newFakeConn(t, func(r netlink.Header, _ []byte) []fakeDatagram {
		return []fakeDatagram{event(1, "set aside"), dgram(ack(r, 0, ""))}
	})
	c.multicast.Store(true)
	f.Push(event(1, "first"))
	first, err := c.Receive()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(context.Background(), ackReq); err != nil {
		t.Fatal(err)
	}
	aside, err := c.Receive()
	if err != nil {
		t.Fatal(err)
	}
	f.Push(event(1, "xxxxxxxxxxxxx"), event(1, "yyyyyyyyyyyyy"))
	for range 2 {
		if _, err := c.Receive(); err != nil {
			t.Fatal(err)
		}
	}
	if d := cmp.Diff([]string{"first", "set aside"}, append(texts(first), texts(aside)...)); d != "" {
		t.Errorf("Receive's messages changed by later reads (-want +got):\n%s", d)
	}
}

// TestReceiveMalformed checks that a malformed datagram gives an error
// matching netlink.ErrMalformed with the messages before the fault, and
// that the next datagram is read normally.
func TestReceiveMalformed(t *testing.T) {
	c, f := newFakeConn(t, nil)
	bad := dgram(msg(typeData, 0, 0, 0, []byte("good")), msg(typeData, 0, 0, 0, []byte("cut short")))
	bad.Data = bad.Data[:len(bad.Data)-4]
	bad.From.Groups = 1
	f.Push(bad, event(1, "next"))
	msgs, err := c.Receive()
	if !errors.Is(err, netlink.ErrMalformed) || cmp.Diff([]string{"good"}, texts(msgs)) != "" {
		t.Errorf("Receive = %q, %v; want [good] and netlink.ErrMalformed", texts(msgs), err)
	}
	if msgs, err := c.Receive(); err != nil || cmp.Diff([]string{"next"}, texts(msgs)) != "" {
		t.Errorf("next Receive = %q, %v", texts(msgs), err)
	}
}
