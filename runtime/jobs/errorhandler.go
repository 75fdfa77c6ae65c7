package jobs

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// errorLogger is River's ErrorHandler: it logs failed and panicking jobs and
// leaves retrying to River's retry policy.
type errorLogger struct {
	logger *slog.Logger
}

// HandleError logs a failed attempt: at warn level while River will retry the
// job, at error level when it was the last attempt.
func (h *errorLogger) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	level := slog.LevelWarn
	if job.Attempt >= job.MaxAttempts {
		level = slog.LevelError
	}
	h.logger.Log(ctx, level, "job failed", append(jobAttrs(job), slog.String("error", err.Error()))...)
	return nil
}

// HandlePanic logs a panic with the worker's stack trace.
func (h *errorLogger) HandlePanic(ctx context.Context, job *rivertype.JobRow, panicVal any, trace string) *river.ErrorHandlerResult {
	h.logger.Log(ctx, slog.LevelError, "job panicked",
		append(jobAttrs(job), slog.String("error", fmt.Sprint(panicVal)), slog.String("stack", trace))...)
	return nil
}

func jobAttrs(job *rivertype.JobRow) []any {
	attrs := []any{
		slog.String("kind", job.Kind),
		slog.Int64("job_id", job.ID),
		slog.Int("attempt", job.Attempt),
		slog.Int("max_attempts", job.MaxAttempts),
		slog.String("queue", job.Queue),
	}
	// The error handler runs outside the middleware, so the tenant is not in
	// ctx; read it from the args as the middleware does.
	if tenant, err := tenantOf(job.EncodedArgs); err == nil && tenant != "" {
		attrs = append(attrs, slog.String("tenant_id", tenant))
	}
	return attrs
}
