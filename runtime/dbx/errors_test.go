package dbx_test

import (
	"testing"

	"github.com/forge-framework/forge/runtime/dbx"
)

func TestValidationErrorListsFieldsInOrder(t *testing.T) {
	err := &dbx.ValidationError{Fields: map[string]string{"price": "must be at least 0", "name": "is required"}}
	if got, want := err.Error(), "invalid input: name: is required; price: must be at least 0"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestConflictErrorIsItsMessage(t *testing.T) {
	err := &dbx.ConflictError{Constraint: "products_sku_key", Fields: []string{"sku"}, Message: "sku is taken"}
	if err.Error() != "sku is taken" {
		t.Errorf("Error() = %q", err.Error())
	}
}
