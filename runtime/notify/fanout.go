package notify

import (
	"context"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
)

// fanout routes events to in-process subscribers. Delivery never blocks: a
// subscriber whose buffer is full loses the event and is owed one refresh.
//
// The listener queues events (enqueue) and a goroutine of their own
// delivers them (run), so that the events that arrive while one batch is
// delivered go out together as the next: under load, batches grow and
// each costs the subscribers' readers one wake-up (see deliver).
//
// Delivery is the hot path (every event, every subscriber), so it reads a
// snapshot of the subscribers that Subscribe and Close replace rather than
// change: it takes no lock per subscriber, never waits for a subscriber
// coming or going, and reaches only the subscribers of the event's tenant
// through the snapshot's index instead of checking every subscriber's
// tenant. Events travel as shared pointers: one decoded event, whatever
// the number of subscribers. The price is that Subscribe and Close copy the
// index, in time proportional to the subscribers: right for a process's
// few long-lived subscriptions (Forge's server has one, the SSE handler,
// whose streams are indexed there), not for one per request.
type fanout struct {
	buffer int

	// mu serializes changes of subs; deliveries only Load it.
	mu   sync.Mutex
	subs atomic.Pointer[subscribers]
	// sending is held for each delivery and for each channel's close, so
	// that nothing is ever sent on a closed channel. Only run delivers, so
	// it is free but for a Close.
	sending sync.Mutex

	// queue holds the events enqueued since run took the last batch;
	// queued has a value when it is not empty.
	queueMu sync.Mutex
	queue   []*Event
	queued  chan struct{}
}

// maxQueued bounds the events waiting for delivery. Only a delivery
// goroutine starved of CPU for long lets them pile up; past the bound they
// are dropped for one refresh to every subscriber.
const maxQueued = 4096

// subscribers is one immutable snapshot of a fanout's subscribers, indexed
// by what their filters let through.
type subscribers struct {
	// every holds all subscribers: events without a tenant, refreshes
	// included, reach every one.
	every []*subscriber
	// tenant holds, per tenant, the subscribers of that tenant (those of
	// Filter{} are under ""); allTenants those of AllTenants filters.
	tenant     map[string][]*subscriber
	allTenants []*subscriber
}

// subscriber is one subscription's channel and refresh bookkeeping, which
// only deliveries touch (under fanout.sending).
type subscriber struct {
	filter Filter
	// c holds up to buffer events plus one refresh: the extra slot is what
	// lets an overflowing subscriber be told "refresh" without waiting for
	// its reader.
	c chan *Event
	// refreshQueued records that a refresh was sent and may still be unread;
	// sentAfter counts the events sent after it. Because c is FIFO and only
	// the fanout sends on it, the refresh is still in c exactly while
	// len(c) > sentAfter.
	refreshQueued bool
	sentAfter     int
}

// refreshEvent is the one refresh every subscriber receives: events are
// shared and never changed.
var refreshEvent = &Event{Op: OpRefresh}

func newFanout(buffer int) *fanout {
	f := &fanout{buffer: buffer, queued: make(chan struct{}, 1)}
	f.subs.Store(&subscribers{tenant: map[string][]*subscriber{}})
	return f
}

func (f *fanout) subscribe(filter Filter) *Subscription {
	filter.Resources = slices.Clone(filter.Resources) // the caller's slice may change
	s := &subscriber{filter: filter, c: make(chan *Event, f.buffer+1)}
	f.update(func(old *subscribers) *subscribers {
		next := &subscribers{every: append(slices.Clip(old.every), s), tenant: old.tenant, allTenants: old.allTenants}
		if filter.AllTenants {
			next.allTenants = append(slices.Clip(old.allTenants), s)
		} else {
			next.tenant = maps.Clone(old.tenant)
			next.tenant[filter.Tenant] = append(slices.Clip(old.tenant[filter.Tenant]), s)
		}
		return next
	})
	return NewSubscription(s.c, func() {
		f.update(func(old *subscribers) *subscribers {
			next := &subscribers{every: without(old.every, s), tenant: old.tenant, allTenants: old.allTenants}
			if filter.AllTenants {
				next.allTenants = without(old.allTenants, s)
			} else {
				next.tenant = maps.Clone(old.tenant)
				if rest := without(old.tenant[filter.Tenant], s); len(rest) > 0 {
					next.tenant[filter.Tenant] = rest
				} else {
					delete(next.tenant, filter.Tenant)
				}
			}
			return next
		})
		// A delivery that loaded the old snapshot may still hold s; once
		// it is over, none can reach s again.
		f.sending.Lock()
		close(s.c)
		f.sending.Unlock()
	})
}

