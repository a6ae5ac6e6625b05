package ynl

import (
	"os"
	"path/filepath"
	"testing"
)

const specDir = "../../../shared/ynl-specs"

func load(t *testing.T, name string) *Family {
	t.Helper()
	path := filepath.Join(specDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no spec %s", path)
	}
	f, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestKernelSpecs loads every kernel spec and checks numbers against the
// values of the kernel's uAPI headers.
func TestKernelSpecs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(specDir, "*.yaml"))
	if len(files) == 0 {
		t.Skipf("no specs in %s", specDir)
	}
	for _, f := range files {
		switch filepath.Base(f) {
		case "netlink-raw.yaml", "genetlink-legacy.yaml":
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ParseYAML(b); err != nil {
				t.Errorf("schema %s: %v", f, err)
			}
			continue
		}
		if _, err := LoadFile(f); err != nil {
			t.Error(err)
		}
	}

	attr := func(f *Family, set, name string, want int) {
		t.Helper()
		a := f.AttrSet(set).Attr(name)
		if a == nil || a.Value != want {
			t.Errorf("%s %s.%s = %+v, want %d", f.Name, set, name, a, want)
		}
	}
	link := load(t, "rt-link.yaml")
	attr(link, "link-attrs", "ifname", 3)   // IFLA_IFNAME
	attr(link, "link-attrs", "af-spec", 26) // IFLA_AF_SPEC
	attr(link, "link-attrs", "alt-ifname", 53)
	ops := map[string][2]int{}
	for _, op := range link.Operations.List {
		ops[op.Name] = [2]int{op.ReqValue, op.RspValue}
	}
	if ops["getlink"] != [2]int{18, 16} || ops["newlink-ntf"] != [2]int{0, 16} {
		t.Errorf("rt-link ops: %v", ops)
	}

	eth := load(t, "ethtool.yaml")
	ops = map[string][2]int{}
	for _, op := range eth.Operations.List {
		ops[op.Name] = [2]int{op.ReqValue, op.RspValue}
	}
	// ETHTOOL_MSG_LINKINFO_SET = 3 (requests), ETHTOOL_MSG_LINKINFO_NTF = 3 (replies).
	if ops["strset-get"] != [2]int{1, 1} || ops["linkinfo-set"] != [2]int{3, 0} || ops["linkinfo-ntf"] != [2]int{0, 3} {
		t.Errorf("ethtool ops: %v", ops)
	}

	tc := load(t, "tc.yaml")
	vals := tc.Definition("dualpi2-ecn-mask").Values(tc)
	if len(vals) != 3 || vals[0].Value != 1 || vals[2].Value != 3 {
		t.Errorf("dualpi2-ecn-mask: %+v", vals)
	}
	flags := tc.Definition("cls-flags").Values(tc)
	if len(flags) != 5 || flags[1].Value != 2 || flags[4].Value != 16 {
		t.Errorf("cls-flags: %+v", flags)
	}

	ctrl := load(t, "nlctrl.yaml")
	attr(ctrl, "ctrl-attrs", "op-policy", 9) // CTRL_ATTR_OP_POLICY
	nd := load(t, "netdev.yaml")
	if op := nd.Operations.List[0]; op.ReqValue != 1 || op.RspValue != 1 {
		t.Errorf("netdev %s: %d/%d, want 1", op.Name, op.ReqValue, op.RspValue)
	}
}

func TestSubsetInherits(t *testing.T) {
	f, err := Parse([]byte(`
name: x
attribute-sets:
  - name: full
    attributes:
      - { name: a, type: u8 }
`))
	if err == nil {
		t.Fatalf("flow mapping accepted: %+v", f)
	}
	f, err = Parse([]byte(`
name: x
attribute-sets:
  -
    name: full
    attributes:
      - name: a
        type: u8
      - name: b
        type: string
        value: 7
  -
    name: part
    subset-of: full
    attributes:
      - name: b
`))
	if err != nil {
		t.Fatal(err)
	}
	b := f.AttrSet("part").Attr("b")
	if b.Type != "string" || b.Value != 7 {
		t.Errorf("subset attribute b: %+v", b)
	}
	if _, err := Parse([]byte("name: x\nbogus: 1\n")); err == nil {
		t.Error("unknown property accepted")
	}
}
