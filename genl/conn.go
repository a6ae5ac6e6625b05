package genl

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net"
	"os"
	"sync"

	"github.com/nltag/go-netlink/internal/operr"
	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Conn is a generic netlink socket that knows families by name. It asks the
// controller about a family the first time it is used and keeps the answer
// (id, version, operations, multicast groups) for the life of the Conn.
// Its methods are safe for concurrent use, with the serialisation of
// conn.Conn.
type Conn struct {
	c *conn.Conn

	mu       sync.Mutex
	families map[string]*Family
}

// Dial opens a generic netlink socket configured by cfg (nil for the
// defaults): guile-netlink's connect-generic.
func Dial(cfg *conn.Config) (*Conn, error) {
	c, err := conn.Dial(unix.NETLINK_GENERIC, cfg)
	if err != nil {
		return nil, err
	}
	return NewConn(c), nil
}

// NewConn wraps c, a socket dialled for unix.NETLINK_GENERIC.
func NewConn(c *conn.Conn) *Conn {
	return &Conn{c: c, families: map[string]*Family{}}
}

// Conn returns the underlying socket, for deadlines, Send and Receive of
// raw messages and the like.
func (c *Conn) Conn() *conn.Conn { return c.sock() }

// Close closes the socket.
func (c *Conn) Close() error { return c.sock().Close() }

// errNoConn is the error of the methods of a nil Conn.
var errNoConn = fmt.Errorf("genl: no socket (a Conn comes from Dial or NewConn): %w", net.ErrClosed)

// sock returns the socket, nil for a nil Conn (whose methods then fail as
// those of a nil conn.Conn do, matching net.ErrClosed).
func (c *Conn) sock() *conn.Conn {
	if c == nil {
		return nil
	}
	return c.c
}

// Family returns what the controller says of the family called name,
// asking it only the first time (CTRL_CMD_GETFAMILY); the kernel loads the
// family's module if it can. An unknown family gives an error matching
// unix.ENOENT and os.ErrNotExist. The result is shared: do not modify it.
func (c *Conn) Family(ctx context.Context, name string) (*Family, error) {
	if c == nil {
		return nil, errNoConn
	}
	c.mu.Lock()
	f := c.families[name]
	c.mu.Unlock()
	if f != nil {
		return f, nil
	}
	req := &Family{Header: Header{Command: CtrlCmdGetFamily, Version: CtrlVersion}, Name: name}
	f, err := Do[Family](ctx, c, CtrlName, req)
	if err != nil {
		var re *RequestError
		if errors.As(err, &re) {
			err = re.Err // "genl: family NAME" says it better than the controller's command
		}
		return nil, operr.Wrap(fmt.Sprintf("genl: family %q", name), err)
	}
	c.remember(f)
	return f, nil
}

func (c *Conn) remember(f *Family) {
	c.mu.Lock()
	c.families[f.Name] = f
	c.mu.Unlock()
}

// Families lists every family the kernel has registered, as `genl ctrl
// list` does, and refreshes the cache with them.
func (c *Conn) Families(ctx context.Context) ([]*Family, error) {
	req := &Family{Header: Header{Command: CtrlCmdGetFamily, Version: CtrlVersion}}
	fs, err := Dump[Family](ctx, c, CtrlName, req)
	for _, f := range fs {
		c.remember(f)
	}
	return fs, err
}

// Forget drops what the Conn knows of the family called name, so that the
// next use asks the controller again: after the family's module was
// reloaded, say, which may give it another id.
func (c *Conn) Forget(name string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.families, name)
	c.mu.Unlock()
}

// group resolves a multicast group of a family to its number.
func (c *Conn) group(ctx context.Context, family, group string) (uint32, error) {
	f, err := c.Family(ctx, family)
	if err != nil {
		return 0, err
	}
	g, ok := f.Group(group)
	if !ok {
		return 0, fmt.Errorf("genl: family %q has no multicast group %q: %w", family, group, os.ErrNotExist)
	}
	return g.ID, nil
}

// JoinGroup subscribes the socket to the named multicast group of family,
// such as ethtool's "monitor". Receive then returns its events.
func (c *Conn) JoinGroup(ctx context.Context, family, group string) error {
	id, err := c.group(ctx, family, group)
	if err != nil {
		return err
	}
	return c.sock().JoinGroup(id)
}

// LeaveGroup unsubscribes the socket from the named multicast group.
func (c *Conn) LeaveGroup(ctx context.Context, family, group string) error {
	id, err := c.group(ctx, family, group)
	if err != nil {
		return err
	}
	return c.sock().LeaveGroup(id)
}

// Policy dumps how family validates its attributes (CTRL_CMD_GETPOLICY):
// which policy each command's requests go through, and every attribute of
// every policy. Families without policies give an error.
//
// The kernel (6.18 still) files the policies of a command that has only a
// dump handler under command 0, having taken the number from the missing
// do handler; CommandPolicy asks about one command and has no such doubt.
func (c *Conn) Policy(ctx context.Context, family string) (*FamilyPolicy, error) {
	return c.policy(ctx, family, 0)
}

