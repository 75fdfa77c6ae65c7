package shopapi

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/actions"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/workers"
	"github.com/forge-framework/forge/runtime/app"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/jobs"
)

// syncBuffer is a bytes.Buffer that River's goroutines and the test can
// share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestScaffoldedWorkersWorkTheJobs runs the scaffolded workers, registered
// by gen/workers, on a started River client: each loads its row, in the
// job's tenant for tenant resources, and a row deleted before its job runs
// is no failure.
func TestScaffoldedWorkersWorkTheJobs(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	w := river.NewWorkers()
	require.NoError(t, workers.Register(w, app.Deps{Pool: s.pool, Logger: logger, River: s.inserter}))
	client, err := jobs.NewClient(s.pool, config.Jobs{Queues: map[string]int{"mail": 1}}, w, quietLogger())
	require.NoError(t, err)
	done, stop := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer stop()
	require.NoError(t, client.Start(context.WithoutCancel(t.Context())))
	t.Cleanup(func() { require.NoError(t, client.Stop(context.Background())) })
	a := actions.New(s.pool, client)

	ctx := as(t.Context(), "acme")
	customer, err := a.CreateCustomer(ctx, db.CustomerCreate{Email: "ann@example.com", Name: "Ann"})
	require.NoError(t, err)
	order, err := a.CreateOrder(ctx, db.OrderCreate{Number: "A-1", CustomerID: customer.ID})
	require.NoError(t, err)
	_, err = a.UpdateOrder(ctx, order.ID, db.OrderUpdate{State: db.Set(db.OrderStatePaid)})
	require.NoError(t, err)
	// A product gone before its job runs.
	_, err = client.Insert(ctx, actions.ProductCreatedArgs{ProductID: uuid.Must(uuid.NewV7())}, nil)
	require.NoError(t, err)

	kinds := map[string]bool{}
	for range 3 {
		select {
		case e := <-done:
			require.Equal(t, rivertype.JobStateCompleted, e.Job.State, "job %s: %v", e.Job.Kind, e.Job.Errors)
			kinds[e.Job.Kind] = true
		case <-time.After(30 * time.Second):
			t.Fatalf("jobs not worked within 30s; worked %v", kinds)
		}
	}
	require.Equal(t, map[string]bool{actions.KindOrderPlaced: true, actions.KindOrderChanged: true, actions.KindProductCreated: true}, kinds)
	require.Contains(t, logs.String(), "msg=order_placed order_id="+order.ID.String(), "the worker read the order in the job's tenant")
	require.Contains(t, logs.String(), "the Product is gone")
}
