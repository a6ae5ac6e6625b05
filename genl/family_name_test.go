package genl_test

import (
	"context"
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/internal/gentest"
	"github.com/nltag/go-netlink/internal/nltest"
)

// TestFamilyNameWithNULActsOnNothing: the kernel reads a family name up
// to its first NUL, so "nlctrl\x00x" would resolve to nlctrl and every
// request meant for "nlctrl\x00x" would go to it. A name the kernel cannot
// hold (a NUL, which the codec refuses to encode) fails, as do an empty
// one and one longer than GENL_NAMSIZ-1 bytes, which the kernel refuses.
func TestFamilyNameWithNULActsOnNothing(t *testing.T) {
	c := gentest.Dial(t, nltest.NewNS(t))
	ctx := context.Background()
	for _, name := range []string{"nlctrl\x00x", "", "0123456789abcdef"} {
		if f, err := c.Family(ctx, name); err == nil {
			t.Errorf("Family(%q) = %s (id %d), want an error", name, f.Name, f.ID)
		}
		if _, err := c.Execute(ctx, name, 0, &genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily, Version: genl.CtrlVersion}, Name: "nlctrl"}); err == nil {
			t.Errorf("Execute to %q succeeded", name)
		}
	}
}
