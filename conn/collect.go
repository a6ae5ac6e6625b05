package conn

import "github.com/nltag/go-netlink/netlink"

// collector gathers Execute's replies. It notes where they are and builds
// the result only at the end, at its exact size: growing a slice of 100k
// messages as they arrive made a dump a quarter slower, in copying and in
// the garbage collector, than building it once.
type collector struct {
	first run   // most replies fit in one datagram: no allocation for them
	more  []run // the runs after the first
	n     int   // replies in all runs
}

// run is a series of consecutive replies in one datagram.
type run struct {
	d          []byte
	start, end int // offsets of the first and just past the last
}

func (col *collector) add(m netlink.RawMessage, d []byte, off int) bool {
	end := off + netlink.Align(m.Len())
	last := &col.first
	if k := len(col.more); k > 0 {
		last = &col.more[k-1]
	}
	switch {
	case col.n == 0:
		col.first = run{d: d, start: off, end: end}
	case &last.d[0] == &d[0] && last.end == off:
		last.end = end
	default:
		col.more = append(col.more, run{d: d, start: off, end: end})
	}
	col.n++
	return true
}

// messages returns the replies gathered.
func (col *collector) messages() []netlink.RawMessage {
	if col.n == 0 {
		return nil
	}
	out := col.first.appendTo(make([]netlink.RawMessage, 0, col.n))
	for _, r := range col.more {
		out = r.appendTo(out)
	}
	return out
}

// appendTo appends the messages of r, which were validated on arrival.
func (r *run) appendTo(out []netlink.RawMessage) []netlink.RawMessage {
	// The last message of a datagram may lack its padding.
	for m, err := range netlink.Messages(r.d[r.start:min(r.end, len(r.d))]) {
		if err != nil {
			break
		}
		out = append(out, m)
	}
	return out
}
