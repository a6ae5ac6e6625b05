// Package route describes rtnetlink (NETLINK_ROUTE) messages as tagged Go
// structs for the nltag codec: guile-netlink's (netlink route ...) modules.
//
// # Message types
//
// Each body type is one flat struct: the fields of the C header first (in
// Go style, so ifa_prefixlen is PrefixLen), then the attributes, tagged
// with their uapi names, then a Wire field that keeps unknown attributes and
// the arrival order, so that a decoded message re-encodes to the bytes it
// came from. Route and Address, of which dumps bring thousands, keep the
// attributes most messages carry in the struct and the rarer ones in Extra
// (RouteExtra, AddressExtra), a pointer that stays nil when none of them
// arrived: route.Extra.Multipath, address.Extra.Anycast.
//
//	RTM_*LINK                                  Link (interfaces and their kinds)
//	RTM_*ADDR, RTM_*MULTICAST, RTM_*ANYCAST     Address (struct ifaddrmsg, IFA_*)
//	RTM_*ROUTE                                 Route (struct rtmsg, RTA_*)
//	RTM_*NEIGH                                 Neighbour (struct ndmsg, NDA_*)
//	RTM_*RULE                                  Rule (struct fib_rule_hdr, FRA_*)
//	RTM_*NEXTHOP, RTM_*NEXTHOPBUCKET           NextHopObject (struct nhmsg, NHA_*)
//	RTM_*QDISC, RTM_*TCLASS, RTM_*TFILTER,
//	RTM_*CHAIN                                 Tc (struct tcmsg, TCA_*)
//
// Payloads that change type with another attribute are selected
// sub-messages: a RouteExtra's Encap is an *IPEncap, *IP6Encap or *MPLSEncap
// according to EncapType (table "lwtunnel"), a Tc's Options an *HTBOptions,
// *TBFOptions ... according to Kind (table "tc-kind"). Payloads without a
// registered type decode to nltag.Raw and encode back unchanged. Arrays of C
// structs (RTA_MULTIPATH, NHA_GROUP) are the NextHops and NextHopGroup types,
// which encode and decode themselves.
//
// Enumerations and flag words are typed (Scope, Protocol, RouteType, Table,
// NeighState, AddrFlags ...) and print their C names, so nltag.Format shows
// "RT_SCOPE_LINK" rather than 253. The one-byte table and flag fields of
// some headers have a type of their own (Table8, AddrFlags8) that prints
// the same names; the full values are in attributes (TableID, AllFlags).
//
// Optional scalars whose zero means something (Rule.Priority, RouteExtra.UID,
// Tc.Chain ...) are pointers; the others are left out when zero.
//
// # Decoding a dump
//
// Messages is the table of every RTM_* type of the package. A dump's
// replies, as package conn returns them or as raw bytes, decode through it
// into typed bodies:
//
//	msgs, err := route.Messages.DecodeAll(datagram)
//	for _, m := range msgs {
//		switch body := m.Body.(type) {
//		case *route.Route:
//			fmt.Println(body.DstPrefix(), body.Gateway, body.FullTable())
//		case *route.Address:
//			fmt.Println(body.Prefix(), body.Index)
//		}
//	}
//
// A single body decodes with nltag.Unmarshal(data, &route.Route{}), and a
// request is a netlink.Message whose Body is a filled struct. To turn a
// decoded message into a new request, clear its Wire fields at every depth
// (nltag.ClearWire) so that it encodes from its fields alone. Decoded
// messages of one shape share their Wire, in every goroutine: replace or
// clear a Wire, never modify one in place (r.Wire.Unknown = ... changes
// how later decoded routes encode too). Settings
// whose zero means something (Link.TxQueueLen, Link.Group, VxlanData.ID,
// VLANData.ID ...) are pointers, so that a request can send the zero.
//
// # Operations
//
// Client is the socket side: Dial opens one in the caller's namespace or in
// another (Options.NetNS, a conn.NetNS as every package takes), NewClient
// makes one over any conn.Conn (a socket dialled with other options, or a
// test transport), and its methods are the verbs of ip(8) and bridge(8):
//
//	LinkList, Links, LinkGet, LinkByName, LinkByIndex, LinkAdd, LinkSet, LinkDel, WaitForLink
//	AddrList, AddrAdd, AddrReplace, AddrDel
//	RouteList, Routes, RouteGet, RouteAdd, RouteReplace, RouteAppend, RouteDel
//	NeighList, NeighAdd, NeighReplace, NeighDel
//	RuleList, RuleAdd, RuleDel
//	QdiscList
//	BridgeLinkList, BridgePortSet, BridgeVLANAdd, BridgeVLANDel (bridge link, bridge vlan)
//	FDBList, FDBAdd, FDBAppend, FDBReplace, FDBDel (bridge fdb)
//	Monitor (ip monitor)
//	Cache (a mirror of links, addresses, routes and neighbours that
//	resyncs itself when the kernel drops events)
//
// Conn returns the Client's socket for requests it has no method for; they
// go to the Client's namespace.
//
// A call names a link by a LinkRef: ByIndex(i), which costs nothing, or
// ByName(name), which the kernel resolves itself where it can (LinkGet,
// LinkSet, LinkDel) and the Client looks up first where the kernel takes
// only an index (addresses, routes, neighbours, masters, parents). A
// daemon that has the index from a dump or an event (Link.Ref) should pass
// it. Every interface index, here and in genl, is a netlink.IfIndex.
//
// Arguments are checked before any request: link names against the
// kernel's rules (not empty, at most 15 bytes, no NUL, '/', ':', white
// space, or '%', which makes a name a pattern), a nil or typed-nil kind, hardware address lengths, the MTU of
// Ethernet kinds, VLAN ids and VNIs. A refused argument gives an *ArgError
// that names it and the rule, and nothing is sent.
//
// Lists filter in the kernel where it can (strict checking is on) and dump
// again when the kernel marks a dump as interrupted by concurrent changes.
// Links and Routes are iterators over a socket of their own, for dumps too
// large to hold; an interrupted dump ends them with an error matching
// conn.ErrDumpInterrupted. Errors match the kernel's errno with errors.Is
// (unix.EEXIST, unix.ENODEV ...) and carry its extended-ACK message, with
// the attribute it points at named by the request's Go field
// (netlink.OpError.Field, "LinkInfo.Data(vxlan).ID (IFLA_VXLAN_ID)") and a
// missing attribute by its name. Their text starts with "route: " once,
// then the operation, then the cause without conn's "netlink: " ("route:
// link del eth9: no such device"). A kind the running kernel lacks fails with
// EOPNOTSUPP naming the kind.
//
// A new link kind is one file (link_vxlan.go, link_bridge.go ...): its
// IFLA_INFO_DATA struct, enums, attribute set, registration in the
// "link-kind" table, and the LinkKind that LinkAdd takes.
//
// The values of a list are allocated in blocks of up to 256 (or the few
// more their allocation has room for; up to 8 for Links and Routes),
// decoded while the dump is still being read: one allocation serves many
// values and the garbage collector tracks fewer objects. Keeping one value
// keeps its block; copy the value (*r) to keep a few of a large list.
//
// # Known limits
//
// Address attributes decode by length (4 bytes IPv4, 16 IPv6); the RTA_DST
// of AF_MPLS routes, a 4-byte label entry, therefore shows as an IPv4
// address (it re-encodes unchanged). RTA_EXPIRES is 4 bytes in IPv6 route
// requests and 8 in multicast route dumps; it is written in 4 bytes when the
// value fits.
package route
