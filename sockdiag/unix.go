package sockdiag

import (
	"strings"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// UnixRequest is the body of a SOCK_DIAG_BY_FAMILY request for unix
// sockets: struct unix_diag_req.
type UnixRequest struct {
	Family   Family // FamilyUnix
	Protocol uint8  // unused, 0
	_        uint16
	// States selects the sockets by state.
	States States
	// Inode and Cookie select one socket, in requests without NLM_F_DUMP.
	Inode  uint32
	Show   UnixShow
	Cookie [2]uint32
}

// UnixShow is the udiag_show bit set of a UnixRequest: the UNIX_DIAG_*
// attributes to send.
type UnixShow uint32

// Attributes a request may ask for.
const (
	ShowName    UnixShow = 1 << iota // UNIX_DIAG_NAME
	ShowVFS                          // UNIX_DIAG_VFS
	ShowPeer                         // UNIX_DIAG_PEER
	ShowIcons                        // UNIX_DIAG_ICONS
	ShowRQLen                        // UNIX_DIAG_RQLEN
	ShowMemInfo                      // UNIX_DIAG_MEMINFO
	ShowUID                          // UNIX_DIAG_UID
)

var unixShows = netlink.NewFlags(map[UnixShow]string{
	ShowName: "UDIAG_SHOW_NAME", ShowVFS: "UDIAG_SHOW_VFS", ShowPeer: "UDIAG_SHOW_PEER", ShowIcons: "UDIAG_SHOW_ICONS",
	ShowRQLen: "UDIAG_SHOW_RQLEN", ShowMemInfo: "UDIAG_SHOW_MEMINFO", ShowUID: "UDIAG_SHOW_UID",
})

// String returns the bits as "UDIAG_SHOW_NAME|UDIAG_SHOW_PEER".
func (s UnixShow) String() string { return unixShows.Format(s) }

// UnixSocket is the body of a SOCK_DIAG_BY_FAMILY reply about a unix
// socket: struct unix_diag_msg and the UNIX_DIAG_* attributes.
type UnixSocket struct {
	Family Family
	Type   SockType
	State  State
	_      uint8
	Inode  uint32
	Cookie [2]uint32

	_ nltag.Set `nla:"unix-diag"`
	// Path is the address the socket is bound to (ShowName).
	Path UnixPath `nla:"UNIX_DIAG_NAME"`
	// VFS is the inode of the socket's file (ShowVFS).
	VFS *UnixVFS `nla:"UNIX_DIAG_VFS"`
	// Peer is the inode of the connected peer (ShowPeer).
	Peer *uint32 `nla:"UNIX_DIAG_PEER"`
	// Icons holds the inodes of the connections waiting in a listening
	// socket's queue (ShowIcons).
	Icons []uint32 `nla:"UNIX_DIAG_ICONS,packed"`
	// RQLen is the receive and send queue, or for a listening socket its
	// pending connections and backlog (ShowRQLen).
	RQLen *UnixRQLen `nla:"UNIX_DIAG_RQLEN"`
	// MemInfo is the socket's memory use (ShowMemInfo).
	MemInfo *SkMemInfo `nla:"UNIX_DIAG_MEMINFO"`
	// Shutdown says what of the socket is shut down; always sent.
	Shutdown *Shutdown `nla:"UNIX_DIAG_SHUTDOWN"`
	// UID is the owner's user id (ShowUID).
	UID *uint32 `nla:"UNIX_DIAG_UID"`

	Wire nltag.Wire
}

// UnixPath is the address of a unix socket as the kernel keeps it: a path
// (perhaps with its NUL), or an abstract name, which starts with a NUL
// byte and may hold any bytes.
type UnixPath []byte

// String returns the address as ss(8) prints it: a path, "@name" for an
// abstract name, "" for none.
func (p UnixPath) String() string {
	if len(p) > 0 && p[0] == 0 {
		return "@" + string(p[1:])
	}
	s, _, _ := strings.Cut(string(p), "\x00")
	return s
}

// UnixVFS is struct unix_diag_vfs.
type UnixVFS struct {
	Inode uint32
	Dev   uint32
}

// UnixRQLen is struct unix_diag_rqlen.
type UnixRQLen struct {
	RQueue uint32
	WQueue uint32
}

// SockType is a socket's type: SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET.
type SockType uint8

// Socket types of unix sockets.
const (
	SockStream    SockType = unix.SOCK_STREAM
	SockDgram     SockType = unix.SOCK_DGRAM
	SockSeqPacket SockType = unix.SOCK_SEQPACKET
)

var sockTypes = netlink.NewEnum(map[SockType]string{
	SockStream: "SOCK_STREAM", SockDgram: "SOCK_DGRAM", SockSeqPacket: "SOCK_SEQPACKET",
})

// String returns the C name, such as "SOCK_STREAM".
func (t SockType) String() string { return sockTypes.Format(t) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "unix-diag", Attrs: map[string]uint16{
	"UNIX_DIAG_NAME":     0,
	"UNIX_DIAG_VFS":      1,
	"UNIX_DIAG_PEER":     2,
	"UNIX_DIAG_ICONS":    3,
	"UNIX_DIAG_RQLEN":    4,
	"UNIX_DIAG_MEMINFO":  5,
	"UNIX_DIAG_SHUTDOWN": 6,
	"UNIX_DIAG_UID":      7,
}})
