package parser

import (
	"go/token"
	"sort"
	"strings"
)

// Error is one problem in a schema file, at a position.
type Error struct {
	Pos token.Position
	Msg string
}

// Error formats the problem as file:line:col: message.
func (e *Error) Error() string {
	return e.Pos.String() + ": " + e.Msg
}

// ErrorList is every problem found in a schema package, sorted by position.
// Parse returns all of them at once rather than stopping at the first.
type ErrorList []*Error

// Error prints one problem per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sortAndDedupe orders the list by file, line, column and message, and drops
// exact repeats (one bad constant used twice is reported once).
func (l ErrorList) sortAndDedupe() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		switch {
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Column != b.Column:
			return a.Column < b.Column
		}
		return l[i].Msg < l[j].Msg
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Pos == l[i-1].Pos && e.Msg == l[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}
