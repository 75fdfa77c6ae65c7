// Package notify fans out change events (a row created, updated or deleted)
// to subscribers in this process, such as SSE streams.
//
// Writers publish an Event with pg_notify on the Channel inside their
// transaction, so an event exists exactly when its write committed. The
// PostgresHub LISTENs on one shared connection and routes each event to
// the subscribers whose Filter matches. Payloads carry ids, never rows, and
// stay far below Postgres's 8000-byte limit.
//
// Delivery is at most once: a subscriber that falls behind, or a hub that
// lost its connection, gets an Event with Op == OpRefresh, meaning "events
// may have been missed: reload what you show".
//
// What this package is not for: durable messaging or work queues (use River
// jobs, runtime/jobs), or cross-tenant broadcasts of tenant data.
package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
)

// Channel is the Postgres NOTIFY channel Forge apps publish on.
const Channel = "forge_events"

// Ops of events.
const (
	OpCreate = "create"
	OpUpdate = "update"
	OpDelete = "delete"
	// OpRefresh tells a subscriber that events may have been missed.
	OpRefresh = "refresh"
)

// KnownOp reports whether op is one of the ops above. Receivers drop events
// with other ops: an op becomes an SSE event name, so it must be one the
// clients know.
func KnownOp(op string) bool {
	switch op {
	case OpCreate, OpUpdate, OpDelete, OpRefresh:
		return true
	}
	return false
}

// MaxPayload is the largest payload Publish accepts. Postgres refuses
// payloads of 8000 bytes or more; ids are far smaller.
const MaxPayload = 7999

// Event is a change to one row.
type Event struct {
	// Resource is the resource name, as in the schema: "Product".
	Resource string `json:"resource,omitempty"`
	// Op is OpCreate, OpUpdate, OpDelete or OpRefresh.
	Op string `json:"op"`
	// ID is the row's id.
	ID string `json:"id,omitempty"`
	// Tenant is the row's tenant; empty for resources without tenants.
	Tenant string `json:"tenant,omitempty"`
}

// Payload encodes e for pg_notify, checking the size limit.
func Payload(e Event) (string, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return "", fmt.Errorf("notify: encode event: %w", err)
	}
	if len(b) > MaxPayload {
		return "", fmt.Errorf("notify: event payload is %d bytes, over the %d-byte limit", len(b), MaxPayload)
	}
	return string(b), nil
}

// Filter selects the events a subscription receives. Events without a
// tenant (of resources without tenants) go to every subscription; events of
// a tenant go only to subscriptions for that tenant, or for AllTenants.
type Filter struct {
	// Tenant is the tenant whose events are wanted.
	Tenant string
	// AllTenants receives every tenant's events; for internal consumers
	// only, never for a user's stream.
	AllTenants bool
	// Resources limits events to these resource names; empty means all.
	Resources []string
}

// Match reports whether e passes the filter. Refresh events always pass.
func (f Filter) Match(e *Event) bool {
	if e.Op == OpRefresh {
		return true
	}
	if e.Tenant != "" && !f.AllTenants && e.Tenant != f.Tenant {
		return false
	}
	if len(f.Resources) == 0 {
		return true
	}
	for _, r := range f.Resources {
		if r == e.Resource {
			return true
		}
	}
	return false
}

// Hub delivers events to subscribers. PostgresHub is the implementation
// Forge ships; another (Redis, NATS) can replace it behind this interface.
type Hub interface {
	// Start runs the hub until ctx is done. Subscribe and Publish may be
	// called before Start returns.
	Start(ctx context.Context) error
	// Subscribe registers a subscriber. Its channel receives matching
	// events until Close.
	Subscribe(f Filter) *Subscription
	// Publish sends e to every hub's subscribers, in any process, outside
	// a transaction. Writers inside a transaction call pg_notify instead.
	Publish(ctx context.Context, e Event) error
}

// Subscription is one subscriber's stream of events. Events arrive on C
// until Close, which removes the subscription and closes C.
type Subscription struct {
	// C receives the subscription's events. It is closed by Close. An
	// event is shared by every subscriber it reaches: read it, never
	// change it.
	C <-chan *Event

	once  sync.Once
	close func()
}

// NewSubscription returns a subscription reading from c; close is called
// once, by the first Close. Hub implementations use it.
func NewSubscription(c <-chan *Event, close func()) *Subscription {
	return &Subscription{C: c, close: close}
}

// Close ends the subscription. It is safe to call more than once and from
// any goroutine.
func (s *Subscription) Close() {
	s.once.Do(func() {
		if s.close != nil {
			s.close()
		}
	})
}
