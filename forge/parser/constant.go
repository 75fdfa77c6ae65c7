package parser

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"math"
)

// This file evaluates the arguments of schema calls. Only literals, the
// predeclared true and false, and constants declared in the schema package
// (with the operators Go allows on constants) are accepted: the parser never
// runs user code, so anything else has no value it could know.

// constDecl is one package-level constant, evaluated on first use.
type constDecl struct {
	name  string
	expr  ast.Expr // the value expression, repeated from an earlier spec when omitted
	iota  int64
	state int // 0: not evaluated, 1: being evaluated, 2: done
	value constant.Value
	err   *evalError
}

// evalError is a failed evaluation: where, and why.
type evalError struct {
	pos token.Pos
	msg string
}

// maxShift bounds shift counts and maxIntBits the size of integer
// constants, as go/types does ("constant overflow" past 512 bits). Without
// the bound, a chain of constants that each square the previous one makes a
// 40-line file run forever.
const (
	maxShift   = 512
	maxIntBits = 512
)

// collectConsts records every package-level constant of the files.
func collectConsts(files []*ast.File) map[string]*constDecl {
	consts := map[string]*constDecl{}
	for _, f := range files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			// Within a const block a spec without values repeats the
			// previous spec's expressions, with its own iota.
			var last []ast.Expr
			for i, spec := range gd.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				if len(vs.Values) > 0 {
					last = vs.Values
				}
				for j, name := range vs.Names {
					if name.Name == "_" {
						continue
					}
					var expr ast.Expr
					if j < len(last) {
						expr = last[j]
					}
					consts[name.Name] = &constDecl{name: name.Name, expr: expr, iota: int64(i)}
				}
			}
		}
	}
	return consts
}

// evaluator evaluates constant expressions against the package's constants.
type evaluator struct {
	consts map[string]*constDecl
}

// eval returns the value of expr. iota is the value of iota inside a const
// declaration, or -1 outside one.
func (ev *evaluator) eval(expr ast.Expr, iota int64) (constant.Value, *evalError) {
	v, err := ev.evalUnbounded(expr, iota)
	if err != nil {
		return nil, err
	}
	switch v.Kind() {
	case constant.Int:
		if constant.BitLen(v) > maxIntBits {
			return nil, &evalError{pos: expr.Pos(), msg: fmt.Sprintf("constant overflow: more than %d bits", maxIntBits)}
		}
	case constant.Float:
		// Floats stay within float64's range, so that no later step works
		// on numbers with millions of digits (1e-1000000 is a valid literal).
		f, _ := constant.Float64Val(v)
		if math.IsInf(f, 0) || (f == 0 && constant.Sign(v) != 0) {
			return nil, &evalError{pos: expr.Pos(), msg: "constant out of the range of a float64"}
		}
	}
	return v, nil
}

func (ev *evaluator) evalUnbounded(expr ast.Expr, iota int64) (constant.Value, *evalError) {
	fail := func(format string, args ...any) (constant.Value, *evalError) {
		return nil, &evalError{pos: expr.Pos(), msg: fmt.Sprintf(format, args...)}
	}
	switch e := expr.(type) {
	case *ast.BasicLit:
		if e.Kind == token.IMAG {
			return fail("complex numbers are not supported")
		}
		v := constant.MakeFromLiteral(e.Value, e.Kind, 0)
		if v.Kind() == constant.Unknown {
			return fail("malformed literal %s", e.Value)
		}
		return v, nil
	case *ast.ParenExpr:
		return ev.eval(e.X, iota)
	case *ast.Ident:
		return ev.ident(e, iota)
	case *ast.UnaryExpr:
		x, err := ev.eval(e.X, iota)
		if err != nil {
			return nil, err
		}
		return unary(e, x)
	case *ast.BinaryExpr:
		x, err := ev.eval(e.X, iota)
		if err != nil {
			return nil, err
		}
		y, err := ev.eval(e.Y, iota)
		if err != nil {
			return nil, err
		}
		return binary(e, x, y)
	}
	return fail("argument must be a literal or a constant declared in this package: Forge reads schema files without running them")
}

