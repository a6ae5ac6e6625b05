package unix

import "golang.org/x/sys/unix"

// Cmsghdr is the header of a control message.
type Cmsghdr = unix.Cmsghdr

// CmsgLen returns the value for Cmsghdr.Len of a message with n bytes of
// data.
func CmsgLen(n int) int { return unix.CmsgLen(n) }

// CmsgSpace returns the room a control message with n bytes of data takes.
func CmsgSpace(n int) int { return unix.CmsgSpace(n) }
