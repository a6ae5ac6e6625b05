package sockdiag

import (
	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// Family is the address family that opens every sock_diag request and
// reply, and chooses the layout of what follows it.
type Family uint8

// Families sock_diag serves that this package describes.
const (
	FamilyUnix Family = unix.AF_UNIX
	FamilyIPv4 Family = unix.AF_INET
	FamilyIPv6 Family = unix.AF_INET6
)

var families = netlink.NewEnum(map[Family]string{
	FamilyUnix: "AF_UNIX",
	FamilyIPv4: "AF_INET",
	FamilyIPv6: "AF_INET6",
})

// String returns the C name, such as "AF_INET6".
func (f Family) String() string { return families.Format(f) }

// Protocol is an IP protocol number (IPPROTO_*), which picks the kernel's
// handler of an inet_diag request.
type Protocol uint8

// Protocols with an inet_diag handler that this package describes.
const (
	ProtocolTCP Protocol = unix.IPPROTO_TCP
	ProtocolUDP Protocol = unix.IPPROTO_UDP
)

var protocols = netlink.NewEnum(map[Protocol]string{
	ProtocolTCP:          "IPPROTO_TCP",
	ProtocolUDP:          "IPPROTO_UDP",
	unix.IPPROTO_UDPLITE: "IPPROTO_UDPLITE",
	unix.IPPROTO_RAW:     "IPPROTO_RAW",
	unix.IPPROTO_SCTP:    "IPPROTO_SCTP",
})

// String returns the C name, such as "IPPROTO_TCP".
func (p Protocol) String() string { return protocols.Format(p) }

// State is a socket's state: the TCP states of include/net/tcp_states.h,
// which UDP and unix sockets borrow (an unconnected UDP socket is
// StateClose, a connected one StateEstablished; a listening unix socket is
// StateListen).
type State uint8

// Socket states.
const (
	StateEstablished   State = 1
	StateSynSent       State = 2
	StateSynRecv       State = 3
	StateFinWait1      State = 4
	StateFinWait2      State = 5
	StateTimeWait      State = 6
	StateClose         State = 7
	StateCloseWait     State = 8
	StateLastAck       State = 9
	StateListen        State = 10
	StateClosing       State = 11
	StateNewSynRecv    State = 12
	StateBoundInactive State = 13
)

var states = netlink.NewEnum(map[State]string{
	StateEstablished:   "TCP_ESTABLISHED",
	StateSynSent:       "TCP_SYN_SENT",
	StateSynRecv:       "TCP_SYN_RECV",
	StateFinWait1:      "TCP_FIN_WAIT1",
	StateFinWait2:      "TCP_FIN_WAIT2",
	StateTimeWait:      "TCP_TIME_WAIT",
	StateClose:         "TCP_CLOSE",
	StateCloseWait:     "TCP_CLOSE_WAIT",
	StateLastAck:       "TCP_LAST_ACK",
	StateListen:        "TCP_LISTEN",
	StateClosing:       "TCP_CLOSING",
	StateNewSynRecv:    "TCP_NEW_SYN_RECV",
	StateBoundInactive: "TCP_BOUND_INACTIVE",
})

// String returns the C name, such as "TCP_LISTEN".
func (s State) String() string { return states.Format(s) }

// States is a set of states, bit 1<<s for state s: the idiag_states and
// udiag_states of a request. The kernel lists the sockets whose state is in
// the set.
type States uint32

// StatesOf returns the set of the given states.
func StatesOf(ss ...State) States {
	var m States
	for _, s := range ss {
		m |= 1 << s
	}
	return m
}

// Has reports whether s is in the set.
func (m States) Has(s State) bool { return m&(1<<s) != 0 }

// AllStates is every state.
const AllStates States = 0xffffffff

var stateSet = netlink.NewFlags(func() map[States]string {
	m := map[States]string{}
	for _, s := range states.Values() {
		m[1<<s] = s.String()
	}
	return m
}())

// String returns the states as "TCP_ESTABLISHED|TCP_LISTEN".
func (m States) String() string { return stateSet.Format(m) }

// Timer says which timer of a TCP socket runs (idiag_timer), as ss(8)
// shows in timer:(...).
type Timer uint8

// Timers.
const (
	TimerOff       Timer = 0
	TimerRetrans   Timer = 1 // retransmission, or SYN-ACK of a request
	TimerKeepalive Timer = 2
	TimerTimeWait  Timer = 3
	TimerProbe     Timer = 4 // zero-window probe
)

var timers = netlink.NewEnum(map[Timer]string{
	TimerOff:       "off",
	TimerRetrans:   "on",
	TimerKeepalive: "keepalive",
	TimerTimeWait:  "timewait",
	TimerProbe:     "persist",
})

// String returns ss(8)'s name of the timer: "off", "on", "keepalive",
// "timewait" or "persist".
func (t Timer) String() string { return timers.Format(t) }

// Shutdown is what has been shut down of a socket (INET_DIAG_SHUTDOWN,
// UNIX_DIAG_SHUTDOWN): bit 0 receiving, bit 1 sending.
type Shutdown uint8

// Shutdown bits.
const (
	ShutdownRead  Shutdown = 1
	ShutdownWrite Shutdown = 2
)

var shutdowns = netlink.NewFlags(map[Shutdown]string{ShutdownRead: "RCV_SHUTDOWN", ShutdownWrite: "SEND_SHUTDOWN"})

// String returns the bits as "RCV_SHUTDOWN|SEND_SHUTDOWN".
func (s Shutdown) String() string { return shutdowns.Format(s) }