func (ev *evaluator) ident(e *ast.Ident, iota int64) (constant.Value, *evalError) {
	if c, ok := ev.consts[e.Name]; ok {
		switch c.state {
		case 1:
			return nil, &evalError{pos: e.Pos(), msg: fmt.Sprintf("constant %s refers to itself", e.Name)}
		case 0:
			c.state = 1
			if c.expr == nil {
				c.err = &evalError{pos: e.Pos(), msg: fmt.Sprintf("constant %s has no value", e.Name)}
			} else {
				c.value, c.err = ev.eval(c.expr, c.iota)
			}
			c.state = 2
		}
		return c.value, c.err
	}
	switch e.Name {
	case "true":
		return constant.MakeBool(true), nil
	case "false":
		return constant.MakeBool(false), nil
	case "iota":
		if iota >= 0 {
			return constant.MakeInt64(iota), nil
		}
	}
	return nil, &evalError{pos: e.Pos(), msg: fmt.Sprintf("%s is not a constant declared in this package: Forge reads schema files without running them, so arguments must be literals or such constants", e.Name)}
}

func isNumeric(v constant.Value) bool {
	return v.Kind() == constant.Int || v.Kind() == constant.Float
}

func unary(e *ast.UnaryExpr, x constant.Value) (constant.Value, *evalError) {
	ok := false
	switch e.Op {
	case token.ADD, token.SUB:
		ok = isNumeric(x)
	case token.NOT:
		ok = x.Kind() == constant.Bool
	case token.XOR:
		ok = x.Kind() == constant.Int
	}
	if !ok {
		return nil, &evalError{pos: e.Pos(), msg: fmt.Sprintf("operator %s does not apply to %s", e.Op, x)}
	}
	return constant.UnaryOp(e.Op, x, 0), nil
}

func binary(e *ast.BinaryExpr, x, y constant.Value) (constant.Value, *evalError) {
	fail := func(format string, args ...any) (constant.Value, *evalError) {
		return nil, &evalError{pos: e.OpPos, msg: fmt.Sprintf(format, args...)}
	}
	bothNum := isNumeric(x) && isNumeric(y)
	bothInt := x.Kind() == constant.Int && y.Kind() == constant.Int
	switch e.Op {
	case token.ADD:
		if bothNum || (x.Kind() == constant.String && y.Kind() == constant.String) {
			return constant.BinaryOp(x, token.ADD, y), nil
		}
	case token.SUB, token.MUL:
		if bothNum {
			return constant.BinaryOp(x, e.Op, y), nil
		}
	case token.QUO:
		if bothNum {
			if constant.Sign(y) == 0 {
				return fail("division by zero")
			}
			if bothInt { // Go divides integer constants as integers
				return constant.BinaryOp(x, token.QUO_ASSIGN, y), nil
			}
			return constant.BinaryOp(x, token.QUO, y), nil
		}
	case token.REM:
		if bothInt {
			if constant.Sign(y) == 0 {
				return fail("division by zero")
			}
			return constant.BinaryOp(x, token.REM, y), nil
		}
	case token.AND, token.OR, token.XOR, token.AND_NOT:
		if bothInt {
			return constant.BinaryOp(x, e.Op, y), nil
		}
	case token.SHL, token.SHR:
		xi := constant.ToInt(x)
		s, exact := constant.Uint64Val(constant.ToInt(y))
		if xi.Kind() == constant.Int && exact && s <= maxShift {
			return constant.Shift(xi, e.Op, uint(s)), nil
		}
		if xi.Kind() == constant.Int && constant.ToInt(y).Kind() == constant.Int {
			return fail("shift count must be between 0 and %d", maxShift)
		}
	case token.LAND, token.LOR:
		if x.Kind() == constant.Bool && y.Kind() == constant.Bool {
			return constant.BinaryOp(x, e.Op, y), nil
		}
	case token.EQL, token.NEQ:
		if bothNum || x.Kind() == y.Kind() {
			return constant.MakeBool(constant.Compare(x, e.Op, y)), nil
		}
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		if bothNum || (x.Kind() == constant.String && y.Kind() == constant.String) {
			return constant.MakeBool(constant.Compare(x, e.Op, y)), nil
		}
	}
	return fail("operator %s does not apply to %s and %s", e.Op, x, y)
}
