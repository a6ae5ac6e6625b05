//go:build linux

package conn

import (
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// socket is a netlink socket that the runtime's poller watches only while
// a read waits. Watched all along (registered with epoll), every datagram
// the kernel queued for it (every ACK, inside the sendmsg of its request)
// woke a thread of the runtime that waited in epoll_wait, whenever one did
// (in any process with a timer pending): under strace, 10,000
// Client.RouteAdd calls made 9,194 epoll_pwait calls with a timer pending,
// and 2 since (BENCHMARKS.md). Its calls
// never block (the descriptor is non-blocking); a read that finds nothing
// queued waits through a duplicate of the descriptor, registered with the
// poller for that wait alone (for good, once the socket receives events:
// watchAlways), so that a waiting read takes no thread, and deadlines and
// Close end it as they did.
type socket struct {
	f  *os.File
	rc syscall.RawConn

	rdl atomic.Int64 // the read deadline, in Unix nanoseconds; 0 for none
	wdl atomic.Int64 // the write deadline, likewise

	mu     sync.Mutex
	waiter *os.File // the duplicate a read waits on, while it does
	keep   bool     // the waiter stays between waits (watchAlways)
	closed bool

	// State of the one recvmsg in progress, kept here so that a receive
	// allocates nothing: the callback is a method value made once.
	msg    unix.Msghdr
	iov    unix.Iovec
	sa     unix.RawSockaddrNetlink
	salen  uint32
	flags  int
	n      int
	errno  syscall.Errno
	got    bool
	readFn func(fd uintptr)
	multi  multiSocket
}

// newSocket takes fd, which it closes if it fails: once the *os.File owns
// fd, a second close by the caller could close a descriptor another
// goroutine has since opened under the same number.
func newSocket(fd int) (*socket, error) {
	// os.NewFile leaves a blocking descriptor out of the poller; the
	// socket is made non-blocking again once it is out.
	if err := unix.SetNonblock(fd, false); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("fcntl", err)
	}
	f := os.NewFile(uintptr(fd), "netlink")
	if err := unix.SetNonblock(fd, true); err != nil {
		f.Close()
		return nil, os.NewSyscallError("fcntl", err)
	}
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	s := &socket{f: f, rc: rc}
	s.readFn = func(fd uintptr) { s.got = s.tryRecvmsg(fd) }
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
	err = s.read(flags, s.readFn, &s.got)
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

// read runs try, which reads and sets *got unless nothing is queued: at
// once with MSG_DONTWAIT (else EAGAIN), else until it reads, waiting on the
// poller, the read deadline checked first as the poller's reads do.
func (s *socket) read(flags int, try func(fd uintptr), got *bool) error {
	if flags&unix.MSG_DONTWAIT == 0 && expired(&s.rdl) {
		return os.ErrDeadlineExceeded
	}
	*got = false
	if err := s.rc.Control(try); err != nil {
		return err
	}
	switch {
	case *got:
		return nil
	case flags&unix.MSG_DONTWAIT != 0:
		return os.NewSyscallError("recvmsg", unix.EAGAIN)
	}
	w, err := s.openWaiter()
	if err != nil {
		return err
	}
	defer s.closeWaiter(w)
	wrc, err := w.SyscallConn()
	if err != nil {
		return err
	}
	return wrc.Read(func(fd uintptr) bool {
		try(fd)
		return *got
	})
}

// openWaiter returns a duplicate of the socket's descriptor, registered
// with the poller, with the read deadline: the one kept, if any.
func (s *socket) openWaiter() (*os.File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, os.ErrClosed
	}
	if s.waiter != nil {
		return s.waiter, nil
	}
	var fd int
	var err error
	if cerr := s.rc.Control(func(sfd uintptr) { fd, err = unix.FcntlInt(sfd, unix.F_DUPFD_CLOEXEC, 0) }); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, os.NewSyscallError("fcntl", err)
	}
	// Non-blocking as the socket is (the flag is the socket's): the poller
	// takes it.
	w := os.NewFile(uintptr(fd), "netlink")
	if t := s.rdl.Load(); t != 0 {
		w.SetReadDeadline(time.Unix(0, t))
	}
	s.waiter = w
	return w, nil
}

