package notify

import "sync"

// fanout routes events to in-process subscribers. Delivery never blocks: a
// subscriber whose buffer is full loses the event and is owed one refresh.
type fanout struct {
	buffer int

	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

// subscriber is one subscription's channel and refresh bookkeeping. Its
// fields are guarded by fanout.mu, which is also held for every send and
// for the close, so a send never races a close.
type subscriber struct {
	filter Filter
	// c holds up to buffer events plus one refresh: the extra slot is what
	// lets an overflowing subscriber be told "refresh" without waiting for
	// its reader.
	c chan Event
	// refreshQueued records that a refresh was sent and may still be unread;
	// sentAfter counts the events sent after it. Because c is FIFO and only
	// the fanout sends on it, the refresh is still in c exactly while
	// len(c) > sentAfter.
	refreshQueued bool
	sentAfter     int
}

func newFanout(buffer int) *fanout {
	return &fanout{buffer: buffer, subs: make(map[*subscriber]struct{})}
}

func (f *fanout) subscribe(filter Filter) *Subscription {
	s := &subscriber{filter: filter, c: make(chan Event, f.buffer+1)}
	f.mu.Lock()
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	return NewSubscription(s.c, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.subs, s)
		close(s.c)
	})
}

// deliver sends e to every subscriber whose filter matches. Refresh events
// (after a reconnect, or published by someone) go through the same
// one-pending-refresh rule as overflow refreshes.
func (f *fanout) deliver(e Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		if !s.filter.Match(e) {
			continue
		}
		if e.Op == OpRefresh || len(s.c) >= f.buffer {
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
	s.c <- Event{Op: OpRefresh}
	s.refreshQueued = true
	s.sentAfter = 0
}

// len reports the number of subscribers, for tests.
func (f *fanout) len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}
