package jobs

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/forge-framework/forge/runtime/auth"
)

// TenantArgs is embedded in the args of a job that acts for a tenant:
//
//	type SendInvoiceArgs struct {
//		jobs.TenantArgs
//		InvoiceID string `json:"invoice_id"`
//	}
//
// Its field encodes as the args' top-level "tenant_id", from which the
// client's middleware puts the tenant in the worker's context.
type TenantArgs struct {
	// TenantID is the tenant the job acts for.
	TenantID string `json:"tenant_id"`
}

// tenantMiddleware runs each job whose args carry a "tenant_id" with that
// tenant as its principal. It reads the encoded args, so it works for every
// args type without knowing it.
type tenantMiddleware struct {
	river.MiddlewareDefaults
}

func (*tenantMiddleware) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	tenant, err := tenantOf(job.EncodedArgs)
	if err != nil {
		return fmt.Errorf("jobs: job %d (%s): %w", job.ID, job.Kind, err)
	}
	if tenant != "" {
		ctx = auth.WithPrincipal(ctx, auth.Principal{TenantID: tenant})
	}
	return doInner(ctx)
}

// tenantOf returns the top-level "tenant_id" of encoded job args; "" when
// there is none (or it is null).
func tenantOf(encodedArgs []byte) (string, error) {
	// A map, not a struct: encoding/json matches struct fields ignoring case,
	// and only the exact key may name the tenant.
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(encodedArgs, &fields); err != nil {
		return "", nil // River decoded the args already: they are JSON, but not an object
	}
	raw, ok := fields["tenant_id"]
	if !ok {
		return "", nil
	}
	var tenant *string
	if err := json.Unmarshal(raw, &tenant); err != nil {
		// Running such a job without its tenant could hide the bug; running
		// it with a guessed one could leak data. Fail it instead.
		return "", fmt.Errorf("tenant_id in args must be a string, got %s", raw)
	}
	if tenant == nil {
		return "", nil
	}
	return *tenant, nil
}
