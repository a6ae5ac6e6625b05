//go:build linux

package conn

import (
	"os"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// socket is a non-blocking netlink socket driven by Go's runtime poller, so
// that deadlines and Close interrupt blocked calls.
type socket struct {
	f  *os.File
	rc syscall.RawConn

	// State of the one recvmsg in progress, kept here so that a receive
	// allocates nothing: the poller callback is a method value made once.
	msg    unix.Msghdr
	iov    unix.Iovec
	sa     unix.RawSockaddrNetlink
	flags  int
	n      int
	errno  syscall.Errno
	readFn func(fd uintptr) bool
	nowFn  func(fd uintptr)
	multi  multiSocket
}

func newSocket(fd int) (*socket, error) {
	f := os.NewFile(uintptr(fd), "netlink")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	s := &socket{f: f, rc: rc}
	s.readFn = s.tryRecvmsg
	s.nowFn = s.recvmsgNow
	return s, nil
}

func (s *socket) recvmsg(p, oob []byte, flags int) (n, oobn, rflags int, from Addr, err error) {
	s.msg = unix.Msghdr{Name: (*byte)(unsafe.Pointer(&s.sa)), Namelen: unix.SizeofSockaddrNetlink, Iov: &s.iov, Iovlen: 1}
	s.iov = unix.Iovec{}
	if len(p) > 0 {
		s.iov.Base = &p[0]
		s.iov.SetLen(len(p))
	}
	if len(oob) > 0 {
		s.msg.Control = &oob[0]
		s.msg.SetControllen(len(oob))
	}
	s.flags = flags
	if flags&unix.MSG_DONTWAIT != 0 {
		err = s.rc.Control(s.nowFn)
	} else {
		err = s.rc.Read(s.readFn)
	}
	// Drop the references to the caller's buffers.
	s.iov.Base, s.msg.Control = nil, nil
	if err != nil {
		return 0, 0, 0, Addr{}, err
	}
	if s.errno != 0 {
		return 0, 0, 0, Addr{}, os.NewSyscallError("recvmsg", s.errno)
	}
	return s.n, int(s.msg.Controllen), int(s.msg.Flags), Addr{PID: s.sa.Pid, Groups: s.sa.Groups}, nil
}

// tryRecvmsg is the poller callback: it reports false to wait for
// readiness when the socket has nothing to read.
func (s *socket) tryRecvmsg(fd uintptr) bool {
	for {
		n, _, e := unix.Syscall(unix.SYS_RECVMSG, fd, uintptr(unsafe.Pointer(&s.msg)), uintptr(s.flags|unix.MSG_DONTWAIT))
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return false
		}
		s.n, s.errno = int(n), e
		return true
	}
}

// recvmsgNow is the callback for reads that must not wait.
func (s *socket) recvmsgNow(fd uintptr) {
	if !s.tryRecvmsg(fd) {
		s.n, s.errno = 0, unix.EAGAIN
	}
}

// sendOp holds one sendmsg's arguments; pooled so that sending allocates
// nothing and concurrent sends need no lock.
type sendOp struct {
	p     []byte
	to    Addr
	errno error
	fn    func(fd uintptr) bool
}

var sendOps = sync.Pool{New: func() any {
	op := new(sendOp)
	op.fn = op.try
	return op
}}

func (op *sendOp) try(fd uintptr) bool {
	var err error
	if op.to == (Addr{}) {
		// Without an address the datagram goes to the kernel, and write
		// needs no sockaddr to be built.
		_, err = unix.Write(int(fd), op.p)
	} else {
		err = unix.Sendto(int(fd), op.p, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: op.to.PID, Groups: op.to.Groups})
	}
	op.errno = err
	return true
}

// maxSendWait is the longest pause between two attempts to send to a port
// whose receive buffer is full: what a write deadline or Close may take to
// end such a Send.
const maxSendWait = 4 * time.Millisecond

func (s *socket) sendmsg(p []byte, to Addr) error {
	op := sendOps.Get().(*sendOp)
	op.p, op.to = p, to
	var err error
	// A datagram to a port whose receive buffer is full fails with EAGAIN,
	// and nothing ever tells the poller when there is room: the kernel
	// wakes only senders sleeping in a blocking sendmsg, and this socket
	// is writable all along. Waiting for the poller (the callback
	// returning false) would therefore wait forever, even after the peer
	// had read everything (TestKernelSendBlocked). Try again after a pause
	// instead; each rc.Write checks the write deadline and Close first.
	for wait := 50 * time.Microsecond; ; wait = min(2*wait, maxSendWait) {
		op.errno = nil
		if err = s.rc.Write(op.fn); err != nil || op.errno != unix.EAGAIN {
			break
		}
		time.Sleep(wait)
	}
	if err == nil && op.errno != nil {
		err = os.NewSyscallError("sendmsg", op.errno)
	}
	op.p = nil
	sendOps.Put(op)
	return err
}

func (s *socket) setReadDeadline(t time.Time) error  { return s.f.SetReadDeadline(t) }
func (s *socket) setWriteDeadline(t time.Time) error { return s.f.SetWriteDeadline(t) }

func (s *socket) setsockoptInt(level, name, value int) error {
	var err error
	cerr := s.rc.Control(func(fd uintptr) {
		err = unix.SetsockoptInt(int(fd), level, name, value)
	})
	if cerr != nil {
		return cerr
	}
	return os.NewSyscallError("setsockopt", err)
}

func (s *socket) localAddr() (Addr, error) {
	var sa unix.Sockaddr
	var err error
	cerr := s.rc.Control(func(fd uintptr) {
		sa, err = unix.Getsockname(int(fd))
	})
	if cerr != nil {
		return Addr{}, cerr
	}
	if err != nil {
		return Addr{}, os.NewSyscallError("getsockname", err)
	}
	nl, ok := sa.(*unix.SockaddrNetlink)
	if !ok {
		return Addr{}, os.NewSyscallError("getsockname", unix.EAFNOSUPPORT)
	}
	return Addr{PID: nl.Pid, Groups: nl.Groups}, nil
}

func (s *socket) close() error { return s.f.Close() }
