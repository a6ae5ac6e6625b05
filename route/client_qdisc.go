package route

import (
	"context"

	"github.com/nltag/go-netlink/internal/unix"
)

// QdiscList returns the queueing disciplines of link dev, or of every link
// when dev is the zero LinkRef: `tc qdisc show`. Qdisc dumps ignore the
// header's link, so the filtering happens here.
func (c *Client) QdiscList(ctx context.Context, dev LinkRef) ([]*Tc, error) {
	i, err := c.optIndex(ctx, "dev", dev)
	if err != nil {
		return nil, opError("qdisc list", err)
	}
	var keep func(*Tc) bool
	if i != 0 {
		keep = func(t *Tc) bool { return t.Index == i }
	}
	qs, err := dump[Tc](ctx, c, unix.RTM_GETQDISC, unix.RTM_NEWQDISC, &Tc{}, keep)
	return qs, opError("qdisc list", err)
}