// CommandPolicy is Policy for the one command cmd of family: its entry in
// Ops and the policies it uses.
func (c *Conn) CommandPolicy(ctx context.Context, family string, cmd uint8) (*FamilyPolicy, error) {
	return c.policy(ctx, family, cmd)
}

func (c *Conn) policy(ctx context.Context, family string, cmd uint8) (*FamilyPolicy, error) {
	req := &PolicyMessage{Header: Header{Command: CtrlCmdGetPolicy, Version: CtrlVersion}, FamilyName: family, Op: uint32(cmd)}
	ms, err := Dump[PolicyMessage](ctx, c, CtrlName, req)
	if err != nil {
		var re *RequestError
		if errors.As(err, &re) {
			err = re.Err // the controller's command adds nothing to "policy of"
		}
		return nil, operr.Wrap(fmt.Sprintf("genl: policy of %q", family), err)
	}
	fp := &FamilyPolicy{Ops: map[uint8]OpPolicy{}, Attrs: map[uint32]map[uint16]AttrPolicy{}}
	for _, m := range ms {
		if cmd != 0 {
			// Only cmd's policy comes back, whatever the kernel keys it by.
			for i := range m.OpPolicy {
				m.OpPolicy[i].Command = cmd
			}
		}
		fp.add(m)
	}
	return fp, nil
}

// id returns the message type of family.
func (c *Conn) id(ctx context.Context, family string) (netlink.MsgType, error) {
	if family == CtrlName {
		return CtrlID, nil
	}
	f, err := c.Family(ctx, family)
	if err != nil {
		return 0, err
	}
	return netlink.MsgType(f.ID), nil
}

// Execute sends req, a message struct of family's (see Header), with the
// given flags, and returns the replies undecoded, as conn.Conn.Execute does:
// netlink.Dump makes it a dump, netlink.Acknowledge waits for an ACK.
func (c *Conn) Execute(ctx context.Context, family string, flags netlink.Flags, req any) ([]netlink.RawMessage, error) {
	typ, err := c.id(ctx, family)
	if err != nil {
		return nil, err
	}
	ms, err := c.sock().Execute(ctx, netlink.Message{Header: netlink.Header{Type: typ, Flags: flags}, Body: req})
	return ms, requestError(family, req, err)
}

// Stream is Execute as an iterator, as conn.Conn.Stream is: each reply's
// Data is valid only until the loop body returns.
func (c *Conn) Stream(ctx context.Context, family string, flags netlink.Flags, req any) iter.Seq2[netlink.RawMessage, error] {
	return func(yield func(netlink.RawMessage, error) bool) {
		typ, err := c.id(ctx, family)
		if err != nil {
			yield(netlink.RawMessage{}, err)
			return
		}
		for m, err := range c.sock().Stream(ctx, netlink.Message{Header: netlink.Header{Type: typ, Flags: flags}, Body: req}) {
			if !yield(m, requestError(family, req, err)) {
				return
			}
		}
	}
}

// Do sends req to family and decodes its one reply into a new R, the
// family's message struct for the reply: a typed request and response.
//
//	info, err := genl.Do[ethtool.LinkInfo](ctx, c, "ethtool", req)
func Do[R any](ctx context.Context, c *Conn, family string, req any) (*R, error) {
	ms, err := c.Execute(ctx, family, 0, req)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("genl: %s: no reply", family)
	}
	r := new(R)
	if err := nltag.Unmarshal(ms[0].Data, r); err != nil {
		return nil, fmt.Errorf("genl: %s reply: %w", family, err)
	}
	return r, nil
}

// Dump sends req to family as a dump and decodes every reply into an R.
// The replies are decoded as they arrive, so the raw dump is never held
// whole. An interrupted dump returns what arrived with an error matching
// conn.ErrDumpInterrupted.
func Dump[R any](ctx context.Context, c *Conn, family string, req any) ([]*R, error) {
	var out []*R
	for m, err := range c.Stream(ctx, family, netlink.Dump, req) {
		if err != nil {
			return out, err
		}
		r := new(R)
		if err := nltag.Unmarshal(m.Data, r); err != nil {
			// Stop reading: the Conn discards the rest of the dump.
			return out, fmt.Errorf("genl: %s reply: %w", family, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Receive waits for the next datagram of events (see JoinGroup) and decodes
// its messages: those of the controller, and those of the families of
// tables that the Conn has resolved, through their tables. Messages of
// other families decode to nltag.Raw.
func (c *Conn) Receive(tables ...*Table) ([]netlink.Message, error) {
	raws, err := c.sock().Receive()
	if err != nil && len(raws) == 0 {
		return nil, err
	}
	byID := map[netlink.MsgType]*Table{CtrlID: Controller}
	c.mu.Lock()
	for _, t := range tables {
		if f := c.families[t.Family()]; f != nil {
			byID[netlink.MsgType(f.ID)] = t
		}
	}
	c.mu.Unlock()
	out := make([]netlink.Message, 0, len(raws))
	for _, r := range raws {
		t := byID[r.Header.Type]
		if t == nil {
			t = unknownFamily
		}
		m, derr := t.Decode(r)
		if derr != nil {
			return out, derr
		}
		out = append(out, m)
	}
	return out, err
}

// unknownFamily decodes standard messages, and others as nltag.Raw.
var unknownFamily = NewTable("unknown", 0)
