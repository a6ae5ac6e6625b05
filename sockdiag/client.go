package sockdiag

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/blocks"
	"github.com/nltag/go-netlink/internal/nsdial"
	"github.com/nltag/go-netlink/internal/operr"
	"github.com/nltag/go-netlink/internal/zeroed"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Client lists the sockets of one network namespace, as ss(8) does.
//
// Its methods take a context, which bounds the wait for the kernel's
// answer, and return errors that match the kernel's errno with errors.Is
// (a protocol whose diag module is missing gives unix.ENOENT). A Client is
// safe for concurrent use: lists share one socket and run one at a time;
// the iterators (InetSockets, UnixSockets) open sockets of their own, so a
// loop over them may call the Client.
type Client struct {
	conn *conn.Conn
	d    *nsdial.Dialer // the iterators' sockets
}

// Options configure a Client. The zero Options (or nil) give a Client in the
// caller's network namespace.
type Options struct {
	// NetNS is the namespace whose sockets to list. Working in another
	// namespace needs CAP_SYS_ADMIN; the Client holds the namespace open
	// until Close.
	NetNS conn.NetNS

	// Dial, if set, opens the Client's sockets: Dial's own and the
	// iterators' (InetSockets, UnixSockets); NetNS is then ignored.
	// NewClient over a test transport sets it to give the iterators
	// sockets too.
	Dial func() (*conn.Conn, error)
}

func (o *Options) dialer() nsdial.Options {
	if o == nil {
		o = &Options{}
	}
	d := nsdial.Options{Protocol: unix.NETLINK_SOCK_DIAG, NetNS: o.NetNS}
	if o.Dial != nil {
		d.Dial = func(uint32) (*conn.Conn, error) { return o.Dial() }
	}
	return d
}

// Dial opens a Client. The context bounds the setup, the opening of the
// namespace included.
func Dial(ctx context.Context, o *Options) (*Client, error) {
	d, nc, err := nsdial.OpenConn(ctx, o.dialer())
	if err != nil {
		return nil, opError("dial", err)
	}
	return &Client{conn: nc, d: d}, nil
}

// NewClient returns a Client that sends its requests over nc, a
// NETLINK_SOCK_DIAG socket of any origin: one dialled with conn.Config
// options the Client does not offer, or a test transport (conn/conntest)
// that scripts the kernel's replies. The Client owns nc and closes it on
// Close. The iterators' sockets come from o.Dial, or, without it, are
// dialled in o.NetNS. Over a nil nc, as for the zero Client, every call
// fails with an error matching net.ErrClosed.
func NewClient(nc *conn.Conn, o *Options) *Client {
	if nc == nil {
		return &Client{}
	}
	return &Client{conn: nc, d: nsdial.New(o.dialer())}
}

// Close closes the Client's socket and its hold on the namespace; its
// methods then fail with an error matching net.ErrClosed, and so does a
// second Close.
func (c *Client) Close() error {
	if err := c.d.Close(); err != nil {
		return err
	}
	return c.conn.Close()
}

// InetFilter selects the IP sockets of InetList and InetSockets. The
// kernel applies it to the dump.
type InetFilter struct {
	// Family is FamilyIPv4 or FamilyIPv6; 0 lists both, IPv4 first.
	Family Family
	// Protocol is ProtocolTCP (the default, 0) or ProtocolUDP, or another
	// with a diag module, such as IPPROTO_SCTP.
	Protocol Protocol
	// States selects by state; 0 lists all.
	States States
	// Ext asks for extensions: tcp_info, memory use, congestion
	// algorithm...
	Ext Extensions
	// Filter is a condition the kernel checks on each socket of the
	// dump, such as SrcPort(OpEq, 22); nil keeps all.
	Filter Cond
}

// requests returns one request per family f selects.
func (f *InetFilter) requests() ([]*InetRequest, error) {
	var g InetFilter
	if f != nil {
		g = *f
	}
	if g.Protocol == 0 {
		g.Protocol = ProtocolTCP
	}
	if g.States == 0 {
		g.States = AllStates
	}
	fams := []Family{FamilyIPv4, FamilyIPv6}
	switch g.Family {
	case 0:
	case FamilyIPv4, FamilyIPv6:
		fams = []Family{g.Family}
	default:
		return nil, fmt.Errorf("family %v is not an IP family", g.Family)
	}
	var bc []byte
	if g.Filter != nil {
		var err error
		if bc, err = Compile(g.Filter); err != nil {
			return nil, err
		}
	}
	var reqs []*InetRequest
	for _, fam := range fams {
		reqs = append(reqs, &InetRequest{Family: fam, Protocol: g.Protocol, Ext: g.Ext, States: g.States, Bytecode: bc})
	}
	return reqs, nil
}

