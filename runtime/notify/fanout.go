package notify

import (
	"maps"
	"slices"
	"sync"
	"sync/atomic"
)

// fanout routes events to in-process subscribers. Delivery never blocks: a
// subscriber whose buffer is full loses the event and is owed one refresh.
//
// Delivery is the hot path (every event, every subscriber), so it reads a
// snapshot of the subscribers that Subscribe and Close replace rather than
// change: it takes no lock per subscriber, never waits for a subscriber
// coming or going, and reaches only the subscribers of the event's tenant
// through the snapshot's index instead of checking every subscriber's
// tenant. Events travel as shared pointers: one decoded event, whatever
// the number of subscribers.
type fanout struct {
	buffer int

	// mu serializes changes of subs; deliveries only Load it.
	mu   sync.Mutex
	subs atomic.Pointer[subscribers]
	// sending is held for each delivery and for each channel's close, so
	// that nothing is ever sent on a closed channel. Only the hub's one
	// listener delivers, so it is free but for a Close.
	sending sync.Mutex
}

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
	f := &fanout{buffer: buffer}
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

// deliver sends e to every subscriber whose filter matches; e must not be
// changed afterwards. Refresh events (after a reconnect, or published by
// someone) go through the same one-pending-refresh rule as overflow
// refreshes.
func (f *fanout) deliver(e *Event) {
	f.sending.Lock()
	defer f.sending.Unlock()
	subs := f.subs.Load()
	if e.Op == OpRefresh {
		for _, s := range subs.every {
			s.refresh()
		}
		return
	}
	if e.Tenant == "" {
		f.send(subs.every, e)
		return
	}
	f.send(subs.tenant[e.Tenant], e)
	f.send(subs.allTenants, e)
}

// send offers e to subs, whose tenant is known to match.
func (f *fanout) send(subs []*subscriber, e *Event) {
	for _, s := range subs {
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
