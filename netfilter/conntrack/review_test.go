package conntrack_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/nltag/go-netlink/netfilter/conntrack"
)

// TestDeleteWithEmptyTupleDeletesNothing: Delete refuses a query without a
// tuple because the kernel would take it for a flush; an empty tuple
// (&Tuple{}, or one whose addresses are unset) must not get past that
// check and flush the table either.
func TestDeleteWithEmptyTupleDeletesNothing(t *testing.T) {
	_, c := dialNS(t)
	ctx := context.Background()
	for i := range uint16(3) {
		if err := c.Create(ctx, tcpEntry(1000+i, 0)); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []*conntrack.Entry{
		{Orig: &conntrack.Tuple{}},
		{Reply: &conntrack.Tuple{}},
		{Orig: &conntrack.Tuple{}, Reply: &conntrack.Tuple{}},
	} {
		err := c.Delete(ctx, q)
		es, lerr := c.List(ctx, nil)
		if lerr != nil {
			t.Fatal(lerr)
		}
		if len(es) != 3 {
			t.Fatalf("Delete(%s) = %v left %d of 3 entries", describe(q), err, len(es))
		}
		if err == nil {
			t.Errorf("Delete(%s) succeeded", describe(q))
		}
	}
}

func describe(q *conntrack.Entry) string {
	return fmt.Sprintf("Orig %v Reply %v", q.Orig != nil, q.Reply != nil)
}

// TestNilArgumentsAreErrors: a nil entry or context gives an error and
// sends nothing, instead of a panic (Delete already refuses a query
// without a tuple; a nil query has none).
func TestNilArgumentsAreErrors(t *testing.T) {
	c, f := fakeClient(t)
	ctx := context.Background()
	var nilctx context.Context
	for name, call := range map[string]func() error{
		"Delete(nil)": func() error { return c.Delete(ctx, nil) },
		"Get(nil)":    func() error { _, err := c.Get(ctx, nil); return err },
		"Create(nil)": func() error { return c.Create(ctx, nil) },
		"Update(nil)": func() error { return c.Update(ctx, nil) },
		"Monitor(nil)": func() error {
			m, err := c.Monitor(nilctx)
			if m != nil {
				m.Close()
			}
			return err
		},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panicked: %v", name, r)
				}
			}()
			if err := call(); err == nil {
				t.Errorf("%s succeeded", name)
			}
		}()
	}
	if n := len(f.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestFlushHonoursEveryFilterField: Flush removes only the entries the
// Filter selects, for each of its fields; a field the kernel ignored in a
// flush would remove every entry.
func TestFlushHonoursEveryFilterField(t *testing.T) {
	zone := uint16(7)
	status := conntrack.StatusSeenReply | conntrack.StatusAssured | conntrack.StatusConfirmed
	for name, f := range map[string]*conntrack.Filter{
		"Zone":   {Zone: &zone},
		"Mark":   {Mark: new(uint32(1))},
		"Status": {Status: new(conntrack.StatusAssured), StatusMask: conntrack.StatusAssured},
	} {
		t.Run(name, func(t *testing.T) {
			_, c := dialNS(t)
			ctx := context.Background()
			// Entry 1000 matches every filter; 1001 matches none.
			match := tcpEntry(1000, 1)
			match.Zone = &zone
			other := tcpEntry(1001, 0)
			*other.Status = status &^ conntrack.StatusAssured
			for _, e := range []*conntrack.Entry{match, other} {
				if err := c.Create(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.Flush(ctx, f); err != nil {
				t.Fatal(err)
			}
			left, err := c.List(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := sports(left); len(got) != 1 || got[0] != 1001 {
				t.Errorf("Flush(%s) left %v, want [1001]", name, got)
			}
		})
	}
}
