// Package jobs holds the app's River workers, one per job kind that the
// schema's hooks enqueue; gen/workers registers them.
//
// forge scaffold writes a worker here for each new kind and never
// overwrites a file: these are yours to edit. A job runs with its tenant in
// its context (runtime/jobs), so tenant-scoped queries work as in requests.
package jobs
