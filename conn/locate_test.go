package conn

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "conn-locate-test", Attrs: map[string]uint16{"T_NAME": 1, "T_NEST": 2, "T_INNER": 3}})

type locateInner struct {
	_     nltag.Set `nla:"conn-locate-test"`
	Inner uint32    `nla:"T_INNER"`
}

type locateBody struct {
	Family uint8
	_      [3]byte
	_      nltag.Set    `nla:"conn-locate-test"`
	Name   string       `nla:"T_NAME"`
	Nest   *locateInner `nla:"T_NEST"`
}

// TestErrorLocated: the offset and the missing attribute of an extended
// ACK come back as the request's field path and the attribute's name.
func TestErrorLocated(t *testing.T) {
	req := &locateBody{Name: "x", Nest: &locateInner{Inner: 5}}
	// The request: a 16-byte header, 4 bytes of fixed header, T_NAME (8
	// bytes) at 20, T_NEST at 28 holding T_INNER at 32.
	for _, c := range []struct {
		ext  netlink.ExtAck
		text string
	}{
		{netlink.ExtAck{Msg: "bad", Offset: 20}, "netlink: invalid argument: Name (T_NAME): bad"},
		{netlink.ExtAck{Offset: 32}, "netlink: invalid argument: Nest.Inner (T_INNER)"},
		{netlink.ExtAck{MissType: 1}, "netlink: invalid argument (missing attribute T_NAME)"},
		{netlink.ExtAck{MissType: 3, MissNest: 28}, "netlink: invalid argument (missing attribute T_INNER in Nest)"},
	} {
		c2, _ := newFakeConn(t, func(h netlink.Header, _ []byte) []fakeDatagram {
			e := &netlink.ErrorMessage{Errno: -int32(unix.EINVAL), Request: h, Ext: c.ext}
			return []fakeDatagram{dgram(msg(netlink.Error, netlink.Capped|netlink.AckTLVs, h.Seq, fakePID, e))}
		})
		_, err := c2.Execute(context.Background(), netlink.Message{Header: netlink.Header{Type: 100, Flags: netlink.Acknowledge}, Body: req})
		if err == nil || err.Error() != c.text || !errors.Is(err, unix.EINVAL) {
			t.Errorf("%+v: %v, want %q", c.ext, err, c.text)
		}
	}
}

// TestNilContext: a nil context is an error, not a panic.
func TestNilContext(t *testing.T) {
	c, _ := newFakeConn(t, func(netlink.Header, []byte) []fakeDatagram { return nil })
	//lint:ignore SA1012 a nil context is what is tested
	_, err := c.Execute(nil, netlink.Message{Header: netlink.Header{Type: 100}}) //nolint:staticcheck
	if err == nil || !strings.Contains(err.Error(), "nil context") {
		t.Errorf("Execute(nil) = %v", err)
	}
	//lint:ignore SA1012 a nil context is what is tested
	for _, err := range c.Stream(nil, netlink.Message{Header: netlink.Header{Type: 100}}) { //nolint:staticcheck
		if err == nil || !strings.Contains(err.Error(), "nil context") {
			t.Errorf("Stream(nil) = %v", err)
		}
	}
}
