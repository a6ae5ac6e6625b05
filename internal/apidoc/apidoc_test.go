package apidoc

import (
	"errors"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDocumented fails once for each exported name without a doc comment in
// the module's packages outside internal/: package clauses, types, funcs,
// methods of exported types, and consts and vars (a comment on the group, or
// on the line, counts for each name in it). Tests and build-excluded files
// are not read; nested modules (bench) are left to themselves.
func TestDocumented(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	packages := 0
	err = filepath.WalkDir(root, func(dir string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if dir != root {
			name := d.Name()
			if name == "internal" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		bp, err := build.ImportDir(dir, 0)
		if _, ok := errors.AsType[*build.NoGoError](err); ok {
			return nil
		}
		if err != nil {
			return err
		}
		packages++
		rel, _ := filepath.Rel(root, dir)
		for _, m := range undocumented(t, dir, bp.GoFiles) {
			t.Errorf("%s: %s", filepath.Join(rel, m.pos), m.what)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if packages < 5 {
		t.Fatalf("read %d packages below %s; expected the module's", packages, root)
	}
}

// missing is an exported name without a doc comment.
type missing struct {
	pos  string // file:line
	what string // such as "func Dial" or "method Conn.Close"
}

// undocumented parses the named files of the package in dir and returns
// what TestDocumented reports of it.
func undocumented(t *testing.T, dir string, names []string) []missing {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []missing
	add := func(at token.Pos, what string) {
		pos := fset.Position(at)
		out = append(out, missing{filepath.Base(pos.Filename) + ":" + strconv.Itoa(pos.Line), what})
	}
	if p.Doc == "" {
		add(files[0].Package, "package "+p.Name+" has no package doc comment")
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			if v.Doc != "" {
				continue
			}
			for _, s := range v.Decl.Specs {
				vs := s.(*ast.ValueSpec)
				if vs.Doc != nil || vs.Comment != nil {
					continue
				}
				for _, n := range vs.Names {
					if n.IsExported() {
						add(n.Pos(), v.Decl.Tok.String()+" "+n.Name+" has no doc comment")
					}
				}
			}
		}
	}
	funcs := func(fs []*doc.Func, recv string) {
		for _, f := range fs {
			if f.Doc != "" {
				continue
			}
			if recv != "" {
				add(f.Decl.Pos(), "method "+recv+"."+f.Name+" has no doc comment")
			} else {
				add(f.Decl.Pos(), "func "+f.Name+" has no doc comment")
			}
		}
	}
	values(p.Consts)
	values(p.Vars)
	funcs(p.Funcs, "")
	for _, typ := range p.Types {
		if typ.Doc == "" {
			add(typ.Decl.Pos(), "type "+typ.Name+" has no doc comment")
		}
		values(typ.Consts)
		values(typ.Vars)
		funcs(typ.Funcs, "")
		funcs(typ.Methods, typ.Name)
	}
	return out
}
