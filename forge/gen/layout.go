package gen

import (
	"bytes"
	"math"
	"text/tabwriter"
)

// layout writes a template's output to out with its columns aligned as
// gofmt aligns them. The templates print gofmt's layout but for the
// alignment, which depends on the lengths of names: where gofmt aligns
// (struct fields and tags, const and var specs, key: value lines it
// judges alike), a template separates the cells with a tab instead of a
// space, and layout pads them with go/printer's own tabwriter settings.
// Indentation is the leading tabs, empty cells that TabIndent keeps as
// tabs; a line without cells (a comment, a blank line) ends the columns
// above it, as in gofmt.
//
// A blank line ends every column, so layout works paragraph by paragraph
// and copies the paragraphs without cells as they are: most of a file,
// which the tabwriter would only copy more slowly.
func layout(out *bytes.Buffer, src []byte) error {
	out.Grow(len(src) + len(src)/16)
	for len(src) > 0 {
		n := len(src)
		if i := bytes.Index(src, []byte("\n\n")); i >= 0 {
			n = i + 2
		}
		para := src[:n]
		src = src[n:]
		if !hasCells(para) {
			out.Write(para)
			continue
		}
		breakKeyValueColumns(para)
		tw := tabwriter.NewWriter(out, 0, 8, 1, ' ', tabwriter.DiscardEmptyColumns|tabwriter.TabIndent)
		if _, err := tw.Write(para); err != nil {
			return err
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// hasCells reports whether some line of text has a tab after its
// indentation: a cell to align.
func hasCells(text []byte) bool {
	for len(text) > 0 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		if bytes.IndexByte(bytes.TrimLeft(line, "\t"), '\t') >= 0 {
			return true
		}
	}
	return false
}

// breakKeyValueColumns ends the column of values, by turning the newline
// before a line into a formfeed (which the tabwriter writes as a newline),
// where gofmt would stop aligning the values of a composite literal's
// key: value lines. go/printer (exprList in nodes.go) aligns the values of
// consecutive single-line elements when both keys are at most 40 bytes
// long; otherwise only when the key's length is within a factor of 2.5 of
// the geometric mean of the keys before it in its section (the lines
// since the last break of alignment or blank line).
//
// A key: value line is, after its indentation, a cell ending in ":": the
// key, then a tab. Consecutive ones at one indentation are one literal's
// elements, as the templates print them.
func breakKeyValueColumns(para []byte) {
	const smallSize, ratio = 40, 2.5
	var (
		indent   = -1 // of the current run of key: value lines
		prevSize int
		lnsum    float64
		count    int
		prevEnd  = -1 // offset of the newline ending the previous line
	)
	for start := 0; start < len(para); {
		end := bytes.IndexByte(para[start:], '\n')
		if end < 0 {
			end = len(para)
		} else {
			end += start
		}
		line := para[start:end]
		body := bytes.TrimLeft(line, "\t")
		depth := len(line) - len(body)
		size := -1
		if tab := bytes.IndexByte(body, '\t'); tab > 0 && body[tab-1] == ':' {
			size = tab - 1
		}
		switch {
		case size < 0:
			indent, count, lnsum = -1, 0, 0
		case depth != indent: // the first element of a literal
			indent, count, lnsum = depth, 0, 0
		default:
			useFF := true
			if count == 0 || prevSize <= smallSize && size <= smallSize {
				useFF = false
			} else {
				r := float64(size) / math.Exp(lnsum/float64(count))
				useFF = ratio*r <= 1 || ratio <= r
			}
			if useFF { // a new section: go/printer starts the mean again
				para[prevEnd] = '\f'
				count, lnsum = 0, 0
			}
		}
		if size >= 0 {
			if size > 0 {
				lnsum += math.Log(float64(size))
				count++
			}
			prevSize = size
		}
		prevEnd = end
		start = end + 1
	}
}
