package route

import (
	"context"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
)

// RuleList returns the policy routing rules of family, in priority order:
// `ip rule show`. FamilyUnspec lists every family's: both IP families, and
// the multicast routing rules (FamilyIPMR, FamilyIP6MR) of kernels that
// have them. The kernel filters rule dumps by family only.
func (c *Client) RuleList(ctx context.Context, family Family) ([]*Rule, error) {
	rs, err := dump[Rule](ctx, c, unix.RTM_GETRULE, unix.RTM_NEWRULE, &Rule{Family: family}, nil)
	return rs, opError("rule list", err)
}

// RuleOptions describe a rule: what follows `ip rule add`. Zero fields are
// left out.
type RuleOptions struct {
	// Family is FamilyIPv4 or FamilyIPv6; 0 takes the family of Src or
	// Dst, else IPv4.
	Family Family
	// Priority orders the rules; nil lets the kernel choose: one less than
	// the priority of the first rule after the local rule (priority 0), so
	// that the rule comes before every other, whatever their priorities.
	Priority *uint32
	// Src and Dst match the packet's source and destination.
	Src, Dst netip.Prefix
	// Table is the table to look routes up in; 0 is the main table when
	// adding a rule of action ActionToTable (and any, when deleting).
	Table Table
	// Action is what the rule does; 0 is ActionToTable when adding (and
	// any, when deleting).
	Action RuleAction
	// Goto is the priority of the rule an ActionGoto rule jumps to.
	Goto uint32
	// IIF and OIF match the input and output links by name (the kernel
	// matches rules by name, so the links need not exist yet).
	IIF, OIF string
	// FwMark and FwMask match the packet's firewall mark.
	FwMark, FwMask uint32
	// Invert makes the rule match the packets its selectors do not.
	Invert bool
	// Protocol says who adds the rule.
	Protocol Protocol
}

// ruleMessage builds the body of a rule request.
func ruleMessage(o *RuleOptions, del bool) (*Rule, error) {
	if o == nil {
		o = &RuleOptions{}
	}
	for arg, n := range map[string]string{"RuleOptions.IIF": o.IIF, "RuleOptions.OIF": o.OIF} {
		if n != "" {
			if err := checkName(arg, n); err != nil {
				return nil, err
			}
		}
	}
	r := &Rule{
		Family: o.Family, Action: o.Action, Priority: o.Priority, Goto: o.Goto,
		IIFName: o.IIF, OIFName: o.OIF, FwMark: o.FwMark, FwMask: o.FwMask, Protocol: o.Protocol,
	}
	for _, p := range []netip.Prefix{o.Src, o.Dst} {
		if !p.IsValid() {
			continue
		}
		f := familyOf(p.Addr())
		if r.Family != 0 && r.Family != f {
			return nil, argErr("RuleOptions.Dst", "%s and Src are of different families", o.Dst)
		}
		r.Family = f
	}
	if r.Family == 0 {
		r.Family = FamilyIPv4
	}
	if o.Src.IsValid() {
		r.Src, r.SrcLen = o.Src.Addr(), uint8(o.Src.Bits())
	}
	if o.Dst.IsValid() {
		r.Dst, r.DstLen = o.Dst.Addr(), uint8(o.Dst.Bits())
	}
	if o.Invert {
		r.Flags |= RuleInvert
	}
	table := o.Table
	if !del && r.Action == ActionUnspec {
		r.Action = ActionToTable
	}
	if !del && table == 0 && r.Action == ActionToTable {
		table = TableMain
	}
	r.TableID = table
	if table < 256 {
		r.Table = Table8(table)
	}
	return r, nil
}

// RuleAdd adds a rule: `ip rule add`.
func (c *Client) RuleAdd(ctx context.Context, o *RuleOptions) error {
	r, err := ruleMessage(o, false)
	if err != nil {
		return opError("rule add", err)
	}
	return opError("rule add", c.do(ctx, unix.RTM_NEWRULE, netlink.Create|netlink.Excl, r))
}

// RuleDel deletes the first rule that matches o: `ip rule del`. Options
// that select nothing beyond the family (nil included) are refused: every
// rule matches them, and the first is the local table's, at priority 0.
func (c *Client) RuleDel(ctx context.Context, o *RuleOptions) error {
	if o == nil || *o == (RuleOptions{Family: o.Family}) {
		return opError("rule del", argErr("o", "no selector: the kernel would delete the first rule, the local table's"))
	}
	r, err := ruleMessage(o, true)
	if err != nil {
		return opError("rule del", err)
	}
	return opError("rule del", c.do(ctx, unix.RTM_DELRULE, 0, r))
}
