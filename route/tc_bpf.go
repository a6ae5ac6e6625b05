package route

import (
	"fmt"

	"github.com/nltag/go-netlink/nltag"
)

// BPFOptions are the options of the bpf classifier: a classic BPF program
// (Ops) or a loaded eBPF program (FD in requests; Name, Tag and ID in
// dumps).
type BPFOptions struct {
	_       nltag.Set `nla:"tc-bpf"`
	Actions []Action  `nla:"TCA_BPF_ACT,indexed"`
	// Police is a policer, undecoded.
	Police  []byte `nla:"TCA_BPF_POLICE,omitempty"`
	ClassID Handle `nla:"TCA_BPF_CLASSID,omitempty"`
	// OpsLen is the number of classic BPF instructions in Ops (struct
	// sock_filter, 8 bytes each).
	OpsLen uint16  `nla:"TCA_BPF_OPS_LEN,omitempty"`
	Ops    []byte  `nla:"TCA_BPF_OPS,omitempty"`
	FD     *uint32 `nla:"TCA_BPF_FD"`
	Name   string  `nla:"TCA_BPF_NAME,omitempty"`
	// Flags holds TCA_BPF_FLAG_ACT_DIRECT (1): the program's return value
	// is the action. FlagsGen holds TCA_CLS_FLAGS_*.
	Flags    uint32 `nla:"TCA_BPF_FLAGS,omitempty"`
	FlagsGen uint32 `nla:"TCA_BPF_FLAGS_GEN,omitempty"`
	Tag      []byte `nla:"TCA_BPF_TAG,omitempty"`
	ID       uint32 `nla:"TCA_BPF_ID,omitempty"`

	Wire nltag.Wire
}

// TcKind returns "bpf".
func (*BPFOptions) TcKind() string { return "bpf" }

// SockFilter is struct sock_filter, one classic BPF instruction; Ops
// holds them back to back (see MarshalSockFilters).
type SockFilter struct {
	Code uint16
	JT   uint8
	JF   uint8
	K    uint32
}

// MarshalSockFilters returns a classic BPF program as BPFOptions.Ops and
// OpsLen take it.
func MarshalSockFilters(prog []SockFilter) ([]byte, uint16, error) {
	if len(prog) > 1<<16-1 {
		return nil, 0, fmt.Errorf("classic BPF program of %d instructions: at most %d", len(prog), 1<<16-1)
	}
	var b []byte
	for i := range prog {
		var err error
		if b, err = nltag.AppendMarshal(b, &prog[i]); err != nil {
			return nil, 0, err
		}
	}
	return b, uint16(len(prog)), nil
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-bpf", Attrs: map[string]uint16{
	"TCA_BPF_UNSPEC":    0,
	"TCA_BPF_ACT":       1,
	"TCA_BPF_POLICE":    2,
	"TCA_BPF_CLASSID":   3,
	"TCA_BPF_OPS_LEN":   4,
	"TCA_BPF_OPS":       5,
	"TCA_BPF_FD":        6,
	"TCA_BPF_NAME":      7,
	"TCA_BPF_FLAGS":     8,
	"TCA_BPF_FLAGS_GEN": 9,
	"TCA_BPF_TAG":       10,
	"TCA_BPF_ID":        11,
}})

func init() { nltag.RegisterSubMessageOf[BPFOptions]("tc-kind", "bpf") }
