package route

import (
	"context"

	"github.com/nltag/go-netlink/conn"
)

// setLinkNS makes req move its link to n (or create it there): by pid when n
// names a process, else through a descriptor, which the returned function
// closes once the request is done.
func setLinkNS(ctx context.Context, n conn.NetNS, req *Link) (done func(), err error) {
	if pid, ok := n.PID(); ok {
		req.NetNSPID = uint32(pid)
		return noCleanup, nil
	}
	f, err := n.Open(ctx)
	if err != nil || f == nil {
		return noCleanup, err
	}
	fd := uint32(f.Fd())
	req.NetNSFD = &fd
	return func() { f.Close() }, nil
}
