package clients

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

// TestKindsListsEveryConstant reads errors.go so that a new ErrorKind
// constant left out of Kinds() (and so missing from the metrics preset) fails.
func TestKindsListsEveryConstant(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "ErrorKind" {
				for _, n := range vs.Names {
					declared = append(declared, n.Name)
				}
			}
		}
	}
	if len(declared) == 0 {
		t.Fatal("no ErrorKind constants found in errors.go")
	}
	listed := map[ErrorKind]bool{}
	for _, k := range Kinds() {
		if listed[k] {
			t.Errorf("Kinds() lists %q twice", k)
		}
		listed[k] = true
	}
	if len(listed) != len(declared) {
		t.Errorf("Kinds() has %d kinds, errors.go declares %d: %v", len(listed), len(declared), declared)
	}
	if !slices.Contains(Kinds(), KindPermission) {
		t.Error("Kinds() lacks KindPermission")
	}
}
