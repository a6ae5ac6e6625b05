package genl_test

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

func init() {
	nltag.RegisterSet(&nltag.AttrSet{Name: "genl-test", Attrs: map[string]uint16{"T_NAME": 1, "T_COUNT": 2}, NestedFlag: true})
}

type testSet struct {
	genl.Header
	_    nltag.Set `nla:"genl-test"`
	Name string    `nla:"T_NAME,omitempty"`
}

type testNotify struct {
	genl.Header
	_     nltag.Set `nla:"genl-test"`
	Count uint32    `nla:"T_COUNT"`
}

// TestHeaderLayout checks that an embedded Header is written as struct
// genlmsghdr, with the attributes after it.
func TestHeaderLayout(t *testing.T) {
	b, err := nltag.Marshal(&testSet{Header: genl.Header{Command: 7, Version: 3}, Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{7, 3, 0, 0, 6, 0, 1, 0, 'x', 0, 0, 0}
	if !bytes.Equal(b, want) {
		t.Errorf("got % x, want % x", b, want)
	}
	var back testSet
	if err := nltag.Unmarshal(b, &back); err != nil || back.Command != 7 || back.Version != 3 || back.Name != "x" {
		t.Errorf("decoded %+v, %v", back, err)
	}
}

// TestTableDirections registers one command number with a different type
// in each direction and decodes by the NLM_F_REQUEST flag.
func TestTableDirections(t *testing.T) {
	tb := genl.NewTable("test", 1)
	tb.Register(genl.ToKernel, 3, "TEST_SET", testSet{})
	tb.Register(genl.FromKernel, 3, "TEST_NTF", &testNotify{})
	if tb.Family() != "test" || tb.Version() != 1 {
		t.Errorf("table of %s version %d", tb.Family(), tb.Version())
	}

	req, _ := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: 0x20, Flags: netlink.Request},
		Body:   &testSet{Header: genl.Header{Command: 3}, Name: "a"},
	})
	ntf, _ := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: 0x20},
		Body:   &testNotify{Header: genl.Header{Command: 3}, Count: 9},
	})
	unknown, _ := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: 0x20},
		Body:   []byte{99, 1, 0, 0, 4, 0, 1, 0},
	})
	done, _ := netlink.AppendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: netlink.Done, Flags: netlink.Multi},
		Body:   &netlink.DoneMessage{},
	})
	ms, err := tb.DecodeAll(bytes.Join([][]byte{req, ntf, unknown, done}, nil))
	if err != nil || len(ms) != 4 {
		t.Fatalf("DecodeAll: %d, %v", len(ms), err)
	}
	if s, ok := ms[0].Body.(*testSet); !ok || s.Name != "a" {
		t.Errorf("request decoded as %#v", ms[0].Body)
	}
	if n, ok := ms[1].Body.(*testNotify); !ok || n.Count != 9 {
		t.Errorf("notification decoded as %#v", ms[1].Body)
	}
	if r, ok := ms[2].Body.(nltag.Raw); !ok || r[0] != 99 {
		t.Errorf("unknown command decoded as %#v", ms[2].Body)
	}
	if _, ok := ms[3].Body.(*netlink.DoneMessage); !ok {
		t.Errorf("NLMSG_DONE decoded as %#v", ms[3].Body)
	}

	raws, _ := netlink.ParseMessages(bytes.Join([][]byte{req, ntf, unknown, done}, nil))
	var names []string
	for _, r := range raws {
		names = append(names, tb.Name(r))
	}
	if want := []string{"TEST_SET", "TEST_NTF", "test command 99", "NLMSG_DONE"}; !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if c, ok := tb.LookupCommand(genl.FromKernel, "TEST_NTF"); !ok || c != 3 {
		t.Errorf("LookupCommand: %d %v", c, ok)
	}
	if _, ok := tb.LookupCommand(genl.FromKernel, "TEST_SET"); ok {
		t.Error("TEST_SET found among replies")
	}
	if tb.New(genl.ToKernel, 4) != nil {
		t.Error("a body for an unregistered command")
	}
}

