package golden

import (
	"fmt"
	"strings"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Messages is the Codec of a buffer of netlink messages (one or more
// datagrams' worth) decoded through table: each message's header on one
// line, then its body in nltag's text form.
func Messages(table *netlink.Table) Codec {
	return Decoded(table, table.Decode)
}

// Decoded is Messages for a protocol whose bodies a netlink.Table cannot
// choose alone (sock_diag's, chosen by direction and family): decode
// decodes each message, and table names its type.
func Decoded(table *netlink.Table, decode func(netlink.RawMessage) (netlink.Message, error)) Codec {
	return func(b []byte) (string, []byte, error) {
		var sb strings.Builder
		var out []byte
		for raw, err := range netlink.Messages(b) {
			if err != nil {
				return "", nil, err
			}
			m, err := decode(raw)
			if err != nil {
				return "", nil, err
			}
			h := m.Header
			fmt.Fprintf(&sb, "%s flags=%v seq=%d pid=%d\n", table.TypeName(h.Type), h.Flags, h.Seq, h.PID)
			sb.WriteString(nltag.Format(m.Body))
			if out, err = netlink.AppendMessage(out, m); err != nil {
				return "", nil, err
			}
		}
		return sb.String(), out, nil
	}
}
