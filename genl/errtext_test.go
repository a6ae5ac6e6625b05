package genl_test

import (
	"context"
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/conn/conntest"
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/netlink"
)

// TestErrorsNameEachStepOnce: the controller's refusals read "genl: family
// "x": no such file or directory", with one package prefix, and still
// match the errno.
func TestErrorsNameEachStepOnce(t *testing.T) {
	refuse := func(req netlink.RawMessage) []conntest.Datagram {
		return []conntest.Datagram{conntest.Pack(conntest.Ack(req, unix.ENOENT, ""))}
	}
	nc, err := conn.NewConn(conntest.New(refuse))
	if err != nil {
		t.Fatal(err)
	}
	c := genl.NewConn(nc)
	defer c.Close()
	ctx := context.Background()
	_, err = c.Family(ctx, "nosuch")
	if !errors.Is(err, unix.ENOENT) {
		t.Errorf("Family: %v, want ENOENT", err)
	}
	nltest.OnePrefix(t, "Family", err)
	_, err = c.Policy(ctx, "nosuch")
	nltest.OnePrefix(t, "Policy", err)
	_, err = c.Execute(ctx, "nlctrl", 0, &genl.Family{Header: genl.Header{Command: genl.CtrlCmdGetFamily}})
	nltest.OnePrefix(t, "Execute", err)
	err = c.JoinGroup(ctx, "nosuch", "g")
	nltest.OnePrefix(t, "JoinGroup", err)
}
