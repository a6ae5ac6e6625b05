package genl_test

import (
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/genl/internal/gentest"
)

// FuzzController feeds arbitrary datagrams to the controller's table.
func FuzzController(f *testing.F) {
	gentest.Fuzz(f, "../testdata/genl/nlctrl", genl.Controller)
}
