// Package spelling finds the known name a misspelt one was meant to be, for
// "did you mean" hints: the parser's for resource names, runtime/config's
// for keys and FORGE_* variables.
//
// It is for short identifiers typed by people; it is not a fuzzy search
// over text, and it does not decide whether a name is wrong (the caller
// knows the valid names).
package spelling

import "strings"

// MaxDistance is the largest edit distance at which Closest still offers a
// name: two edits cover a transposition, or a missing and a doubled letter,
// while three already let unrelated short names match.
const MaxDistance = 2

// maxLen bounds the names compared: real names are short, and the
// comparison is quadratic in their length.
const maxLen = 64

// Closest returns the candidate nearest to name by edit distance (ignoring
// case), when it is at most MaxDistance; of equally near ones, the first in
// byte order. It returns "" when none is near enough, and ignores name
// itself (a name is not a misspelling of itself).
func Closest(name string, candidates []string) string {
	if len(name) > maxLen {
		return ""
	}
	best, bestDist := "", MaxDistance+1
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if c == name || len(c) > maxLen {
			continue
		}
		if d := Distance(lower, strings.ToLower(c)); d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the Levenshtein distance between a and b: the fewest byte
// insertions, deletions and substitutions that turn one into the other.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
