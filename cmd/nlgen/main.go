// Command nlgen writes Go source for a netlink family from its YNL spec (a
// YAML file of the kernel's Documentation/netlink/specs): one struct with
// nla tags per attribute set, the spec's fixed structs, enums and flags with
// String methods, sub-message registrations and a table of the family's
// messages, all for the nltag codec.
//
// Usage:
//
//	go run ./cmd/nlgen [-pkg NAME] [-o FILE] SPEC.yaml
//
// Without -o the source goes to standard output. With -o, the file gets a
// //go:generate line that regenerates it from its own directory. Spec
// features that nltag cannot express are listed on standard error; their
// fields keep the payload as bytes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nltag/go-netlink/internal/ynl"
)

func main() {
	pkg := flag.String("pkg", "", "package name (default: the spec's family name)")
	out := flag.String("o", "", "output file (default: standard output)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: nlgen [-pkg NAME] [-o FILE] SPEC.yaml\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *pkg, *out); err != nil {
		fmt.Fprintln(os.Stderr, "nlgen:", err)
		os.Exit(1)
	}
}

func run(spec, pkg, out string) error {
	f, err := ynl.LoadFile(spec)
	if err != nil {
		return err
	}
	if pkg == "" {
		pkg = strings.NewReplacer("-", "", "_", "").Replace(f.Name)
	}
	opt := options{Package: pkg, Source: filepath.Base(spec)}
	if out != "" {
		opt.Generate, err = generateLine(spec, pkg, out)
		if err != nil {
			return err
		}
	}
	res, err := generate(f, opt)
	if err != nil {
		return err
	}
	for _, g := range res.Gaps {
		fmt.Fprintf(os.Stderr, "nlgen: not expressible in nltag: %v\n", g)
	}
	if out == "" {
		_, err = os.Stdout.Write(res.Src)
		return err
	}
	return os.WriteFile(out, res.Src, 0o644)
}

// generateLine is the go:generate command that redoes this run from the
// output file's directory, where go generate runs it.
func generateLine(spec, pkg, out string) (string, error) {
	dir, err := filepath.Abs(filepath.Dir(out))
	if err != nil {
		return "", err
	}
	root := dir
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		root = parent
	}
	rel := func(p string) (string, error) {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		r, err := filepath.Rel(dir, abs)
		return filepath.ToSlash(r), err
	}
	tool, err := rel(filepath.Join(root, "cmd", "nlgen"))
	if err != nil {
		return "", err
	}
	s, err := rel(spec)
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(tool, ".") {
		tool = "./" + tool
	}
	return fmt.Sprintf("go run %s -pkg %s -o %s %s", tool, pkg, filepath.Base(out), s), nil
}