// update replaces the snapshot with change(snapshot).
func (f *fanout) update(change func(*subscribers) *subscribers) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs.Store(change(f.subs.Load()))
}

// without returns a new slice of subs without s.
func without(subs []*subscriber, s *subscriber) []*subscriber {
	out := make([]*subscriber, 0, len(subs))
	for _, x := range subs {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// enqueue queues e for run to deliver.
func (f *fanout) enqueue(e *Event) {
	f.queueMu.Lock()
	if len(f.queue) >= maxQueued {
		// The refresh stands in for everything queued, for everyone.
		clear(f.queue)
		f.queue = append(f.queue[:0], refreshEvent)
	}
	f.queue = append(f.queue, e)
	f.queueMu.Unlock()
	select {
	case f.queued <- struct{}{}:
	default: // run will see e with the others
	}
}

// run delivers what is enqueued, a batch at a time, until ctx is done.
func (f *fanout) run(ctx context.Context) {
	var spare []*Event
	for {
		select {
		case <-f.queued:
		case <-ctx.Done():
			return
		}
		f.queueMu.Lock()
		batch := f.queue
		f.queue = spare
		f.queueMu.Unlock()
		f.deliver(batch...)
		clear(batch) // delivered events belong to the subscribers now
		spare = batch[:0]
	}
}

// deliver sends events, in order, to every subscriber whose filter
// matches; they must not be changed afterwards. Refresh events (after a
// reconnect, or published by someone) go through the same
// one-pending-refresh rule as overflow refreshes.
//
// It goes subscriber by subscriber, each getting all its events of the
// batch at once: a reader woken by the first finds the others already in
// its buffer, so a batch of n events costs a reader one wake-up, where
// offering event by event would wake it up to n times.
func (f *fanout) deliver(events ...*Event) {
	f.sending.Lock()
	defer f.sending.Unlock()
	subs := f.subs.Load()
	// The tenants of the batch's events, each with its share of the batch:
	// its own events and those for everyone, in order. A batch is a few
	// events of a few tenants, so this is cheap next to the sends.
	var tenantsBuf [4]string
	tenants := tenantsBuf[:0]
	var shared []*Event // events for every subscriber: refreshes and tenantless events
	for _, e := range events {
		if e.Tenant == "" || e.Op == OpRefresh {
			shared = append(shared, e)
		} else if !slices.Contains(tenants, e.Tenant) {
			tenants = append(tenants, e.Tenant)
		}
	}
	for _, t := range tenants {
		share := events // the common case: one tenant's events alone
		if len(tenants) > 1 || len(shared) > 0 {
			share = make([]*Event, 0, len(events))
			for _, e := range events {
				if e.Tenant == t || e.Tenant == "" || e.Op == OpRefresh {
					share = append(share, e)
				}
			}
		}
		for _, s := range subs.tenant[t] {
			f.send(s, share)
		}
	}
	if len(shared) > 0 {
		for _, s := range subs.every {
			if !s.filter.AllTenants && !slices.Contains(tenants, s.filter.Tenant) {
				f.send(s, shared)
			}
		}
	}
	for _, s := range subs.allTenants {
		f.send(s, events)
	}
}

// send offers events to s, whose tenant is known to match.
func (f *fanout) send(s *subscriber, events []*Event) {
	for _, e := range events {
		if e.Op == OpRefresh {
			s.refresh()
			continue
		}
		if len(s.filter.Resources) > 0 && !slices.Contains(s.filter.Resources, e.Resource) {
			continue
		}
		if len(s.c) >= f.buffer {
			// A full buffer drops e; the refresh stands in for it.
			s.refresh()
			continue
		}
		s.c <- e // cannot block: len(s.c) < buffer < cap(s.c)
		s.sentAfter++
	}
}

// refresh queues a refresh unless one is still unread. An unread refresh
// already covers whatever is being dropped now: its reader reloads only
// after reading it, so after this event's write committed.
func (s *subscriber) refresh() {
	if s.refreshQueued && len(s.c) > s.sentAfter {
		return
	}
	// Cannot block: with no refresh in c, every element is an event, and
	// events are only sent while len(c) < buffer, so len(c) <= buffer and
	// the extra slot is free.
	s.c <- refreshEvent
	s.refreshQueued = true
	s.sentAfter = 0
}

// len reports the number of subscribers, for tests.
func (f *fanout) len() int {
	return len(f.subs.Load().every)
}
