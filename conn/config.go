package conn

// Config configures a Conn. The zero Config (or a nil *Config) gives a socket
// in the caller's network namespace, with a port id the kernel chooses, no
// multicast groups, extended ACKs on and default buffer sizes.
type Config struct {
	// PID is the port id to bind to; 0 lets the kernel choose a free one.
	PID uint32

	// Groups is the mask of multicast groups 1 to 32 to join at bind time
	// (bit n-1 for group n, as in Addr). Conn.JoinGroup reaches any group.
	Groups uint32

	// NetNS is the network namespace to open the socket in (NetNSName,
	// NetNSPath, NetNSFD, NetNSPID); the zero NetNS is the caller's. The
	// socket stays in that namespace for life; no thread of the process is
	// left in it.
	NetNS NetNS

	// Strict turns on strict checking of requests (NETLINK_GET_STRICT_CHK):
	// the kernel rejects GET requests with bad headers or attributes instead
	// of ignoring them, and filters dumps by the header fields and
	// attributes given. Dumps then cost far less when only a few objects
	// are wanted.
	Strict bool

	// DisableExtAck turns off extended ACKs (NETLINK_EXT_ACK). They are on
	// by default so that errors carry the kernel's explanation, such as
	// "Link already exists".
	DisableExtAck bool

	// CappedAcks (NETLINK_CAP_ACK) asks the kernel not to echo the request's
	// payload in error messages, only its header.
	CappedAcks bool

	// ReadBufferSize is the socket's receive buffer size in bytes
	// (SO_RCVBUF); 0 keeps the system default. With CAP_NET_ADMIN the size
	// is forced past net.core.rmem_max (SO_RCVBUFFORCE); without, the kernel
	// caps it there. Subscribers to busy groups need a large buffer to
	// avoid ErrOverrun.
	ReadBufferSize int
}
