package iproute

import (
	"errors"
	"strings"

	"github.com/nltag/go-netlink/netlink"
)

// ErrorText words an error as iproute2 does: the kernel's extended-ACK
// text when it gave one, else "RTNETLINK answers: " and the errno's
// description, else "Error: " and our own text.
func ErrorText(err error) string {
	var oe *netlink.OpError
	if !errors.As(err, &oe) {
		return "Error: " + err.Error()
	}
	if oe.Msg != "" {
		return "Error: " + strings.TrimSuffix(oe.Msg, ".") + "."
	}
	text := oe.Errno.Error()
	return "RTNETLINK answers: " + strings.ToUpper(text[:1]) + text[1:]
}
