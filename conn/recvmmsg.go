//go:build linux

package conn

import (
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// mmsghdr is struct mmsghdr of <sys/socket.h>: a message header and the
// length recvmmsg received into it. Go lays it out as C does, padding
// included, on 32- and 64-bit platforms alike.
type mmsghdr struct {
	hdr unix.Msghdr
	n   uint32
}

// multiSocket is the state of the recvmmsg in progress on a socket, kept
// apart from the single-datagram state so that a socket that never reads
// many at once costs nothing for it.
type multiSocket struct {
	hdrs  []mmsghdr
	iovs  []unix.Iovec
	addrs []unix.RawSockaddrNetlink
	vlen  int
	got   int
	errno syscall.Errno
	ok    bool
	fn    func(fd uintptr)
}

// recvmmsg reads the datagrams queued, up to one per buffer of bufs and at
// least one, waiting for the first as recvmsg does. Each one's full length
// (flags should hold MSG_TRUNC) goes to lens, its sender to from. No
// control messages are read: it serves sockets without groups.
func (s *socket) recvmmsg(bufs [][]byte, lens []int, from []Addr, flags int) (int, error) {
	m := &s.multi
	if len(m.hdrs) < len(bufs) {
		m.hdrs = make([]mmsghdr, len(bufs))
		m.iovs = make([]unix.Iovec, len(bufs))
		m.addrs = make([]unix.RawSockaddrNetlink, len(bufs))
		m.fn = func(fd uintptr) { m.ok = s.tryRecvmmsg(fd) }
	}
	for i, b := range bufs {
		m.iovs[i] = unix.Iovec{Base: unsafe.SliceData(b)}
		m.iovs[i].SetLen(len(b))
		m.hdrs[i] = mmsghdr{hdr: unix.Msghdr{Name: (*byte)(unsafe.Pointer(&m.addrs[i])), Namelen: unix.SizeofSockaddrNetlink, Iov: &m.iovs[i], Iovlen: 1}}
	}
	m.vlen, m.got, m.errno = len(bufs), 0, 0
	s.flags = flags
	err := s.read(flags, m.fn, &m.ok)
	// Drop the references to the caller's buffers.
	for i := range bufs {
		m.iovs[i].Base = nil
	}
	if err != nil {
		return 0, err
	}
	if m.errno != 0 {
		return 0, os.NewSyscallError("recvmmsg", m.errno)
	}
	for i := range m.got {
		lens[i] = int(m.hdrs[i].n)
		from[i] = Addr{PID: m.addrs[i].Pid, Groups: m.addrs[i].Groups}
	}
	return m.got, nil
}

// tryRecvmmsg is the poller callback of recvmmsg: it reports false to wait
// for readiness when the socket has nothing to read. After the first
// datagram the kernel waits no more (MSG_DONTWAIT), and an error it meets
// then (an overrun) is kept for the next call.
func (s *socket) tryRecvmmsg(fd uintptr) bool {
	m := &s.multi
	for {
		n, _, e := unix.Syscall6(unix.SYS_RECVMMSG, fd, uintptr(unsafe.Pointer(&m.hdrs[0])), uintptr(m.vlen), uintptr(s.flags|unix.MSG_DONTWAIT), 0, 0)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return false
		}
		m.got, m.errno = int(n), e
		return true
	}
}
