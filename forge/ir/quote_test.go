package ir

import "testing"

func TestQuoteIdent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"price_cents", "price_cents"},
		{"_private", "_private"},
		{"address_line2", "address_line2"},
		{"orders", "orders"},     // only the word itself is reserved
		{"order_id", "order_id"}, // likewise
		{"type", "type"},         // a non-reserved key word stays bare
		{"order", `"order"`},     // reserved
		{"user", `"user"`},       // reserved
		{"end", `"end"`},         // reserved
		{"check", `"check"`},     // reserved
		{"current_user", `"current_user"`},
		{"Order", `"Order"`},   // upper case would be folded bare
		{"2fa", `"2fa"`},       // a leading digit
		{"naïve", `"naïve"`},   // beyond ASCII
		{"my-col", `"my-col"`}, // punctuation
		{`a"b`, `"a""b"`},      // a quote is doubled
	}
	for _, tt := range tests {
		if got := QuoteIdent(tt.in); got != tt.want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
