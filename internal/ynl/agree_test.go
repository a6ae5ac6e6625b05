package ynl_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tc "github.com/nltag/go-netlink/examples/nlgen-tc"
	"github.com/nltag/go-netlink/internal/ynl"
	"github.com/nltag/go-netlink/netlink"
)

const specDir = "../../../shared/ynl-specs"

// TestAgreementGenerated checks the checker on code that must agree: the
// package nlgen generated from tc.yaml.
func TestAgreementGenerated(t *testing.T) {
	f, err := ynl.LoadFile(filepath.Join(specDir, "tc.yaml"))
	if os.IsNotExist(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	c := &ynl.Checker{F: f}
	c.CheckOperations(func(_ bool, v int) any { return tc.Messages.New(netlink.MsgType(v)) })
	if c.Checked < 100 {
		t.Fatalf("only %d attributes checked", c.Checked)
	}
	for _, x := range c.Findings {
		if x.Severity == ynl.Disagree {
			t.Error(x)
		}
	}
}

// root says where the hand-written body types of a spec's messages are:
// a package and its message table.
type root struct {
	spec, pkg, table string
	genl             bool
}

var roots = []root{
	{"rt-link.yaml", "route", "Messages", false},
	{"rt-addr.yaml", "route", "Messages", false},
	{"rt-route.yaml", "route", "Messages", false},
	{"rt-neigh.yaml", "route", "Messages", false},
	{"rt-rule.yaml", "route", "Messages", false},
	{"tc.yaml", "route", "Messages", false},
	{"nlctrl.yaml", "genl", "Controller", true},
	{"ethtool.yaml", "genl/ethtool", "Messages", true},
	{"netdev.yaml", "genl/netdev", "Messages", true},
}

const module = "github.com/nltag/go-netlink"

// TestAgreement checks the hand-written route and genl packages against the
// kernel's specs: every attribute number, kind, byte order and nesting that
// both describe must agree. Packages not present (or not building) yet are
// skipped with a message, and so are message types and attributes they do
// not declare; notes (different but compatible modelling, opaque fields)
// are logged.
//
// The packages are linked into a program built for the purpose, through an
// overlay, so that this test compiles whichever of them exist.
func TestAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program: skipped in -short")
	}
	if _, err := os.Stat(specDir); err != nil {
		t.Skip(err)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	modRoot, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var present []root
	for _, r := range roots {
		list := exec.Command(goBin, "list", "-e", "-f", "{{if .Error}}{{.Error}}{{end}}{{range .DepsErrors}}{{.}}{{end}}", "./"+r.pkg)
		list.Dir = modRoot
		out, err := list.CombinedOutput()
		if msg := strings.TrimSpace(string(out)); err != nil || msg != "" {
			t.Logf("skipping %s: package %s is not there or does not build: %s", r.spec, r.pkg, firstLine(msg))
			continue
		}
		present = append(present, r)
	}
	if len(present) == 0 {
		t.Skip("no hand-written package to check")
	}
	src := program(present)
	dir := t.TempDir()
	main := filepath.Join(dir, "main.go")
	if err := os.WriteFile(main, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay, _ := json.Marshal(map[string]any{"Replace": map[string]string{
		filepath.Join(modRoot, "internal", "ynl", "agreecheck", "main.go"): main,
	}})
	ovPath := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ovPath, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	specs, err := filepath.Abs(specDir)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goBin, "run", "-overlay="+ovPath, "./internal/ynl/agreecheck", specs)
	cmd.Dir = modRoot
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("agreement program: %v\n%s", err, stderr.String())
	}
	known := readKnown(t)
	counts := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), "\t", 4)
		for len(fields) < 4 {
			fields = append(fields, "")
		}
		spec, sev, path, msg := fields[0], fields[1], fields[2], fields[3]
		counts[spec+" "+sev]++
		switch sev {
		case "disagree":
			key := knownKey(spec, path, msg)
			if _, ok := known[key]; ok {
				known[key] = true
				t.Logf("%s: known disagreement: %s: %s", spec, path, msg)
			} else {
				t.Errorf("%s: %s: %s\n\tkey for %s: %s", spec, path, msg, knownFile, key)
			}
		case "error":
			t.Errorf("%s: %s", spec, path)
		default:
			t.Logf("%s: %s: %s: %s", spec, sev, path, msg)
		}
	}
	checked := map[string]bool{}
	for _, r := range present {
		checked[r.spec] = true
	}
	for key, seen := range known {
		if spec, _, _ := strings.Cut(key, ": "); checked[spec] && !seen {
			t.Errorf("%s lists a disagreement no longer found; remove it: %s", knownFile, key)
		}
	}
	t.Logf("findings: %v", counts)
}

// knownFile lists the disagreements already reported, one key a line, each
// after a comment saying which side is wrong; the test fails on any other,
// and on listed ones that are gone.
const knownFile = "../../testdata/nlgen/agreement-known.txt"

// knownKey identifies a disagreement by spec, last step of its path and
// message, so that it does not depend on which operation reached it first.
func knownKey(spec, path, msg string) string {
	if i := strings.LastIndex(path, " > "); i >= 0 {
		path = path[i+3:]
	}
	return spec + ": " + path + ": " + msg
}

func readKnown(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(knownFile)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			known[line] = false
		}
	}
	return known
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// program is the source of the checking program for the present roots.
func program(rs []root) string {
	imports := map[string]bool{}
	var body strings.Builder
	for _, r := range rs {
		pkgName := r.pkg[strings.LastIndexByte(r.pkg, '/')+1:]
		imports[module+"/"+r.pkg] = true
		if r.genl {
			imports[module+"/genl"] = true
			fmt.Fprintf(&body, "\tcheck(%q, reflect.TypeFor[genl.Header](), func(reply bool, v int) any {\n", r.spec)
			fmt.Fprintf(&body, "\t\tdir := genl.ToKernel\n\t\tif reply {\n\t\t\tdir = genl.FromKernel\n\t\t}\n")
			fmt.Fprintf(&body, "\t\treturn %s.%s.New(dir, uint8(v))\n\t})\n", pkgName, r.table)
		} else {
			imports[module+"/netlink"] = true
			fmt.Fprintf(&body, "\tcheck(%q, nil, func(_ bool, v int) any { return %s.%s.New(netlink.MsgType(v)) })\n", r.spec, pkgName, r.table)
		}
	}
	var imps strings.Builder
	for p := range imports {
		fmt.Fprintf(&imps, "\t%q\n", p)
	}
	return fmt.Sprintf(`// Command agreecheck prints, one a line, how hand-written body types agree
// with the kernel's specs. It exists only in the overlay of TestAgreement.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/nltag/go-netlink/internal/ynl"
%s)

var dir = os.Args[1]

func check(spec string, skip reflect.Type, lookup ynl.Lookup) {
	f, err := ynl.LoadFile(filepath.Join(dir, spec))
	if err != nil {
		fmt.Printf("%%s\terror\t%%v\n", spec, err)
		return
	}
	c := &ynl.Checker{F: f, SkipHeader: skip}
	c.CheckOperations(lookup)
	for _, x := range c.Findings {
		fmt.Printf("%%s\t%%s\t%%s\t%%s\n", spec, x.Severity, x.Path, x.Msg)
	}
	fmt.Printf("%%s\tchecked\t%%d attributes\n", spec, c.Checked)
}

func main() {
	_ = reflect.TypeOf
%s}
`, imps.String(), body.String())
}