// TestTableDecodeErrors reports a malformed body with the command's name.
func TestTableDecodeErrors(t *testing.T) {
	tb := genl.NewTable("test", 1)
	tb.Register(genl.Both, 3, "TEST_SET", testSet{})
	_, err := tb.Decode(netlink.RawMessage{Header: netlink.Header{Type: 0x20}, Data: []byte{3, 1, 0, 0, 9, 0, 1, 0}})
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("TEST_SET")) {
		t.Errorf("got %v", err)
	}
	// A body too short for the generic header decodes raw.
	m, err := tb.Decode(netlink.RawMessage{Header: netlink.Header{Type: 0x20}, Data: []byte{3}})
	if _, ok := m.Body.(nltag.Raw); !ok || err != nil {
		t.Errorf("short body: %#v, %v", m.Body, err)
	}
}

func TestTableRegisterChecksBody(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a body without genl.Header was accepted")
		}
	}()
	genl.NewTable("test", 1).Register(genl.Both, 1, "BAD", struct{ Name string }{})
}

// TestCheck validates the tags of every type of the package.
func TestCheck(t *testing.T) {
	for _, v := range []any{genl.Family{}, genl.PolicyMessage{}, genl.AttrPolicy{}, genl.OpPolicy{}} {
		if err := nltag.Check(v); err != nil {
			t.Error(err)
		}
	}
}

// TestTableConcurrent: "A Table is safe for concurrent use": registering
// while decoding and looking up (run with -race).
func TestTableConcurrent(t *testing.T) {
	type body struct {
		genl.Header
		_    nltag.Set `nla:"nlctrl"`
		Name string    `nla:"CTRL_ATTR_FAMILY_NAME,omitempty"`
		Wire nltag.Wire
	}
	tab := genl.NewTable("acme", 1)
	msg := netlink.RawMessage{Header: netlink.Header{Type: 0x20}, Data: []byte{5, 1, 0, 0}}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				cmd := uint8(i % 16)
				if w%2 == 0 {
					tab.Register(genl.Both, cmd, fmt.Sprintf("CMD_%d", cmd), body{})
					continue
				}
				tab.CommandName(genl.FromKernel, cmd)
				tab.LookupCommand(genl.ToKernel, "CMD_5")
				tab.New(genl.FromKernel, cmd)
				if _, err := tab.Decode(msg); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n, ok := tab.LookupCommand(genl.ToKernel, "CMD_5"); !ok || n != 5 {
		t.Errorf("CMD_5 is %d, %v", n, ok)
	}
}

// TestTableRegisterAgain: "a nil sample registers only the name",
// "Registering again replaces", and a raw body is "a copy of the whole
// body", not an alias of the message's data.
func TestTableRegisterAgain(t *testing.T) {
	tab := genl.NewTable("acme", 1)
	tab.Register(genl.FromKernel, 7, "ACME_OLD", nil)
	data := []byte{7, 1, 0, 0, 8, 0, 1, 0, 1, 2, 3, 4}
	m, err := tab.Decode(netlink.RawMessage{Header: netlink.Header{Type: 0x20}, Data: data})
	raw, ok := m.Body.(nltag.Raw)
	if err != nil || !ok || tab.CommandName(genl.FromKernel, 7) != "ACME_OLD" || tab.New(genl.FromKernel, 7) != nil {
		t.Errorf("name-only command: %#v, %v; name %q", m.Body, err, tab.CommandName(genl.FromKernel, 7))
	}
	data[0], data[8] = 0xff, 0xff
	if ok && (len(raw) != 12 || raw[0] != 7 || raw[8] != 1) {
		t.Errorf("the raw body % x changed with the message's data", []byte(raw))
	}
	tab.Register(genl.FromKernel, 7, "ACME_NEW", &genl.Family{})
	if _, ok := tab.LookupCommand(genl.FromKernel, "ACME_OLD"); ok || tab.CommandName(genl.FromKernel, 7) != "ACME_NEW" {
		t.Errorf("registering again: name %q", tab.CommandName(genl.FromKernel, 7))
	}
	if _, ok := tab.New(genl.FromKernel, 7).(*genl.Family); !ok {
		t.Errorf("registering again: body %T", tab.New(genl.FromKernel, 7))
	}
}
