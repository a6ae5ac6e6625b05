package bench

import (
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// RawSocket is a bare NETLINK_ROUTE socket driven with blocking system calls
// and no library in between. It captures the dumps that every decoder is
// fed, and its receive loop, which finds the end of a dump and decodes
// nothing, is the floor that the live benchmarks are measured against.
type RawSocket struct {
	fd  int
	seq uint32
	buf []byte
}

// RecvBufSize is the receive buffer of the raw socket: 32 KiB, the largest
// datagram the kernel builds for a dump (it sizes them after the reader's
// buffer, up to 32 KiB less skb overhead), and the size package conn uses.
const RecvBufSize = 32 << 10

// OpenRaw opens a raw socket in ns (or in the caller's namespace if ns is
// nil).
func OpenRaw(ns *NS) (*RawSocket, error) {
	s := &RawSocket{buf: make([]byte, RecvBufSize)}
	open := func() error {
		fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
		if err != nil {
			return err
		}
		if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
			unix.Close(fd)
			return err
		}
		s.fd = fd
		return nil
	}
	var err error
	if ns == nil {
		err = open()
	} else {
		err = ns.Do(open)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Close closes the socket.
func (s *RawSocket) Close() error { return unix.Close(s.fd) }

// DumpRequest returns a dump request of type typ (RTM_GETLINK ...) with the
// given body, with NLM_F_REQUEST|NLM_F_DUMP and sequence number seq.
func DumpRequest(typ uint16, seq uint32, body []byte) []byte {
	b := make([]byte, 16, 16+len(body))
	binary.NativeEndian.PutUint32(b[0:], uint32(16+len(body)))
	binary.NativeEndian.PutUint16(b[4:], typ)
	binary.NativeEndian.PutUint16(b[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	binary.NativeEndian.PutUint32(b[8:], seq)
	return append(b, body...)
}

// Dump sends a dump request of type typ with the given body and passes each
// datagram of the reply to fn, which must not keep it (it is the receive
// buffer). It returns the number of messages before NLMSG_DONE. It walks the
// message headers, since it must find NLMSG_DONE, and nothing more: this is
// the least any library must do to list objects.
func (s *RawSocket) Dump(typ uint16, body []byte, fn func(datagram []byte)) (int, error) {
	s.seq++
	req := DumpRequest(typ, s.seq, body)
	if err := unix.Sendto(s.fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return 0, err
	}
	n := 0
	for {
		m, _, err := unix.Recvfrom(s.fd, s.buf, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return n, err
		}
		d := s.buf[:m]
		if fn != nil {
			fn(d)
		}
		for len(d) >= unix.NLMSG_HDRLEN {
			l := binary.NativeEndian.Uint32(d)
			t := binary.NativeEndian.Uint16(d[4:])
			if l < unix.NLMSG_HDRLEN || int(l) > len(d) {
				return n, errors.New("raw: malformed message")
			}
			switch t {
			case unix.NLMSG_DONE:
				return n, nil
			case unix.NLMSG_ERROR:
				errno := int32(binary.NativeEndian.Uint32(d[16:]))
				return n, fmt.Errorf("raw: dump failed: %w", unix.Errno(-errno))
			}
			n++
			al := (int(l) + 3) &^ 3
			if al > len(d) {
				break
			}
			d = d[al:]
		}
	}
}

// Capture runs a dump and returns a copy of each datagram of the reply.
func (s *RawSocket) Capture(typ uint16, body []byte) ([][]byte, int, error) {
	var out [][]byte
	n, err := s.Dump(typ, body, func(d []byte) {
		out = append(out, append([]byte(nil), d...))
	})
	return out, n, err
}

// Exchange sends a complete request message (which should ask for an ACK)
// and returns the errno of the kernel's answer, 0 for an ACK.
func (s *RawSocket) Exchange(req []byte) error {
	if err := unix.Sendto(s.fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return err
	}
	for {
		m, _, err := unix.Recvfrom(s.fd, s.buf, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		d := s.buf[:m]
		for len(d) >= unix.NLMSG_HDRLEN+4 {
			l := binary.NativeEndian.Uint32(d)
			if l < unix.NLMSG_HDRLEN || int(l) > len(d) {
				return errors.New("raw: malformed message")
			}
			if binary.NativeEndian.Uint16(d[4:]) == unix.NLMSG_ERROR {
				if errno := int32(binary.NativeEndian.Uint32(d[16:])); errno != 0 {
					return unix.Errno(-errno)
				}
				return nil
			}
			al := (int(l) + 3) &^ 3
			if al > len(d) {
				break
			}
			d = d[al:]
		}
	}
}

// Pipeline sends a dump request and reads the reply on a goroutine of its
// own, into buffers it takes from free and hands, filled, to the returned
// channel, which it closes after the datagram holding NLMSG_DONE (or an
// error, reported through errp once the channel is closed). The caller
// returns each buffer to free when done with it. The kernel builds each
// datagram of a dump inside the recvmsg that asks for it, so a reader that
// runs ahead overlaps the kernel's work with the caller's decoding.
func (s *RawSocket) Pipeline(typ uint16, body []byte, free chan []byte, errp *error) <-chan []byte {
	full := make(chan []byte, cap(free))
	s.seq++
	req := DumpRequest(typ, s.seq, body)
	go func() {
		defer close(full)
		if err := unix.Sendto(s.fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
			*errp = err
			return
		}
		for {
			b := <-free
			m, _, err := unix.Recvfrom(s.fd, b[:cap(b)], 0)
			if err == unix.EINTR {
				free <- b
				continue
			}
			if err != nil {
				*errp = err
				return
			}
			d := b[:m]
			full <- d
			if t := lastType(d); t == unix.NLMSG_DONE || t == unix.NLMSG_ERROR {
				return
			}
		}
	}()
	return full
}

// lastType returns the type of the last message of a datagram.
func lastType(d []byte) uint16 {
	var t uint16
	for len(d) >= unix.NLMSG_HDRLEN {
		l := int(binary.NativeEndian.Uint32(d))
		if l < unix.NLMSG_HDRLEN || l > len(d) {
			return 0
		}
		t = binary.NativeEndian.Uint16(d[4:])
		al := (l + 3) &^ 3
		if al > len(d) {
			break
		}
		d = d[al:]
	}
	return t
}

// ExchangePacked sends a datagram of n complete requests (each asking for
// an ACK), then reads the n answers, and returns how many reported an
// error. It is the floor for pipelined writes: one sendmsg per n requests,
// one recvmsg per answer, nothing decoded beyond the errno.
func (s *RawSocket) ExchangePacked(datagram []byte, n int) (int, error) {
	if err := unix.Sendto(s.fd, datagram, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return 0, err
	}
	failed := 0
	for n > 0 {
		m, _, err := unix.Recvfrom(s.fd, s.buf, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return failed, err
		}
		d := s.buf[:m]
		for len(d) >= unix.NLMSG_HDRLEN+4 {
			l := binary.NativeEndian.Uint32(d)
			if l < unix.NLMSG_HDRLEN || int(l) > len(d) {
				return failed, errors.New("raw: malformed message")
			}
			if binary.NativeEndian.Uint16(d[4:]) == unix.NLMSG_ERROR {
				n--
				if binary.NativeEndian.Uint32(d[16:]) != 0 {
					failed++
				}
			}
			al := (int(l) + 3) &^ 3
			if al > len(d) {
				break
			}
			d = d[al:]
		}
	}
	return failed, nil
}
