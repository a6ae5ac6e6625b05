// Package netlink holds what every netlink protocol shares: the message
// header and its flags, the framing of messages in a datagram, the standard
// messages (NLMSG_ERROR with its extended ACK, NLMSG_DONE, NLMSG_NOOP,
// NLMSG_OVERRUN), tables that map a protocol's message types to their names
// and body types, and the Enum and FlagSet that name integer values. It
// opens no sockets; package conn does.
//
// AppendMessage writes a Message, a header and a Go body that package nltag
// encodes, computing the message's length (nlmsg_len), which a Header does
// not hold. Messages and ParseMessages split a received datagram into
// RawMessages, checking every length field, and report a malformed one with
// a *FramingError. A Table decodes a RawMessage's body
// into the Go type registered for its message type; every table knows the
// standard types. An NLMSG_ERROR or NLMSG_DONE that reports a failure gives,
// through its Err method, an *OpError, which unwraps to its errno.
package netlink
