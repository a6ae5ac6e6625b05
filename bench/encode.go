package bench

import (
	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/jsimonetti/rtnetlink/v2/driver"
	mdl "github.com/mdlayher/netlink"
	"github.com/vishvananda/netlink/nl"
	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// The encode benchmark builds the same link-add request with each library:
// RTM_NEWLINK with NLM_F_REQUEST|ACK|CREATE|EXCL for a veth pair that comes
// up, MTU 1500 and queue length 1000 on both ends:
//
//	ip link add NAME mtu 1500 txqueuelen 1000 up type veth peer name PEER mtu 1500 txqueuelen 1000
//
// Each builder does what a caller of the library does for every request:
// fill in the library's request value and turn it into the bytes of one
// netlink message (header included), as the library does before sending.

// BuildOurs builds the request as a route.Link in a netlink.Message and
// appends it to buf with netlink.AppendMessage, which is what conn does
// with its reused write buffer.
func BuildOurs(buf []byte, name, peer string, seq uint32) ([]byte, error) {
	return netlink.AppendMessage(buf, netlink.Message{
		Header: netlink.Header{
			Type:  unix.RTM_NEWLINK,
			Flags: netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Excl,
			Seq:   seq,
		},
		Body: &route.Link{
			Flags:      route.IffUp,
			Change:     route.IffUp,
			Name:       name,
			MTU:        1500,
			TxQueueLen: new(uint32(1000)),
			LinkInfo: &route.LinkInfo{
				Kind: "veth",
				Data: &route.VethData{Peer: &route.Link{
					Name:       peer,
					MTU:        1500,
					TxQueueLen: new(uint32(1000)),
				}},
			},
		},
	})
}

// BuildJS builds the request as jsimonetti's LinkService.New would: a
// LinkMessage with a driver.Veth, marshalled, in an mdlayher/netlink
// Message, marshalled (what its Conn.Send does).
func BuildJS(name, peer string, seq uint32) ([]byte, error) {
	qlen := uint32(1000)
	lm := &rtnetlink.LinkMessage{
		Family: unix.AF_UNSPEC,
		Flags:  unix.IFF_UP,
		Change: unix.IFF_UP,
		Attributes: &rtnetlink.LinkAttributes{
			Name:       name,
			MTU:        1500,
			TxQueueLen: &qlen,
			Info: &rtnetlink.LinkInfo{
				Kind: "veth",
				Data: &driver.Veth{PeerInfo: &rtnetlink.LinkMessage{
					Family: unix.AF_UNSPEC,
					Attributes: &rtnetlink.LinkAttributes{
						Name:       peer,
						MTU:        1500,
						TxQueueLen: &qlen,
					},
				}},
			},
		},
	}
	body, err := lm.MarshalBinary()
	if err != nil {
		return nil, err
	}
	m := mdl.Message{
		Header: mdl.Header{
			Type:     unix.RTM_NEWLINK,
			Flags:    mdl.Request | mdl.Acknowledge | mdl.Create | mdl.Excl,
			Sequence: seq,
		},
		Data: body,
	}
	m.Header.Length = uint32((16 + len(body) + 3) &^ 3)
	return m.MarshalBinary()
}

// BuildV builds the request with vishvananda's nl package, call for call as
// its Handle.LinkAdd builds one for a *netlink.Veth (linkModify), and
// serializes it as its Execute does. (LinkAdd itself cannot be timed
// without sending.)
func BuildV(name, peer string) []byte {
	req := nl.NewNetlinkRequest(unix.RTM_NEWLINK, unix.NLM_F_CREATE|unix.NLM_F_EXCL|unix.NLM_F_ACK)
	msg := nl.NewIfInfomsg(unix.AF_UNSPEC)
	msg.Change = unix.IFF_UP
	msg.Flags = unix.IFF_UP
	req.AddData(msg)
	req.AddData(nl.NewRtAttr(unix.IFLA_IFNAME, nl.ZeroTerminated(name)))
	req.AddData(nl.NewRtAttr(unix.IFLA_MTU, nl.Uint32Attr(1500)))
	req.AddData(nl.NewRtAttr(unix.IFLA_TXQLEN, nl.Uint32Attr(1000)))
	linkInfo := nl.NewRtAttr(unix.IFLA_LINKINFO, nil)
	linkInfo.AddRtAttr(nl.IFLA_INFO_KIND, nl.NonZeroTerminated("veth"))
	data := linkInfo.AddRtAttr(nl.IFLA_INFO_DATA, nil)
	p := data.AddRtAttr(nl.VETH_INFO_PEER, nil)
	nl.NewIfInfomsgChild(p, unix.AF_UNSPEC)
	p.AddRtAttr(unix.IFLA_IFNAME, nl.ZeroTerminated(peer))
	p.AddRtAttr(unix.IFLA_TXQLEN, nl.Uint32Attr(1000))
	p.AddRtAttr(unix.IFLA_MTU, nl.Uint32Attr(1500))
	req.AddData(linkInfo)
	return req.Serialize()
}
