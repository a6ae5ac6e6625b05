package sockdiag

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Cond is a condition on a socket that the kernel checks during a dump
// (InetFilter.Filter), so that the sockets it rejects never cross the
// socket: inet_diag's bytecode, as ss(8) compiles its filter expressions
// ("sport = :22", "dst 10.0.0.0/8"). Build one from SrcPort, DstPort,
// SrcPrefix, DstPrefix, Dev and Mark, combined with And, Or and Not.
type Cond interface {
	// emit appends the condition's code to p: it falls through to the
	// code after it when true and jumps to label onFalse when false.
	emit(p *program, onFalse int)
}

// Op compares a port.
type Op uint8

// Port comparisons; Not gives the others.
const (
	OpEq Op = iota // ==
	OpGE           // >=
	OpLE           // <=
)

// Bytecode operation codes (INET_DIAG_BC_*).
const (
	bcNop      = 0
	bcJmp      = 1
	bcSrcGE    = 2
	bcSrcLE    = 3
	bcDstGE    = 4
	bcDstLE    = 5
	bcSrcCond  = 7
	bcDstCond  = 8
	bcDevCond  = 9
	bcMarkCond = 10
	bcSrcEq    = 11
	bcDstEq    = 12
)

// bcOp is struct inet_diag_bc_op: an operation, and where to go on, in
// bytes from its start, when its condition holds (Yes: the next one) and
// when not (No). A port comparison's port is the No of a second bcOp.
type bcOp struct {
	Code uint8
	Yes  uint8
	No   uint16
}

// hostCond is struct inet_diag_hostcond, followed by the address.
type hostCond struct {
	Family    Family
	PrefixLen uint8
	_         uint16
	Port      int32 // -1: any
}

// devCond is the interface index of INET_DIAG_BC_DEV_COND.
type devCond struct{ Index netlink.IfIndex }

// markCond is struct inet_diag_markcond.
type markCond struct {
	Mark uint32
	Mask uint32
}

type leaf struct {
	code uint8
	arg  any    // the operands after the bcOp, or nil
	addr []byte // a hostCond's address
}

// SrcPort is true when the local port compares to port by op.
func SrcPort(op Op, port uint16) Cond { return portCond(op, port, bcSrcEq, bcSrcGE, bcSrcLE) }

// DstPort is true when the remote port compares to port by op.
func DstPort(op Op, port uint16) Cond { return portCond(op, port, bcDstEq, bcDstGE, bcDstLE) }

func portCond(op Op, port uint16, eq, ge, le uint8) Cond {
	code := [...]uint8{OpEq: eq, OpGE: ge, OpLE: le}
	if int(op) >= len(code) {
		return badCond{fmt.Errorf("unknown port comparison %d", op)}
	}
	return leaf{code: code[op], arg: bcOp{No: port}}
}

// SrcPrefix is true when the local address is in p. An IPv4 prefix also
// matches IPv4-mapped IPv6 addresses, as in the kernel.
func SrcPrefix(p netip.Prefix) Cond { return hostLeaf(bcSrcCond, p) }

// DstPrefix is true when the remote address is in p.
func DstPrefix(p netip.Prefix) Cond { return hostLeaf(bcDstCond, p) }

func hostLeaf(code uint8, p netip.Prefix) Cond {
	if !p.IsValid() {
		return badCond{errors.New("invalid prefix")}
	}
	p = p.Masked()
	fam, a := FamilyIPv6, p.Addr().AsSlice()
	if p.Addr().Is4() {
		fam = FamilyIPv4
	}
	return leaf{code: code, arg: hostCond{Family: fam, PrefixLen: uint8(p.Bits()), Port: -1}, addr: a}
}

// Dev is true for sockets bound to the interface with index ifindex.
func Dev(ifindex netlink.IfIndex) Cond { return leaf{code: bcDevCond, arg: devCond{ifindex}} }

// Mark is true when the socket's mark, masked by mask, is mark. The kernel
// accepts it from callers with CAP_NET_ADMIN only.
func Mark(mark, mask uint32) Cond { return leaf{code: bcMarkCond, arg: markCond{mark, mask}} }

