// Package sockdiag describes NETLINK_SOCK_DIAG, the protocol ss(8) lists
// sockets with, as tagged Go structs for the nltag codec, and lists
// sockets through a Client.
//
// # Message types
//
// One message type, SOCK_DIAG_BY_FAMILY, carries requests and replies of
// every socket family; the family, the body's first byte, says which
// struct follows:
//
//	request, AF_INET/AF_INET6   InetRequest (struct inet_diag_req_v2, INET_DIAG_REQ_*)
//	reply,   AF_INET/AF_INET6   InetSocket  (struct inet_diag_msg, INET_DIAG_*)
//	request, AF_UNIX            UnixRequest (struct unix_diag_req)
//	reply,   AF_UNIX            UnixSocket  (struct unix_diag_msg, UNIX_DIAG_*)
//
// Decode picks the type by direction and family; Messages names the
// message types. Each body re-encodes to the bytes it came from: a Wire
// field keeps attributes this package does not know, and the bytes of a
// newer kernel's longer tcp_info. Ports are big-endian on the wire and
// their tags say so (`nla:",be16"`); enumerations and flag words print
// their C names through nltag.Format.
//
// # Listing sockets
//
// Client is the socket side: Dial opens one in the caller's namespace or
// in another (Options.NetNS), NewClient wraps a socket of any origin (a
// conn/conntest fake in tests without root). InetList and UnixList return
// the sockets a filter selects; InetSockets and UnixSockets are iterators
// over sockets of their own, in constant memory, for dumps too large to
// hold:
//
//	c, err := sockdiag.Dial(ctx, nil)
//	tcp, err := c.InetList(ctx, &sockdiag.InetFilter{
//		States: sockdiag.StatesOf(sockdiag.StateListen),
//		Ext:    sockdiag.ExtInfo | sockdiag.ExtCong,
//		Filter: sockdiag.SrcPort(sockdiag.OpEq, 22),
//	})
//
// InetGet looks one socket up by its addresses, without a dump; Destroy
// closes an IP socket, as `ss -K` does.
//
// The kernel applies every part of a filter: the family and protocol pick
// its handler, the states and the bytecode compiled from Filter (Cond:
// ports, address prefixes, device, mark; And, Or, Not) pick the sockets,
// and Ext and UnixFilter.Show the attributes it sends. Errors match the
// kernel's errno with errors.Is: a protocol without a diag module gives
// unix.ENOENT.
//
// The values of a list are allocated in blocks of up to 256 (or the few
// more their allocation has room for; up to 8 for the iterators), decoded
// while the dump is still being read.
//
// # Known limits
//
// The codec reads addresses into netip.Addr only in attributes, and the
// addresses of inet_diag_sockid are header fields whose length (4 or 16
// bytes in a 16-byte slot) depends on the family: SockID keeps their
// bytes, and InetSocket.Src, Dst, Local and Remote convert. INET_DIAG_INFO
// is decoded as tcp_info, which TCP sends: the reply does not say its
// protocol, which the request chose. Other protocols' (SCTP, MPTCP) would
// decode as nonsense. A payload shorter than TCPInfo, such as an older
// kernel's tcp_info, decodes with the fields it lacks zero but encodes
// again at the full length of TCPInfo: that case is not lossless. The bits
// of SockOpt are numbered as little-endian machines lay them out.
package sockdiag
