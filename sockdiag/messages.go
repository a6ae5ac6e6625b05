package sockdiag

import (
	"fmt"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// SOCK_DIAG_BY_FAMILY and SOCK_DESTROY, the message types of
// NETLINK_SOCK_DIAG.
const (
	TypeByFamily netlink.MsgType = 20
	TypeDestroy  netlink.MsgType = 21
)

// Messages names the message types of NETLINK_SOCK_DIAG. It registers no
// body for them: one message type carries requests and replies of every
// family, told apart by direction and by the family in the body's first
// byte, which a netlink.Table cannot select on. Decode does.
var Messages = netlink.NewTable("sock_diag")

func init() {
	Messages.Register(TypeByFamily, "SOCK_DIAG_BY_FAMILY", nil)
	Messages.Register(TypeDestroy, "SOCK_DESTROY", nil)
}

// Decode decodes a NETLINK_SOCK_DIAG message into a typed body: an
// *InetRequest or *UnixRequest for a request (NLM_F_REQUEST), an
// *InetSocket or *UnixSocket for a reply, by the family of its first
// byte; standard messages through Messages. A family this package does not
// describe decodes to nltag.Raw, which encodes back unchanged.
func Decode(m netlink.RawMessage) (netlink.Message, error) {
	if m.Header.Type != TypeByFamily && m.Header.Type != TypeDestroy {
		return Messages.Decode(m)
	}
	body := newBody(m.Header.Flags&netlink.Request != 0, m.Data)
	if body == nil {
		return netlink.Message{Header: m.Header, Body: nltag.Raw(append([]byte(nil), m.Data...))}, nil
	}
	if err := nltag.Unmarshal(m.Data, body); err != nil {
		return netlink.Message{Header: m.Header}, fmt.Errorf("sockdiag: decoding %s of %v: %w", Messages.TypeName(m.Header.Type), Family(m.Data[0]), err)
	}
	return netlink.Message{Header: m.Header, Body: body}, nil
}

// newBody returns a new body for a request or reply whose body is data,
// or nil for an unknown family.
func newBody(request bool, data []byte) any {
	if len(data) == 0 {
		return nil
	}
	switch Family(data[0]) {
	case FamilyIPv4, FamilyIPv6:
		if request {
			return new(InetRequest)
		}
		return new(InetSocket)
	case FamilyUnix:
		if request {
			return new(UnixRequest)
		}
		return new(UnixSocket)
	}
	return nil
}