func (l leaf) emit(p *program, onFalse int) {
	size := 4
	var arg []byte
	if l.arg != nil {
		var err error
		if arg, err = nltag.Marshal(l.arg); err != nil {
			p.err = errors.Join(p.err, err)
		}
		arg = append(arg, l.addr...)
		size += len(arg)
	}
	p.op(bcOp{Code: l.code, Yes: uint8(size)}, onFalse, arg)
}

type and []Cond
type or []Cond
type not struct{ c Cond }
type badCond struct{ err error }

// And is true when every one of cs is (and when cs is empty).
func And(cs ...Cond) Cond { return and(cs) }

// Or is true when any one of cs is (never when cs is empty).
func Or(cs ...Cond) Cond { return or(cs) }

// Not is true when c is false.
func Not(c Cond) Cond { return not{c} }

func (a and) emit(p *program, onFalse int) {
	for _, c := range a {
		p.emit(c, onFalse)
	}
}

func (o or) emit(p *program, onFalse int) {
	if len(o) == 0 {
		p.jump(onFalse)
		return
	}
	done := p.label()
	for _, c := range o[:len(o)-1] {
		next := p.label()
		p.emit(c, next) // false: try the next
		p.jump(done)    // true: the Or is
		p.place(next)
	}
	p.emit(o[len(o)-1], onFalse)
	p.place(done)
}

func (n not) emit(p *program, onFalse int) {
	isFalse := p.label()
	p.emit(n.c, isFalse)
	p.jump(onFalse)
	p.place(isFalse)
}

func (b badCond) emit(p *program, _ int) { p.err = errors.Join(p.err, b.err) }

// program is bytecode being built: operations whose No jumps to labels,
// resolved to offsets once every label is placed.
type program struct {
	code   []byte
	fixups []fixup
	labels []int // label → offset; -1 until placed
	err    error
}

type fixup struct{ at, label int }

func (p *program) label() int { p.labels = append(p.labels, -1); return len(p.labels) - 1 }

func (p *program) place(l int) { p.labels[l] = len(p.code) }

// emit appends the code of c, unless the program has already failed: a
// filter that shares a condition many times over is small but compiles to
// code of exponential size, so compiling stops at the first error, the
// size limit's included.
func (p *program) emit(c Cond, onFalse int) {
	switch {
	case p.err != nil:
	case c == nil:
		p.err = errors.New("nil condition")
	default:
		c.emit(p, onFalse)
	}
}

// op appends o, jumping to label onFalse when its condition is false,
// followed by its operands.
func (p *program) op(o bcOp, onFalse int, arg []byte) {
	if len(p.code) > maxBytecode {
		if p.err == nil {
			p.err = fmt.Errorf("more than %d bytes of bytecode", maxBytecode)
		}
		return
	}
	p.fixups = append(p.fixups, fixup{len(p.code), onFalse})
	b, err := nltag.Marshal(&o)
	p.err = errors.Join(p.err, err)
	p.code = append(append(p.code, b...), arg...)
}

// jump appends an unconditional jump to label l.
func (p *program) jump(l int) { p.op(bcOp{Code: bcJmp, Yes: 4}, l, nil) }

// maxBytecode keeps offsets within the 16 bits of bcOp.No.
const maxBytecode = 0xfff0

// Compile returns the bytecode of c, for InetRequest.Bytecode. The kernel
// keeps a socket when the code runs off its end, and drops it when the
// code jumps 4 bytes past the end, where a false condition at the top
// level leads.
func Compile(c Cond) ([]byte, error) {
	p := &program{}
	reject := p.label()
	p.emit(c, reject)
	if p.err != nil {
		return nil, fmt.Errorf("filter: %w", p.err)
	}
	if len(p.code) > maxBytecode {
		return nil, fmt.Errorf("filter: %d bytes of bytecode, more than %d", len(p.code), maxBytecode)
	}
	p.labels[reject] = len(p.code) + 4
	for _, f := range p.fixups {
		// No, the third and fourth bytes of the op, is host-endian:
		// encode the op again with its resolved jump.
		var o bcOp
		if err := nltag.Unmarshal(p.code[f.at:f.at+4], &o); err != nil {
			return nil, err
		}
		o.No = uint16(p.labels[f.label] - f.at)
		b, err := nltag.Marshal(&o)
		if err != nil {
			return nil, err
		}
		copy(p.code[f.at:], b)
	}
	return p.code, nil
}
