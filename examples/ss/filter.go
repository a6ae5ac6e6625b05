package main

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nltag/go-netlink/sockdiag"
)

// parseFilter turns an ss filter expression into a condition the kernel
// checks (sockdiag.Cond). It knows ss's port and address conditions:
//
//	sport|dport OP [:]PORT     OP: = == eq != ne > gt < lt >= ge <= le
//	src|dst ADDR[/BITS]        ADDR: 192.0.2.1, [2001:db8::1] or 2001:db8::1
//
// joined by and (&&, or nothing), or (||) and not (!), in parentheses.
func parseFilter(args []string) (sockdiag.Cond, error) {
	p := &parser{toks: tokens(strings.Join(args, " "))}
	c, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("filter: unexpected %q", p.toks[p.i])
	}
	return c, nil
}

// tokens splits s at spaces and around parentheses.
func tokens(s string) []string {
	s = strings.NewReplacer("(", " ( ", ")", " ) ").Replace(s)
	return strings.Fields(s)
}

type parser struct {
	toks []string
	i    int
}

func (p *parser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *parser) next() string { t := p.peek(); p.i++; return t }

func (p *parser) or() (sockdiag.Cond, error) {
	var cs []sockdiag.Cond
	for {
		c, err := p.and()
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
		switch p.peek() {
		case "or", "||", "|":
			p.next()
			continue
		}
		if len(cs) == 1 {
			return cs[0], nil
		}
		return sockdiag.Or(cs...), nil
	}
}

// and parses conditions joined by and, or by nothing.
func (p *parser) and() (sockdiag.Cond, error) {
	var cs []sockdiag.Cond
	for {
		c, err := p.not()
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
		switch p.peek() {
		case "and", "&&", "&":
			p.next()
			continue
		case "", ")", "or", "||", "|":
			if len(cs) == 1 {
				return cs[0], nil
			}
			return sockdiag.And(cs...), nil
		}
	}
}

func (p *parser) not() (sockdiag.Cond, error) {
	switch p.peek() {
	case "not", "!":
		p.next()
		c, err := p.not()
		if err != nil {
			return nil, err
		}
		return sockdiag.Not(c), nil
	case "(":
		p.next()
		c, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.next() != ")" {
			return nil, fmt.Errorf("filter: missing )")
		}
		return c, nil
	}
	return p.cond()
}

func (p *parser) cond() (sockdiag.Cond, error) {
	switch what := p.next(); what {
	case "sport", "dport":
		op := p.next()
		port, err := strconv.ParseUint(strings.TrimPrefix(p.next(), ":"), 10, 16)
		if err != nil {
			return nil, fmt.Errorf("filter: %s: bad port: %w", what, err)
		}
		mk := sockdiag.SrcPort
		if what == "dport" {
			mk = sockdiag.DstPort
		}
		return portCond(mk, op, uint16(port))
	case "src", "dst":
		if op := p.peek(); op == "=" || op == "==" || op == "eq" {
			p.next()
		}
		pfx, err := parsePrefix(p.next())
		if err != nil {
			return nil, fmt.Errorf("filter: %s: %w", what, err)
		}
		if what == "src" {
			return sockdiag.SrcPrefix(pfx), nil
		}
		return sockdiag.DstPrefix(pfx), nil
	case "":
		return nil, fmt.Errorf("filter: unexpected end")
	default:
		return nil, fmt.Errorf("filter: unknown condition %q", what)
	}
}

// portCond builds the port comparison op from the kernel's three.
func portCond(mk func(sockdiag.Op, uint16) sockdiag.Cond, op string, port uint16) (sockdiag.Cond, error) {
	switch op {
	case "=", "==", "eq":
		return mk(sockdiag.OpEq, port), nil
	case "!=", "ne", "neq":
		return sockdiag.Not(mk(sockdiag.OpEq, port)), nil
	case ">=", "ge", "geq":
		return mk(sockdiag.OpGE, port), nil
	case "<=", "le", "leq":
		return mk(sockdiag.OpLE, port), nil
	case ">", "gt":
		return sockdiag.Not(mk(sockdiag.OpLE, port)), nil
	case "<", "lt":
		return sockdiag.Not(mk(sockdiag.OpGE, port)), nil
	}
	return nil, fmt.Errorf("filter: unknown comparison %q", op)
}

// parsePrefix reads an address with an optional prefix length, IPv6 in
// brackets or not.
func parsePrefix(s string) (netip.Prefix, error) {
	addr, bits, hasBits := strings.Cut(s, "/")
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]"))
	if err != nil {
		return netip.Prefix{}, err
	}
	n := a.BitLen()
	if hasBits {
		if n, err = strconv.Atoi(bits); err != nil {
			return netip.Prefix{}, err
		}
	}
	return a.Prefix(n)
}
