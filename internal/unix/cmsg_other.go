//go:build !linux

package unix

// Cmsghdr is the header of a control message, as linux/amd64 lays it out.
// Without a kernel only a conn.Transport writes control messages, and it
// uses this same layout.
type Cmsghdr struct {
	Len   uint64
	Level int32
	Type  int32
}

// SetLen sets the length field.
func (h *Cmsghdr) SetLen(n int) { h.Len = uint64(n) }

// CmsgLen returns the value for Cmsghdr.Len of a message with n bytes of
// data.
func CmsgLen(n int) int { return 16 + n }

// CmsgSpace returns the room a control message with n bytes of data takes.
func CmsgSpace(n int) int { return 16 + (n+7)&^7 }
