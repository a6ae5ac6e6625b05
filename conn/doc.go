// Package conn provides netlink sockets that never lose or mistake a
// message: the connections of guile-netlink's (netlink connection) module.
//
// Dial opens a socket, optionally in another network namespace (a NetNS,
// the one namespace type of every package here) and subscribed to
// multicast groups; DialContext bounds the opening of the namespace. Execute sends a request and returns its
// replies; Stream does the same as an iterator, so that a dump of any size
// is processed in constant memory; Send and Receive move single datagrams,
// and Receive reads multicast events.
//
// # What a Conn checks
//
// A request gets a fresh sequence number, and only messages from the kernel
// (port id 0) that carry it count as replies. Messages from other processes
// and late replies to abandoned requests are dropped, and counted by
// Dropped. Multicast events that arrive during a request are kept for
// Receive. Errors the kernel reports in NLMSG_ERROR or NLMSG_DONE become
// *netlink.OpError values with the errno and the extended-ACK text; when
// the kernel points at an attribute of the request, or names one missing,
// the error names it by the request's Go field path and the attribute's
// name (see nltag.Locate). An
// inconsistent dump (NLM_F_DUMP_INTR) is reported with ErrDumpInterrupted,
// never dropped; a receive buffer overrun (ENOBUFS) with ErrOverrun, after
// which the socket goes on working.
//
// # Overruns
//
// When a socket's buffer is full the kernel drops what it would queue,
// replies as well as events, reports ENOBUFS once, and then drops
// everything for the socket, without another report, until a read leaves
// it empty. A Conn therefore reports ErrOverrun only once it has emptied
// the socket (the datagrams queued before the loss come first), so that
// every message the kernel sends after ErrOverrun is returned or reported
// by another ErrOverrun: a program that lists the kernel's state afresh
// when it gets ErrOverrun misses nothing. A request on a socket that
// receives events empties it first, setting the events aside for Receive,
// so that its reply has room; if the kernel still drops the reply, the
// request fails with ErrOverrun instead of waiting for it.
//
// # Batches
//
// ExecuteBatch sends many requests that answer with an ACK (NEW, SET, DEL)
// at once: 64 to a sendmsg, up to 128 before their answers are read (fewer
// long ones, whose errors, which echo them, must fit the receive buffer),
// each answer matched to its request by sequence number, one result per
// request. It reads each ACK in one recvmsg, or several in one recvmmsg
// when several are queued, where Execute, which must expect replies of any
// length, peeks first. An overrun fails the requests whose answers the
// kernel dropped with ErrOverrun, and never leaves the batch waiting for
// them. ExecuteBatchQuiet asks for an ACK on each datagram's last request
// only, and learns the others' success from the absence of an error before
// it: one answer per 64 requests for the kernel to make and the Conn to
// read.
//
// # Receiving
//
// A Conn reads into buffers of at least 32 KiB, the size that makes the
// kernel pack dump replies densely. It peeks at each datagram with MSG_TRUNC
// before dequeuing it, so a datagram larger than the buffer makes the buffer
// grow instead of being truncated. Once a dump has filled one datagram, a
// goroutine reads the next ones ahead, into at most 16 buffers (512 KiB,
// taken only while the caller is behind), while the caller handles the
// current one, so that the kernel's work and the caller's overlap; the same
// checks apply to what it reads. Messages
// returned by Execute, Receive and ReceiveFrom own their data; messages
// yielded by Stream alias a buffer and are valid only until the loop body
// returns.
//
// # Concurrency
//
// All methods may be called from several goroutines at once. Reading is
// serialised: an Execute or Stream holds the socket from sending its request
// until its reply is complete (for Stream, until the loop ends), and other
// requests wait their turn. A Receive that is waiting for events steps
// aside whenever a request is waiting, and resumes afterwards. Send, the
// deadline setters, group membership and Close do not wait for reads; Close
// interrupts them. Separate Conns never wait for each other, so parallel
// requests need one Conn each. A Stream's loop body must not call Receive,
// Execute or Stream on the Conn it is reading: they fail with ErrInStream.
//
// Deadlines and contexts use Go's runtime poller: a read deadline or the end
// of a request's context interrupts a blocked read without a thread waiting
// in the kernel. The poller watches a socket only while a read waits on it,
// through a duplicate of its descriptor: watched all along, every answer
// the kernel queued during a request would wake a runtime thread waiting in
// epoll_wait.
//
// # Without a kernel
//
// NewConn makes a Conn over any Transport instead of a kernel socket; the
// conntest package's fake plays the kernel from a script, so that code
// built on a Conn is tested without root. The package builds on every
// system, but only Linux has netlink: elsewhere Dial fails with an error
// that matches errors.ErrUnsupported, and NewConn is the only way to a Conn.
package conn