// InetList returns the IP sockets f selects (nil: every TCP socket), as
// `ss -t -a`.
func (c *Client) InetList(ctx context.Context, f *InetFilter) ([]*InetSocket, error) {
	reqs, err := f.requests()
	if err != nil {
		return nil, opError("inet list", err)
	}
	var vs blocks.Blocks[InetSocket]
	for _, r := range reqs {
		if err := dumpInto(ctx, c.conn, r, &vs); err != nil {
			return nil, opError("inet list", err)
		}
	}
	return vs.Pointers(), nil
}

// InetSockets is InetList as an iterator: it streams the dump over a socket
// of its own, in constant memory however many sockets there are, and the
// loop body may call c. It yields at most one error, last.
func (c *Client) InetSockets(ctx context.Context, f *InetFilter) iter.Seq2[*InetSocket, error] {
	reqs, err := f.requests()
	return stream[InetSocket](ctx, c, "inet list", reqs, err)
}

// InetGet returns the socket of protocol proto whose local and remote
// addresses are local and remote (the zero AddrPort for a listening or
// unconnected socket's remote), with the extensions ext: the kernel looks
// it up as it would for a packet from remote to local, without a dump, so
// an unconnected UDP socket answers for any remote. No such socket gives
// an error matching unix.ENOENT.
func (c *Client) InetGet(ctx context.Context, proto Protocol, local, remote netip.AddrPort, ext Extensions) (*InetSocket, error) {
	op := fmt.Sprintf("inet get %v", local)
	if remote.IsValid() {
		op += " " + remote.String()
	}
	fam := FamilyIPv6
	if local.Addr().Is4() {
		fam = FamilyIPv4
	}
	if remote.Addr().IsValid() && remote.Addr().Is4() != local.Addr().Is4() {
		return nil, opError(op, errors.New("local and remote addresses of different families"))
	}
	id := SockID{
		SrcPort: local.Port(), DstPort: remote.Port(),
		Src: addrBytes(local.Addr()), Dst: addrBytes(remote.Addr()),
		Cookie: [2]uint32{NoCookie, NoCookie},
	}
	if proto == ProtocolUDP || proto == unix.IPPROTO_UDPLITE {
		// udp_dump_one looks up a datagram from the request's source to
		// its destination: the other way round from TCP's lookup and from
		// the replies.
		id.SrcPort, id.DstPort, id.Src, id.Dst = id.DstPort, id.SrcPort, id.Dst, id.Src
	}
	req := &InetRequest{Family: fam, Protocol: proto, Ext: ext, States: AllStates, ID: id}
	ms, err := c.conn.Execute(ctx, netlink.Message{Header: netlink.Header{Type: TypeByFamily}, Body: req})
	if err != nil {
		return nil, opError(op, err)
	}
	if len(ms) == 0 {
		return nil, opError(op, errors.New("the kernel sent no answer"))
	}
	s := new(InetSocket)
	if err := nltag.Unmarshal(ms[0].Data, s); err != nil {
		return nil, opError(op, err)
	}
	return s, nil
}

// addrBytes puts a into the 16 bytes of an inet_diag_sockid address: an
// IPv4 address fills the first 4; the zero Addr leaves all zero.
func addrBytes(a netip.Addr) [16]byte {
	var b [16]byte
	if a.Is4() {
		v := a.As4()
		copy(b[:], v[:])
	} else if a.Is6() {
		b = a.As16()
	}
	return b
}

// Destroy closes the socket s of protocol proto, as `ss -K` does: the
// kernel aborts it (a TCP connection with a reset), and its owner's next
// call fails with ECONNABORTED. The kernel finds the socket by s.ID,
// cookie included. It needs CAP_NET_ADMIN and a kernel built with
// CONFIG_INET_DIAG_DESTROY; a socket that is gone gives an error matching
// unix.ENOENT.
func (c *Client) Destroy(ctx context.Context, proto Protocol, s *InetSocket) error {
	if s == nil {
		return opError("destroy", errors.New("no socket given"))
	}
	req := &InetRequest{Family: s.Family, Protocol: proto, States: AllStates, ID: s.ID}
	_, err := c.conn.Execute(ctx, netlink.Message{Header: netlink.Header{Type: TypeDestroy, Flags: netlink.Acknowledge}, Body: req})
	return opError("destroy", err)
}