// closeWaiter ends a wait's registration with the poller, unless the
// socket keeps it.
func (s *socket) closeWaiter(w *os.File) {
	s.mu.Lock()
	if s.keep {
		s.mu.Unlock()
		return
	}
	s.waiter = nil
	s.mu.Unlock()
	w.Close()
}

// watchAlways keeps the waiter registered from its first wait on: for a
// socket that receives events, which waits for nearly every datagram.
func (s *socket) watchAlways() {
	s.mu.Lock()
	s.keep = true
	s.mu.Unlock()
}

// expired reports whether the deadline in dl has passed.
func expired(dl *atomic.Int64) bool {
	t := dl.Load()
	return t != 0 && time.Now().UnixNano() >= t
}

// tryRecvmsg is the read callback: it reports false when the socket has
// nothing to read.
func (s *socket) tryRecvmsg(fd uintptr) bool {
	for {
		var n uintptr
		var e syscall.Errno
		if s.msg.Control == nil && s.flags&unix.MSG_TRUNC != 0 {
			// Without control messages recvfrom does the same, without
			// a message header and an iovec to copy in and out: in a
			// profile of bench/'s BenchmarkRouteInstall, recvmsg's work
			// besides netlink's took twice recvfrom's.
			s.salen = unix.SizeofSockaddrNetlink
			n, _, e = unix.Syscall6(unix.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(s.iov.Base)), uintptr(s.iov.Len),
				uintptr(s.flags|unix.MSG_DONTWAIT), uintptr(unsafe.Pointer(&s.sa)), uintptr(unsafe.Pointer(&s.salen)))
			// MSG_TRUNC made n the datagram's length: rflags as
			// recvmsg's.
			s.msg.Flags = 0
			if e == 0 && uint64(n) > uint64(s.iov.Len) {
				s.msg.Flags = unix.MSG_TRUNC
			}
		} else {
			n, _, e = unix.Syscall(unix.SYS_RECVMSG, fd, uintptr(unsafe.Pointer(&s.msg)), uintptr(s.flags|unix.MSG_DONTWAIT))
		}
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

// sendOp holds one sendmsg's arguments; pooled so that sending allocates
// nothing and concurrent sends need no lock.
type sendOp struct {
	p     []byte
	to    Addr
	errno error
	fn    func(fd uintptr)
}

var sendOps = sync.Pool{New: func() any {
	op := new(sendOp)
	op.fn = op.try
	return op
}}

func (op *sendOp) try(fd uintptr) {
	var err error
	if op.to == (Addr{}) {
		// Without an address the datagram goes to the kernel, and needs
		// no sockaddr built. sendto rather than write: write reaches the
		// socket through the file layer (position lock, range check,
		// fsnotify), which showed as extra kernel time per change beside
		// a bare sendto loop (bench/, BenchmarkRouteInstall).
		err = unix.Sendto(int(fd), op.p, 0, nil)
	} else {
		err = unix.Sendto(int(fd), op.p, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: op.to.PID, Groups: op.to.Groups})
	}
	op.errno = err
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
	// instead, checking the write deadline and Close first each time.
	for wait := 50 * time.Microsecond; ; wait = min(2*wait, maxSendWait) {
		if expired(&s.wdl) {
			err = os.ErrDeadlineExceeded
			break
		}
		op.errno = nil
		if err = s.rc.Control(op.fn); err != nil || op.errno != unix.EAGAIN {
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

func (s *socket) setReadDeadline(t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	setDeadline(&s.rdl, t)
	if s.waiter != nil {
		// The wait in progress goes on under the new deadline.
		return s.waiter.SetReadDeadline(t)
	}
	return nil
}

func (s *socket) setWriteDeadline(t time.Time) error {
	setDeadline(&s.wdl, t)
	return nil
}

// setDeadline stores t in dl; a time before 1970 is stored as passed.
func setDeadline(dl *atomic.Int64, t time.Time) {
	switch n := t.UnixNano(); {
	case t.IsZero():
		dl.Store(0)
	case n <= 0:
		dl.Store(1)
	default:
		dl.Store(n)
	}
}

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

func (s *socket) close() error {
	s.mu.Lock()
	s.closed = true
	if s.waiter != nil {
		// Ends the wait in progress.
		s.waiter.Close()
	}
	s.mu.Unlock()
	return s.f.Close()
}
