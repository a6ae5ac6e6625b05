package conn

import (
	"errors"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// locate names, in err's *netlink.OpError, the fields of the request m that
// the kernel's extended ACK points at: the attribute at fault by its Go
// field path, a missing attribute by its name in the set of the nest it is
// missing from. Errors are rare, so the request is encoded again here
// rather than kept.
func locate(err error, m netlink.Message) error {
	if err == nil || m.Body == nil {
		// Apart, so that success costs no allocation: oe escapes.
		return err
	}
	return locateOp(err, m)
}

// locateOp is locate for an error.
func locateOp(err error, m netlink.Message) error {
	var oe *netlink.OpError
	if !errors.As(err, &oe) || (oe.Offset == 0 && oe.MissType == 0) {
		return err
	}
	b, aerr := netlink.AppendMessage(nil, m)
	if aerr != nil || len(b) < netlink.HeaderLen {
		return err
	}
	body := b[netlink.HeaderLen:]
	v := m.Body
	if s, ok := v.(interface{ Source() any }); ok {
		// Bytes encoded earlier (a route.Batch's): walked by the value
		// they were encoded from.
		v = s.Source()
	}
	if oe.Offset != 0 {
		if l := nltag.Locate(v, body, int(oe.Offset)-netlink.HeaderLen); l.Path != "" {
			oe.Field = l.Path + " (" + l.Attr + ")"
		}
	}
	if oe.MissType != 0 {
		off := -1 // missing at the top
		if oe.Ext.MissNest != 0 {
			off = int(oe.Ext.MissNest) - netlink.HeaderLen
		}
		l := nltag.Locate(v, body, off)
		if l.Inner != nil {
			oe.Missing = l.Inner.AttrName(uint16(oe.MissType))
			if l.Path != "" {
				oe.Missing += " in " + l.Path
			}
		}
	}
	return err
}