// UnixFilter selects the unix sockets of UnixList and UnixSockets. The
// kernel applies it to the dump.
type UnixFilter struct {
	// States selects by state; 0 lists all.
	States States
	// Show asks for attributes; 0 asks for all but ShowMemInfo and ShowUID.
	Show UnixShow
}

// DefaultShow is what UnixFilter.Show asks for when it is zero: what ss
// prints.
const DefaultShow = ShowName | ShowVFS | ShowPeer | ShowIcons | ShowRQLen

func (f *UnixFilter) request() *UnixRequest {
	r := &UnixRequest{Family: FamilyUnix, States: AllStates, Show: DefaultShow}
	if f != nil {
		if f.States != 0 {
			r.States = f.States
		}
		if f.Show != 0 {
			r.Show = f.Show
		}
	}
	return r
}

// UnixList returns the unix sockets f selects (nil: all), as `ss -x -a`.
func (c *Client) UnixList(ctx context.Context, f *UnixFilter) ([]*UnixSocket, error) {
	var vs blocks.Blocks[UnixSocket]
	if err := dumpInto(ctx, c.conn, f.request(), &vs); err != nil {
		return nil, opError("unix list", err)
	}
	return vs.Pointers(), nil
}

// UnixSockets is UnixList as an iterator, as InetSockets is InetList's.
func (c *Client) UnixSockets(ctx context.Context, f *UnixFilter) iter.Seq2[*UnixSocket, error] {
	return stream[UnixSocket](ctx, c, "unix list", []*UnixRequest{f.request()}, nil)
}

// dumpInto runs the dump req on sc, decoding the replies into vs while
// they stream in.
func dumpInto[T any](ctx context.Context, sc *conn.Conn, req any, vs *blocks.Blocks[T]) error {
	_, err := dumpEach(ctx, sc, req, vs, func(*T) bool { return true })
	return err
}

// dumpEach runs the dump req on sc, decoding each reply into vs.Next()
// and passing it to fn, until fn returns false; it reports whether the
// dump ran to its end.
func dumpEach[T any](ctx context.Context, sc *conn.Conn, req any, vs *blocks.Blocks[T], fn func(*T) bool) (bool, error) {
	m := netlink.Message{Header: netlink.Header{Type: TypeByFamily, Flags: netlink.Dump}, Body: req}
	for raw, err := range sc.Stream(ctx, m) {
		if err != nil {
			return false, err
		}
		if raw.Header.Type != TypeByFamily {
			continue
		}
		v := vs.Next()
		// Unmarshal copies the data, which aliases the socket's buffer;
		// the values of blocks are zero when handed out.
		if err := zeroed.Unmarshal(raw.Data, v); err != nil {
			return false, fmt.Errorf("decoding %s: %w", Messages.TypeName(TypeByFamily), err)
		}
		if !fn(v) {
			return false, nil
		}
	}
	return true, nil
}

// stream runs the dumps reqs in turn over a socket of its own, yielding
// each decoded T; err, if not nil, is yielded alone.
func stream[T, R any](ctx context.Context, c *Client, op string, reqs []R, err error) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		if err != nil {
			yield(nil, opError(op, err))
			return
		}
		sc, err := c.d.Dial(0)
		if err != nil {
			yield(nil, opError(op, err))
			return
		}
		defer sc.Close()
		// Small blocks, not remembered: a loop that keeps a few values
		// must not keep large blocks alive, nor the iterator all of them.
		vs := blocks.Blocks[T]{Max: blocks.MinSize, Forget: true}
		for _, req := range reqs {
			more, err := dumpEach(ctx, sc, req, &vs, func(v *T) bool { return yield(v, nil) })
			if err != nil {
				yield(nil, opError(op, err))
				return
			}
			if !more {
				return
			}
		}
	}
}

// opError puts the operation in front of an error; errors.Is and errors.As
// still reach the kernel's *netlink.OpError and its errno.
func opError(op string, err error) error { return operr.New("sockdiag", op, err) }
