package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/ynl"
)

// specDir holds the kernel's specs, beside the repository (shared/ in the
// workplace); tests that need them skip when it is absent.
const specDir = "../../../shared/ynl-specs"

// familySpecs returns the kernel's spec files that describe families (not
// schemas), and the demonstration specs of testdata/nlgen.
func familySpecs(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(specDir, "*.yaml"))
	if len(files) == 0 {
		t.Skipf("no specs in %s", specDir)
	}
	demos, _ := filepath.Glob(filepath.Join(goldenDir, "*.yaml"))
	files = append(files, demos...)
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "\n$schema:") {
			out = append(out, f)
		}
	}
	return out
}

// TestGeneratedCompiles generates every kernel spec into a scratch module
// that uses this one, builds and vets it, and runs nltag.Check on every
// generated struct, so tag or type mistakes that only show at run time fail
// here too.
func TestGeneratedCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module: skipped in -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	// The scratch module needs what this one requires, plus this one.
	gomod := strings.Replace(string(mod), "module github.com/nltag/go-netlink", "module nlgencheck", 1)
	gomod += fmt.Sprintf("\nrequire github.com/nltag/go-netlink v0.0.0\n\nreplace github.com/nltag/go-netlink => %s\n", root)
	write(t, filepath.Join(dir, "go.mod"), gomod)
	write(t, filepath.Join(dir, "go.sum"), string(sum))

	var imports, checks strings.Builder
	for _, spec := range familySpecs(t) {
		f, err := ynl.LoadFile(spec)
		if err != nil {
			t.Fatal(err)
		}
		pkg := strings.NewReplacer("-", "", "_", "").Replace(f.Name)
		res, err := generate(f, options{Package: pkg, Source: filepath.Base(spec)})
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		write(t, filepath.Join(dir, pkg, pkg+".go"), string(res.Src))
		fmt.Fprintf(&imports, "\t%q\n", "nlgencheck/"+pkg)
		scoped := map[string]bool{}
		for _, typ := range res.Scoped {
			scoped[typ] = true
		}
		for _, typ := range res.Types {
			if scoped[typ] {
				continue // checked inside the types that enclose it
			}
			fmt.Fprintf(&checks, "\tcheck(%q, &%s.%s{})\n", pkg+"."+typ, pkg, typ)
		}
	}
	write(t, filepath.Join(dir, "check", "main.go"), fmt.Sprintf(`package main

import (
	"fmt"
	"os"

	"github.com/nltag/go-netlink/nltag"

%s)

var failed bool

func check(name string, v any) {
	if err := nltag.Check(v); err != nil {
		fmt.Println(name+":", err)
		failed = true
	}
}

func main() {
%s	if failed {
		os.Exit(1)
	}
}
`, imports.String(), checks.String()))

	t.Logf("checking %d generated types", strings.Count(checks.String(), "check("))
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	for _, args := range [][]string{{"vet", "./..."}, {"run", "./check"}} {
		cmd := exec.Command(goBin, args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
