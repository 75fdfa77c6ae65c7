package config

import (
	"fmt"
	"math"
)

// source says where a value came from, for error messages.
type source struct {
	file      string
	line, col int // 0 when unknown; col only for syntax errors
	env       string
}

func (s source) String() string {
	switch {
	case s.env != "":
		return s.env
	case s.file == "" || s.line == 0:
		return s.file
	case s.col == 0:
		return fmt.Sprintf("%s:%d", s.file, s.line)
	}
	return fmt.Sprintf("%s:%d:%d", s.file, s.line, s.col)
}

// problem is one thing wrong with the configuration.
type problem struct {
	at  source // zero for a default or derived value
	key string // "" when msg names it or there is none (a syntax error)
	msg string
}

func (p problem) Error() string {
	where := p.at.String()
	switch {
	case p.at.env != "" || p.key == "": // an environment variable names its key
		return where + ": " + p.msg
	case where == "":
		return p.key + ": " + p.msg
	}
	return where + ": " + p.key + ": " + p.msg
}

// rank orders problems in the file by line, before all others.
func (p problem) rank() int {
	if p.at.line > 0 {
		return p.at.line
	}
	return math.MaxInt
}
