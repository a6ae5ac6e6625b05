package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/ynl"
)

const goldenDir = "../../testdata/nlgen"

// TestGolden generates each small spec of testdata/nlgen and compares the
// source with NAME.go.golden. Run with -update to rewrite them, then review
// the diff.
func TestGolden(t *testing.T) {
	specs, err := filepath.Glob(filepath.Join(goldenDir, "*.yaml"))
	if err != nil || len(specs) == 0 {
		t.Fatalf("no specs in %s", goldenDir)
	}
	for _, spec := range specs {
		name := strings.TrimSuffix(filepath.Base(spec), ".yaml")
		t.Run(name, func(t *testing.T) {
			f, err := ynl.LoadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			res, err := generate(f, options{Package: strings.ReplaceAll(name, "-", ""), Source: filepath.Base(spec)})
			if err != nil {
				t.Fatal(err)
			}
			golden.File(t, filepath.Join(goldenDir, name+".go.golden"), res.Src)
		})
	}
}

// TestGaps checks that features nltag lacks are reported, not dropped.
func TestGaps(t *testing.T) {
	f, err := ynl.LoadFile(filepath.Join(goldenDir, "demo-raw.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := generate(f, options{Package: "demoraw"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range res.Gaps {
		got = append(got, g.Where)
	}
	want := []string{"demo-raw: set widget-attrs, attribute limits"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("gaps (-want +got):\n%s", d)
	}
}

func TestGenerateLine(t *testing.T) {
	got, err := generateLine("../../testdata/nlgen/demo-raw.yaml", "demo", filepath.Join(goldenDir, "x", "demo.go"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "go run ../../../cmd/nlgen -pkg demo -o demo.go ../demo-raw.yaml"; got != want {
		t.Errorf("generateLine = %q, want %q", got, want)
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"ingress-block": "IngressBlock", "mtu": "MTU", "ipv4-addr": "IPv4Addr",
		"fq_codel": "FqCodel", "8021q": "X8021q", "tc-htb-opt": "TcHtbOpt", "hw-offload": "HWOffload",
	} {
		if got := goName(in); got != want {
			t.Errorf("goName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"WidgetState": "widgetState", "MTUNames": "mtuNames", "ID": "id", "X": "x"} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExamplesUpToDate regenerates the example packages and compares them
// with the files in the tree, so that a generator change cannot leave them
// stale: run go generate ./examples/... after changing nlgen.
func TestExamplesUpToDate(t *testing.T) {
	for _, ex := range []struct{ spec, pkg, out string }{
		{filepath.Join(specDir, "tc.yaml"), "tc", "../../examples/nlgen-tc/tc.go"},
	} {
		f, err := ynl.LoadFile(ex.spec)
		if os.IsNotExist(err) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		line, err := generateLine(ex.spec, ex.pkg, ex.out)
		if err != nil {
			t.Fatal(err)
		}
		res, err := generate(f, options{Package: ex.pkg, Source: filepath.Base(ex.spec), Generate: line})
		if err != nil {
			t.Fatal(err)
		}
		have, err := os.ReadFile(ex.out)
		if err != nil {
			t.Fatal(err)
		}
		if string(have) != string(res.Src) {
			t.Errorf("%s is stale: run go generate in its directory", ex.out)
		}
	}
}
