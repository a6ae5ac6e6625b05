// Package netfilter holds what the subsystems of NETLINK_NETFILTER
// (nfnetlink) share: the nfgenmsg header that starts every message body,
// the subsystem and message numbers packed into the netlink message type,
// and the multicast groups. The subsystems' messages are in packages of
// their own, such as [github.com/nltag/go-netlink/netfilter/conntrack].
//
// nfnetlink's attributes are in network byte order: the messages declare
// them with the be16, be32 and be64 kinds, so no code of their own turns
// bytes around.
package netfilter
