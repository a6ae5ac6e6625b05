// Package gentest holds what the tests of genl and its families share: the
// golden-file codec of generic netlink messages, and a recorder that
// captures exchanges with the kernel as golden files.
package gentest

import (
	"fmt"
	"strings"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Codec is the golden.Codec of a buffer of messages of one family, and of
// the standard messages among them: each message's header on one line,
// named by command and direction, then its body in nltag's text form. The
// bytes are encoded back from the decoded messages.
func Codec(t *genl.Table) golden.Codec {
	return func(b []byte) (string, []byte, error) {
		var sb strings.Builder
		var out []byte
		for raw, err := range netlink.Messages(b) {
			if err != nil {
				return "", nil, err
			}
			m, err := t.Decode(raw)
			if err != nil {
				return "", nil, err
			}
			h := m.Header
			fmt.Fprintf(&sb, "%s type=%d flags=%v seq=%d pid=%d\n", t.Name(raw), h.Type, h.Flags, h.Seq, h.PID)
			sb.WriteString(nltag.Format(m.Body))
			if out, err = netlink.AppendMessage(out, m); err != nil {
				return "", nil, err
			}
		}
		return sb.String(), out, nil
	}
}

// Text decodes b through t and returns its text form, or the error.
func Text(t *genl.Table, b []byte) (string, error) {
	s, _, err := Codec(t)(b)
	return s, err
}
