package netns

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// Open opens the network namespace file at path, such as /run/netns/NAME or
// /proc/PID/ns/net. It fails if path does not refer to a network namespace,
// and never blocks on one that is not (a FIFO, a device): the file is
// opened non-blocking and must be on nsfs before anything else touches it.
func Open(path string) (*Handle, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	if err := checkNetNS(fd); err != nil {
		unix.Close(fd)
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return &Handle{fd: fd}, nil
}

// FromFD returns a Handle for a duplicate of fd, which must refer to a
// network namespace. The caller keeps ownership of fd, and names it in
// errors.
func FromFD(fd int) (*Handle, error) {
	nfd, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("fcntl", err)
	}
	if err := checkNetNS(nfd); err != nil {
		unix.Close(nfd)
		return nil, err
	}
	return &Handle{fd: nfd}, nil
}

// checkNetNS reports an error unless fd refers to a network namespace.
// Checking here gives a clear error at Open rather than EINVAL from setns
// later. NS_GET_NSTYPE needs Linux 4.11.
func checkNetNS(fd int) error {
	var fs unix.Statfs_t
	if err := unix.Fstatfs(fd, &fs); err != nil {
		return os.NewSyscallError("fstatfs", err)
	}
	if fs.Type != unix.NSFS_MAGIC {
		return errors.New("not a namespace file")
	}
	typ, err := unix.IoctlRetInt(fd, unix.NS_GET_NSTYPE)
	if err != nil {
		if errors.Is(err, unix.ENOTTY) {
			return errors.New("not a namespace file")
		}
		return os.NewSyscallError("ioctl NS_GET_NSTYPE", err)
	}
	if typ != unix.CLONE_NEWNET {
		return errors.New("not a network namespace")
	}
	return nil
}

// Close closes the handle. The namespace itself lives on as long as anything
// else (a process, a socket, a bind mount) refers to it.
func (h *Handle) Close() error {
	if h.fd < 0 {
		return os.ErrClosed
	}
	err := unix.Close(h.fd)
	h.fd = -1
	return os.NewSyscallError("close", err)
}

// Equal reports whether h and other refer to the same network namespace.
func (h *Handle) Equal(other *Handle) (bool, error) {
	a, err := h.stat()
	if err != nil {
		return false, err
	}
	b, err := other.stat()
	if err != nil {
		return false, err
	}
	return a.Dev == b.Dev && a.Ino == b.Ino, nil
}

func (h *Handle) stat() (unix.Stat_t, error) {
	var st unix.Stat_t
	if h == nil || h.fd < 0 {
		return st, os.ErrClosed
	}
	if err := unix.Fstat(h.fd, &st); err != nil {
		return st, os.NewSyscallError("fstat", err)
	}
	return st, nil
}
