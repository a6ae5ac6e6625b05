package netlink

import "fmt"

// Addr is a netlink socket address (struct sockaddr_nl): guile-netlink's
// get-addr. The zero Addr is the kernel.
type Addr struct {
	// PID is the port id of a socket: 0 for the kernel. Despite the name it
	// is not a process id, though the first socket of a process often gets
	// its process id as port id.
	PID uint32
	// Groups is a mask of multicast groups 1 to 32: bit n-1 stands for
	// group n. Groups above 32 are reachable only by joining them on the
	// socket (conn.Conn.JoinGroup).
	Groups uint32
}

// String formats a as "pid/groups", with the groups in hex.
func (a Addr) String() string {
	return fmt.Sprintf("%d/%#x", a.PID, a.Groups)
}
