package report

import (
	"context"

	"example.com/hello/app/gen/actions"
	"example.com/hello/app/gen/db"
)

// Open counts the open tasks.
func Open(ctx context.Context, a *actions.Actions) ([]db.Task, error) {
	return nil, nil
}
