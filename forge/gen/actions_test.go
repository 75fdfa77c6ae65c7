package gen

import (
	"strings"
	"testing"
)

func TestArticle(t *testing.T) {
	for word, want := range map[string]string{
		"Order": "an", "Product": "a", "Item": "an", "User": "a", "Unit": "a",
		"Update": "an", "Umbrella": "an", "order_placed": "an", "user_created": "a", "": "a",
	} {
		if got := article(word); got != want {
			t.Errorf("article(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestCommentWraps(t *testing.T) {
	text := strings.Repeat("word ", 40) + strings.Repeat("x", 100)
	got := comment(text)
	lines := strings.Split(got, "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "// ") {
			t.Errorf("line %d is not a comment: %q", i, line)
		}
		if len(line) > 80 && strings.Contains(line[3:], " ") {
			t.Errorf("line %d is %d columns: %q", i, len(line), line)
		}
	}
	if strings.Join(strings.Fields(strings.ReplaceAll(got, "//", "")), " ") != strings.Join(strings.Fields(text), " ") {
		t.Errorf("comment changed the words: %q", got)
	}
}
