package notify

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/forge-framework/forge/internal/pgtest"
)

// TestFanoutMatchesFilter checks the fanout's tenant index against
// Filter.Match, the definition of who gets what: random filters, random
// events, every subscriber receives exactly the events its filter
// matches, in order.
func TestFanoutMatchesFilter(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	tenants := []string{"", "a", "b", "c"}
	resources := []string{"Product", "Order", "Country"}
	const events = 200
	f := newFanout(events + 1)
	var filters []Filter
	var subs []*Subscription
	for range 40 {
		flt := Filter{Tenant: tenants[r.IntN(len(tenants))], AllTenants: r.IntN(5) == 0}
		for _, res := range resources {
			if r.IntN(3) == 0 {
				flt.Resources = append(flt.Resources, res)
			}
		}
		filters = append(filters, flt)
		subs = append(subs, f.subscribe(flt))
	}
	var sent []*Event
	for i := range events {
		e := &Event{Resource: resources[r.IntN(len(resources))], Op: OpUpdate, ID: strconv.Itoa(i), Tenant: tenants[r.IntN(len(tenants))]}
		sent = append(sent, e)
		f.deliver(e)
	}
	for i, s := range subs {
		s.Close()
		var got, want []*Event
		for e := range s.C {
			got = append(got, e)
		}
		for _, e := range sent {
			if filters[i].Match(e) {
				want = append(want, e)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("subscriber %d (%+v) got %d events, want %d: %v", i, filters[i], len(got), len(want), got)
		}
	}
}

// TestDropsBecomeRefreshes publishes through a real hub to subscribers of
// several tenants and filters, with a small buffer. Those never read until
// the end get the first events their filter matches and then one refresh
// for all they lost; those that read along get their events in order, and
// a refresh if they lost any (on a busy machine they may fall behind).
func TestDropsBecomeRefreshes(t *testing.T) {
	t.Parallel()
	const buffer = 4
	h := NewPostgresHub(pgtest.Pool(t), HubOptions{Buffer: buffer, Logger: testLogger(t)})
	filters := []Filter{
		{Tenant: "a"}, {Tenant: "b"}, {Tenant: "a", Resources: []string{"Order"}}, {AllTenants: true}, {},
	}
	type sub struct {
		filter Filter
		s      *Subscription
		reads  bool // reads along; the others only at the end
		got    []Event
	}
	var subs []*sub
	for _, reads := range []bool{true, false} {
		for _, flt := range filters {
			s := h.Subscribe(flt)
			defer s.Close()
			subs = append(subs, &sub{filter: flt, s: s, reads: reads})
		}
	}
	// The barrier reaches this subscriber, which gets nothing else: once
	// it has it, every earlier event has been offered to everyone.
	barrier := h.Subscribe(Filter{Tenant: "barrier", Resources: []string{"Barrier"}})
	defer barrier.Close()
	startHub(t, h)
	recvRefresh(t, barrier)
	for _, s := range subs {
		recvRefresh(t, s.s)
	}

	var readers sync.WaitGroup
	stop := make(chan struct{})
	for _, s := range subs {
		if !s.reads {
			continue
		}
		readers.Go(func() {
			for {
				select {
				case e, ok := <-s.s.C:
					if !ok {
						return // the test failed and closed it
					}
					s.got = append(s.got, *e)
				case <-stop:
					return
				}
			}
		})
	}
	var sent []Event
	tenants := []string{"a", "b", ""}
	for i := range 10 * buffer {
		e := Event{Resource: []string{"Product", "Order"}[i%2], Op: OpUpdate, ID: strconv.Itoa(i), Tenant: tenants[i%3]}
		sent = append(sent, e)
		publish(t, h, e)
	}
	publish(t, h, Event{Resource: "Barrier", Op: OpCreate, ID: "end", Tenant: "barrier"})
	collect(t, barrier, "end")
	close(stop)
	readers.Wait()
	for _, s := range subs {
		for len(s.s.C) > 0 {
			s.got = append(s.got, *<-s.s.C)
		}
		// The AllTenants subscribers had the barrier too.
		s.got = slices.DeleteFunc(s.got, func(e Event) bool { return e.Resource == "Barrier" })
	}

	refresh := Event{Op: OpRefresh}
	for i, s := range subs {
		var want []Event
		for _, e := range sent {
			if s.filter.Match(&e) {
				want = append(want, e)
			}
		}
		if len(want) <= buffer {
			t.Fatalf("test setup: subscriber %d (%+v) matches %d events, want more than the buffer of %d", i, s.filter, len(want), buffer)
		}
		if !s.reads {
			if wantGot := append(want[:buffer:buffer], refresh); !slices.Equal(s.got, wantGot) {
				t.Errorf("subscriber %d (%+v) that did not read got %+v, want the first %d events and one refresh %+v",
					i, s.filter, s.got, buffer, wantGot)
			}
			continue
		}
		events := slices.DeleteFunc(slices.Clone(s.got), func(e Event) bool { return e == refresh })
		j := 0
		for _, e := range events {
			for j < len(want) && want[j] != e {
				j++
			}
			if j == len(want) {
				t.Fatalf("subscriber %d (%+v) got %+v, which it should not have, or out of order: %+v", i, s.filter, e, s.got)
			}
			j++
		}
		if len(events) < len(want) && len(events) == len(s.got) {
			t.Errorf("subscriber %d (%+v) lost %d events without a refresh: got %+v", i, s.filter, len(want)-len(events), s.got)
		}
	}
}

// TestUnreadRefreshCoversLaterDrops plays a reader that drains part of a
// full buffer: an event dropped while the refresh queued for an earlier
// drop is still unread gets no second refresh (that one is read after the
// drop, so its reload covers it), and once the refresh was read, the next
// drop queues a new one.
func TestUnreadRefreshCoversLaterDrops(t *testing.T) {
	t.Parallel()
	const buffer = 4
	f := newFanout(buffer)
	s := f.subscribe(Filter{})
	defer s.Close()
	ev := func(i int) *Event { return &Event{Resource: "Product", Op: OpUpdate, ID: strconv.Itoa(i)} }
	read := func(n int) (ids []string) {
		for range n {
			ids = append(ids, (<-s.C).ID)
		}
		return ids
	}
	for i := range 6 {
		f.deliver(ev(i)) // 0-3 fill the buffer; 4 and 5 are dropped for one refresh
	}
	if got, want := read(2), []string{"0", "1"}; !slices.Equal(got, want) {
		t.Fatalf("read %v, want %v", got, want)
	}
	f.deliver(ev(6)) // room again: queued after the refresh
	f.deliver(ev(7)) // full, the refresh still unread: dropped, covered by it
	if got, want := read(4), []string{"2", "3", "", "6"}; !slices.Equal(got, want) {
		t.Fatalf("read %v, want %v (\"\" is the refresh)", got, want)
	}
	for i := 8; i < 8+buffer+1; i++ {
		f.deliver(ev(i)) // 8-11 fill the buffer; 12 is dropped: a new refresh
	}
	if got, want := read(buffer+1), []string{"8", "9", "10", "11", ""}; !slices.Equal(got, want) {
		t.Fatalf("read %v, want %v", got, want)
	}
	if n := len(s.C); n != 0 {
		t.Errorf("%d events left, want none", n)
	}
}

// TestSubscribeAndCloseDuringDelivery subscribes and closes while events
// are being fanned out; run with -race.
func TestSubscribeAndCloseDuringDelivery(t *testing.T) {
	t.Parallel()
	f := newFanout(2)
	stop := make(chan struct{})
	delivered := make(chan struct{})
	go func() {
		defer close(delivered)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
				f.deliver(&Event{Resource: "Product", Op: OpUpdate, ID: "1", Tenant: []string{"a", "b", ""}[i%3]})
			}
		}
	}()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			for range 20 {
				s := f.subscribe(Filter{Tenant: []string{"a", "b", ""}[i%3], AllTenants: i%7 == 0})
				select {
				case <-s.C:
				default:
				}
				s.Close()
			}
		})
	}
	wg.Wait()
	close(stop)
	<-delivered
	if n := f.len(); n != 0 {
		t.Errorf("%d subscribers left after all closed", n)
	}
	if n := len(f.subs.Load().tenant); n != 0 {
		t.Errorf("the tenant index keeps %d tenants after all closed", n)
	}
}
