package image

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Stamp holds workspace status values, such as those of Bazel's
// stable-status.txt (lines of "KEY value").
type Stamp map[string]string

// ReadStamp reads a workspace status file: one "KEY value" pair a line,
// the value being the rest of the line after the first space. Blank lines
// are skipped.
func ReadStamp(path string) (Stamp, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := Stamp{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		key, value, _ := strings.Cut(line, " ")
		s[key] = value
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return s, nil
}

// Expand replaces each {KEY} in template by the value of KEY. A key the
// stamp does not have is an error naming it, so that a misspelt key fails
// the build instead of publishing a tag such as "{STABLE_VERSON}".
func (s Stamp) Expand(template string) (string, error) {
	var b strings.Builder
	rest := template
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("%q: unclosed '{'", template)
		}
		key := rest[open+1 : open+end]
		value, ok := s[key]
		if !ok {
			return "", fmt.Errorf("%q: stamp key %s not found in the stamp file", template, key)
		}
		b.WriteString(rest[:open])
		b.WriteString(value)
		rest = rest[open+end+1:]
	}
}
