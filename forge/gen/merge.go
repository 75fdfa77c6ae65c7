package gen

import (
	"bytes"
	"fmt"
)

// mergeParts joins the template outputs of one package's parts into one
// file: Header, the package clause, one import block (imports, the union
// of the parts' imports, computed from the model), then each part's
// declarations in order, one blank line apart as gofmt leaves top-level
// declarations. It works on text: each part is already gofmt'ed, and is a
// package clause followed by declarations (a part prints no imports: its
// file's are the union, printed here).
//
// Per-resource templates stay small this way, while the generated packages
// have a fixed set of files whatever the schema holds: Bazel must declare
// a rule's outputs before it runs, so forge_generate can only know file
// names that do not depend on the resources.
func mergeParts(parts [][]byte, imports []importSpec, size int) ([]byte, error) {
	out := bytes.NewBuffer(make([]byte, 0, size+len(Header)+64*len(imports)))
	out.WriteString(Header + "\n")
	var pkg []byte
	for i, src := range parts {
		clause, body, ok := bytes.Cut(src, []byte("\n"))
		if !ok || !bytes.HasPrefix(clause, []byte("package ")) {
			return nil, fmt.Errorf("merge: part %d does not start with a package clause", i)
		}
		switch {
		case pkg == nil:
			pkg = clause
			out.Write(clause)
			out.WriteString("\n")
			writeImports(out, imports)
		case !bytes.Equal(clause, pkg):
			return nil, fmt.Errorf("merge: part %d is %s, not %s", i, clause, pkg)
		}
		body = bytes.Trim(body, "\n")
		if len(body) == 0 {
			continue
		}
		out.WriteString("\n")
		out.Write(body)
		out.WriteString("\n")
	}
	return out.Bytes(), nil
}

// writeImports prints an import block as the "imports" template does.
func writeImports(out *bytes.Buffer, imports []importSpec) {
	if len(imports) == 0 {
		return
	}
	out.WriteString("\nimport (\n")
	for _, im := range imports {
		if im.Path == "" {
			out.WriteString("\n")
			continue
		}
		out.WriteString("\t")
		if im.Name != "" {
			out.WriteString(im.Name + " ")
		}
		out.WriteString(im.QPath + "\n")
	}
	out.WriteString(")\n")
}
