package sockdiag

import (
	"net/netip"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// SockID is struct inet_diag_sockid: a socket's ports, addresses,
// interface and cookie. Ports and addresses are in network byte order on
// the wire; the ports' tags say so, and the addresses are their bytes (an
// IPv4 address fills the first 4 of 16). InetSocket.Src and Dst give them
// as netip.Addr.
type SockID struct {
	SrcPort   uint16 `nla:",be16"`
	DstPort   uint16 `nla:",be16"`
	Src       [16]byte
	Dst       [16]byte
	Interface netlink.IfIndex // index of the bound device, 0 for none
	// Cookie is the kernel's identifier of the socket, low half first. A
	// request for one socket may give it; NoCookie matches any.
	Cookie [2]uint32
}

// NoCookie in both halves of SockID.Cookie matches any socket.
const NoCookie = 0xffffffff

// CookieValue returns the cookie as one number.
func (id *SockID) CookieValue() uint64 { return uint64(id.Cookie[1])<<32 | uint64(id.Cookie[0]) }

// addrOf returns the address of b in family f.
func addrOf(f Family, b [16]byte) netip.Addr {
	if f == FamilyIPv4 {
		return netip.AddrFrom4([4]byte(b[:4]))
	}
	return netip.AddrFrom16(b)
}

// InetRequest is the body of a SOCK_DIAG_BY_FAMILY request for TCP, UDP
// and other IP sockets: struct inet_diag_req_v2 and the INET_DIAG_REQ_*
// attributes.
type InetRequest struct {
	Family   Family
	Protocol Protocol
	// Ext asks for the extensions whose bits it holds.
	Ext Extensions
	_   uint8
	// States selects the sockets by state.
	States States
	// ID selects one socket, in requests without NLM_F_DUMP.
	ID SockID

	_ nltag.Set `nla:"inet-diag-req"`
	// Bytecode is a filter the kernel runs on each socket of a dump; see
	// Filter.
	Bytecode []byte `nla:"INET_DIAG_REQ_BYTECODE"`
	// BPFStorages asks for the values of the socket-local BPF storage maps
	// whose descriptors it holds (SK_DIAG_BPF_STORAGE_REQ_MAP_FD).
	BPFStorages *BPFStorageRequest `nla:"INET_DIAG_REQ_SK_BPF_STORAGES"`
	// RawProtocol is the protocol of raw sockets to list (Protocol is then
	// IPPROTO_RAW); it takes the place of the header's padding byte.
	RawProtocol uint32 `nla:"INET_DIAG_REQ_PROTOCOL,omitempty"`

	Wire nltag.Wire
}

// BPFStorageRequest is the INET_DIAG_REQ_SK_BPF_STORAGES nest.
type BPFStorageRequest struct {
	_      nltag.Set `nla:"sk-diag-bpf-storage-req"`
	MapFDs []uint32  `nla:"SK_DIAG_BPF_STORAGE_REQ_MAP_FD,multi"`
	Wire   nltag.Wire
}

// Extensions is the idiag_ext bit set of an InetRequest: bit n-1 asks for
// attribute n. Attributes past 8 come with one of these (DCTCP and BBR
// information with ExtVegasInfo, INET_DIAG_CLASS_ID with ExtTClass) or
// always.
type Extensions uint8

// Extensions a request may ask for.
const (
	ExtMemInfo   Extensions = 1 << (inetDiagMemInfo - 1)
	ExtInfo      Extensions = 1 << (inetDiagInfo - 1)
	ExtVegasInfo Extensions = 1 << (inetDiagVegasInfo - 1)
	ExtCong      Extensions = 1 << (inetDiagCong - 1)
	ExtTOS       Extensions = 1 << (inetDiagTOS - 1)
	ExtTClass    Extensions = 1 << (inetDiagTClass - 1)
	ExtSkMemInfo Extensions = 1 << (inetDiagSkMemInfo - 1)
	ExtShutdown  Extensions = 1 << (inetDiagShutdown - 1)
)

var extensions = netlink.NewFlags(map[Extensions]string{
	ExtMemInfo:   "INET_DIAG_MEMINFO",
	ExtInfo:      "INET_DIAG_INFO",
	ExtVegasInfo: "INET_DIAG_VEGASINFO",
	ExtCong:      "INET_DIAG_CONG",
	ExtTOS:       "INET_DIAG_TOS",
	ExtTClass:    "INET_DIAG_TCLASS",
	ExtSkMemInfo: "INET_DIAG_SKMEMINFO",
	ExtShutdown:  "INET_DIAG_SHUTDOWN",
})

// String returns the bits as the names of the attributes they ask for.
func (e Extensions) String() string { return extensions.Format(e) }

// InetSocket is the body of a SOCK_DIAG_BY_FAMILY reply about an IP
// socket: struct inet_diag_msg and the INET_DIAG_* attributes.
type InetSocket struct {
	Family  Family
	State   State
	Timer   Timer
	Retrans uint8 // retransmissions, or keepalive probes, of the timer
	ID      SockID
	// Expires is the time until the timer fires, in milliseconds.
	Expires uint32
	// RQueue and WQueue are, for a listening TCP socket, its accept queue
	// and backlog; for others the bytes not yet read and not yet
	// acknowledged (TCP) or sent (UDP).
	RQueue uint32
	WQueue uint32
	UID    uint32
	Inode  uint32

	_ nltag.Set `nla:"inet-diag"`
	// MemInfo is the old form of SkMemInfo (ExtMemInfo).
	MemInfo *MemInfo `nla:"INET_DIAG_MEMINFO"`
	// Info is struct tcp_info (ExtInfo), sent for TCP sockets only.
	Info *TCPInfo `nla:"INET_DIAG_INFO"`
	// VegasInfo, DCTCPInfo and BBRInfo are the state of the congestion
	// algorithm of that name (ExtVegasInfo).
	VegasInfo *VegasInfo `nla:"INET_DIAG_VEGASINFO"`
	DCTCPInfo *DCTCPInfo `nla:"INET_DIAG_DCTCPINFO"`
	BBRInfo   *BBRInfo   `nla:"INET_DIAG_BBRINFO"`
	// Cong is the congestion control algorithm, such as "cubic" (ExtCong).
	Cong string `nla:"INET_DIAG_CONG,omitempty"`
	// TOS and TClass are the IPv4 type of service and IPv6 traffic class
	// (ExtTOS, ExtTClass).
	TOS    *uint8 `nla:"INET_DIAG_TOS"`
	TClass *uint8 `nla:"INET_DIAG_TCLASS"`
	// SkMemInfo is the socket's memory use (ExtSkMemInfo).
	SkMemInfo *SkMemInfo `nla:"INET_DIAG_SKMEMINFO"`
	// Shutdown says what of the socket is shut down (ExtShutdown).
	Shutdown *Shutdown `nla:"INET_DIAG_SHUTDOWN"`
	// Protocol is the socket's IP protocol, an attribute of replies only.
	Protocol *Protocol `nla:"INET_DIAG_PROTOCOL"`
	// V6Only is IPV6_V6ONLY, sent for IPv6 sockets that listen or are
	// closed (the captures show it for those and not for connected ones).
	V6Only *uint8 `nla:"INET_DIAG_SKV6ONLY"`
	// Locals and Peers are the addresses of an SCTP association, arrays of
	// struct sockaddr_storage.
	Locals []byte `nla:"INET_DIAG_LOCALS"`
	Peers  []byte `nla:"INET_DIAG_PEERS"`
	// Mark is SO_MARK, sent to callers with CAP_NET_ADMIN.
	Mark *uint32 `nla:"INET_DIAG_MARK"`
	// ClassID is the net_cls cgroup class, or SO_PRIORITY (ExtTClass).
	ClassID *uint32 `nla:"INET_DIAG_CLASS_ID"`
	// MD5Sig is the socket's TCP-MD5 keys, an array of struct
	// tcp_diag_md5sig, sent to callers with CAP_NET_ADMIN.
	MD5Sig []byte `nla:"INET_DIAG_MD5SIG"`
	// ULPInfo names the upper-layer protocol (such as "tls") and its state.
	ULPInfo *ULPInfo `nla:"INET_DIAG_ULP_INFO"`
	// BPFStorages holds the values asked for by InetRequest.BPFStorages,
	// as the kernel's nest of SK_DIAG_BPF_STORAGE attributes.
	BPFStorages []byte `nla:"INET_DIAG_SK_BPF_STORAGES"`
	// CgroupID is the id of the socket's cgroup (v2).
	CgroupID *uint64 `nla:"INET_DIAG_CGROUP_ID"`
	// SockOpt holds the socket's boolean options.
	SockOpt *SockOpt `nla:"INET_DIAG_SOCKOPT"`

	Wire nltag.Wire
}

// Src returns the local address.
func (s *InetSocket) Src() netip.Addr { return addrOf(s.Family, s.ID.Src) }

// Dst returns the remote address (unspecified for a socket that is not
// connected).
func (s *InetSocket) Dst() netip.Addr { return addrOf(s.Family, s.ID.Dst) }

// Local returns the local address and port.
func (s *InetSocket) Local() netip.AddrPort { return netip.AddrPortFrom(s.Src(), s.ID.SrcPort) }

// Remote returns the remote address and port.
func (s *InetSocket) Remote() netip.AddrPort { return netip.AddrPortFrom(s.Dst(), s.ID.DstPort) }

// MemInfo is struct inet_diag_meminfo (INET_DIAG_MEMINFO), in bytes.
type MemInfo struct {
	RMem uint32 // receive queue
	WMem uint32 // write queue
	FMem uint32 // forward allocation
	TMem uint32 // sent, not yet freed
}

// SkMemInfo is the u32 array of INET_DIAG_SKMEMINFO and UNIX_DIAG_MEMINFO,
// indexed by SK_MEMINFO_*: what ss -m shows as skmem:(...).
type SkMemInfo struct {
	RMemAlloc  uint32 // r: bytes in the receive queue
	RcvBuf     uint32 // rb: receive buffer size
	WMemAlloc  uint32 // t: bytes sent, not yet freed
	SndBuf     uint32 // tb: send buffer size
	FwdAlloc   uint32 // f: allocated ahead
	WMemQueued uint32 // w: bytes queued for sending
	OptMem     uint32 // o: option memory
	Backlog    uint32 // bl: backlog queue
	Drops      uint32 // d: packets dropped
}

// VegasInfo is struct tcpvegas_info.
type VegasInfo struct {
	Enabled uint32
	RTTCnt  uint32
	RTT     uint32
	MinRTT  uint32
}

// DCTCPInfo is struct tcp_dctcp_info.
type DCTCPInfo struct {
	Enabled uint16
	CEState uint16
	Alpha   uint32
	ABECN   uint32
	ABTot   uint32
}

// BBRInfo is struct tcp_bbr_info.
type BBRInfo struct {
	BwLo       uint32 // bandwidth estimate in bytes per second, low half
	BwHi       uint32
	MinRTT     uint32 // microseconds
	PacingGain uint32 // shifted left 8 bits
	CwndGain   uint32 // shifted left 8 bits
}

// Bandwidth returns the bandwidth estimate in bytes per second.
func (b *BBRInfo) Bandwidth() uint64 { return uint64(b.BwHi)<<32 | uint64(b.BwLo) }

// ULPInfo is the INET_DIAG_ULP_INFO nest: the name of a socket's
// upper-layer protocol and its state, kept as the kernel's bytes.
type ULPInfo struct {
	_     nltag.Set `nla:"inet-ulp-info"`
	Name  string    `nla:"INET_ULP_INFO_NAME,omitempty"`
	TLS   []byte    `nla:"INET_ULP_INFO_TLS"`
	MPTCP []byte    `nla:"INET_ULP_INFO_MPTCP"`
	Wire  nltag.Wire
}

// SockOpt is struct inet_diag_sockopt: two bytes of one-bit options. The
// bit numbers are those of little-endian machines, where the compiler
// lays bit fields out from the low bit.
type SockOpt struct {
	Flags  SockOptFlags
	Flags2 SockOptFlags2
}

// SockOptFlags are the options of the first byte of inet_diag_sockopt.
type SockOptFlags uint8

// Socket options.
const (
	OptRecvErr     SockOptFlags = 1 << iota // IP_RECVERR
	OptIsICSK                               // a connection-oriented socket
	OptFreebind                             // IP_FREEBIND
	OptHdrIncl                              // IP_HDRINCL
	OptMcLoop                               // IP_MULTICAST_LOOP
	OptTransparent                          // IP_TRANSPARENT
	OptMcAll                                // IP_MULTICAST_ALL
	OptNoDefrag                             // IP_NODEFRAG
)

var sockOptFlags = netlink.NewFlags(map[SockOptFlags]string{
	OptRecvErr: "recverr", OptIsICSK: "is_icsk", OptFreebind: "freebind", OptHdrIncl: "hdrincl",
	OptMcLoop: "mc_loop", OptTransparent: "transparent", OptMcAll: "mc_all", OptNoDefrag: "nodefrag",
})

// String returns the options by their inet_diag_sockopt names.
func (f SockOptFlags) String() string { return sockOptFlags.Format(f) }

// SockOptFlags2 are the options of the second byte of inet_diag_sockopt.
type SockOptFlags2 uint8

// More socket options.
const (
	OptBindAddressNoPort SockOptFlags2 = 1 << iota // IP_BIND_ADDRESS_NO_PORT
	OptRecvErrRFC4884                              // IP_RECVERR_RFC4884
	OptDeferConnect                                // TCP_FASTOPEN_CONNECT's deferred connect
)

var sockOptFlags2 = netlink.NewFlags(map[SockOptFlags2]string{
	OptBindAddressNoPort: "bind_address_no_port", OptRecvErrRFC4884: "recverr_rfc4884", OptDeferConnect: "defer_connect",
})

// String returns the options by their inet_diag_sockopt names.
func (f SockOptFlags2) String() string { return sockOptFlags2.Format(f) }

// INET_DIAG_* attribute numbers.
const (
	inetDiagMemInfo = 1 + iota
	inetDiagInfo
	inetDiagVegasInfo
	inetDiagCong
	inetDiagTOS
	inetDiagTClass
	inetDiagSkMemInfo
	inetDiagShutdown
	inetDiagDCTCPInfo
	inetDiagProtocol
	inetDiagSkV6Only
	inetDiagLocals
	inetDiagPeers
	inetDiagPad
	inetDiagMark
	inetDiagBBRInfo
	inetDiagClassID
	inetDiagMD5Sig
	inetDiagULPInfo
	inetDiagSkBPFStorages
	inetDiagCgroupID
	inetDiagSockOpt
)

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "inet-diag", Attrs: map[string]uint16{
	"INET_DIAG_MEMINFO":         inetDiagMemInfo,
	"INET_DIAG_INFO":            inetDiagInfo,
	"INET_DIAG_VEGASINFO":       inetDiagVegasInfo,
	"INET_DIAG_CONG":            inetDiagCong,
	"INET_DIAG_TOS":             inetDiagTOS,
	"INET_DIAG_TCLASS":          inetDiagTClass,
	"INET_DIAG_SKMEMINFO":       inetDiagSkMemInfo,
	"INET_DIAG_SHUTDOWN":        inetDiagShutdown,
	"INET_DIAG_DCTCPINFO":       inetDiagDCTCPInfo,
	"INET_DIAG_PROTOCOL":        inetDiagProtocol,
	"INET_DIAG_SKV6ONLY":        inetDiagSkV6Only,
	"INET_DIAG_LOCALS":          inetDiagLocals,
	"INET_DIAG_PEERS":           inetDiagPeers,
	"INET_DIAG_PAD":             inetDiagPad,
	"INET_DIAG_MARK":            inetDiagMark,
	"INET_DIAG_BBRINFO":         inetDiagBBRInfo,
	"INET_DIAG_CLASS_ID":        inetDiagClassID,
	"INET_DIAG_MD5SIG":          inetDiagMD5Sig,
	"INET_DIAG_ULP_INFO":        inetDiagULPInfo,
	"INET_DIAG_SK_BPF_STORAGES": inetDiagSkBPFStorages,
	"INET_DIAG_CGROUP_ID":       inetDiagCgroupID,
	"INET_DIAG_SOCKOPT":         inetDiagSockOpt,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "inet-diag-req", Attrs: map[string]uint16{
	"INET_DIAG_REQ_BYTECODE":        1,
	"INET_DIAG_REQ_SK_BPF_STORAGES": 2,
	"INET_DIAG_REQ_PROTOCOL":        3,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "sk-diag-bpf-storage-req", Attrs: map[string]uint16{
	"SK_DIAG_BPF_STORAGE_REQ_MAP_FD": 1,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "inet-ulp-info", Attrs: map[string]uint16{
	"INET_ULP_INFO_NAME":  1,
	"INET_ULP_INFO_TLS":   2,
	"INET_ULP_INFO_MPTCP": 3,
}})
