package sse

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

func TestLimiterCaps(t *testing.T) {
	t.Parallel()
	l := NewLimiter(3, 2)
	r1, err := l.Acquire("acme", "ann")
	if err != nil {
		t.Fatal(err)
	}
	r2, err := l.Acquire("acme", "ann")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Acquire("acme", "ann"); !errors.Is(err, ErrTooManyConnectionsForUser) {
		t.Fatalf("third stream of one user: err = %v, want ErrTooManyConnectionsForUser", err)
	}
	r3, err := l.Acquire("acme", "bob")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Acquire("acme", "cat"); !errors.Is(err, ErrTooManyConnections) {
		t.Fatalf("fourth stream in all: err = %v, want ErrTooManyConnections", err)
	}
	if l.Total() != 3 || l.User("acme", "ann") != 2 || l.User("acme", "bob") != 1 || l.User("acme", "cat") != 0 {
		t.Fatalf("Total = %d, ann = %d, bob = %d, cat = %d; want 3, 2, 1, 0", l.Total(), l.User("acme", "ann"), l.User("acme", "bob"), l.User("acme", "cat"))
	}

	r1()
	r1() // idempotent: must not give back ann's other slot
	if l.Total() != 2 || l.User("acme", "ann") != 1 {
		t.Fatalf("after a double release: Total = %d, ann = %d; want 2, 1", l.Total(), l.User("acme", "ann"))
	}
	r2()
	r3()
	if l.Total() != 0 || len(l.users) != 0 {
		t.Fatalf("after releasing everything: Total = %d, users = %v; want 0 and no entries", l.Total(), l.users)
	}
}

// TestLimiterCapsPerTenantUser gives two tenants a user with the same id:
// each has a cap of its own, so one tenant's user cannot lock the other's
// out.
func TestLimiterCapsPerTenantUser(t *testing.T) {
	t.Parallel()
	l := NewLimiter(10, 2)
	for range 2 {
		if _, err := l.Acquire("acme", "ann"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Acquire("acme", "ann"); !errors.Is(err, ErrTooManyConnectionsForUser) {
		t.Fatalf("third stream of acme's ann: err = %v, want ErrTooManyConnectionsForUser", err)
	}
	for i := range 2 {
		if _, err := l.Acquire("globex", "ann"); err != nil {
			t.Fatalf("stream %d of globex's ann while acme's ann is at the cap: %v", i+1, err)
		}
	}
	if _, err := l.Acquire("", "ann"); err != nil {
		t.Fatalf("stream of a tenantless ann: %v", err)
	}
	if l.User("acme", "ann") != 2 || l.User("globex", "ann") != 2 || l.User("", "ann") != 1 || l.Total() != 5 {
		t.Errorf("acme/ann = %d, globex/ann = %d, /ann = %d, Total = %d; want 2, 2, 1, 5",
			l.User("acme", "ann"), l.User("globex", "ann"), l.User("", "ann"), l.Total())
	}
}

func TestLimiterUncapped(t *testing.T) {
	t.Parallel()
	l := NewLimiter(0, 0)
	for i := range 100 {
		if _, err := l.Acquire("acme", "ann"); err != nil {
			t.Fatalf("stream %d with no caps: %v", i, err)
		}
	}
}

// TestLimiterConcurrency hammers one limiter from many goroutines and
// checks, with high-water marks kept outside the limiter, that no cap is
// ever exceeded and that everything is given back.
//
// Each round every goroutine tries once and keeps what it got until all
// have tried, so the caps are reached by construction rather than by luck
// of scheduling: with more users × per-user cap than the total cap, exactly
// maxTotal streams are granted per round.
func TestLimiterConcurrency(t *testing.T) {
	t.Parallel()
	const (
		maxTotal, maxPerUser = 10, 3
		goroutines           = 64
		rounds               = 200
	)
	users := []string{"ann", "bob", "cat", "dan", "eve", "fay"}
	if len(users)*maxPerUser <= maxTotal {
		t.Fatal("test setup: the per-user caps must add up to more than the total cap")
	}
	l := NewLimiter(maxTotal, maxPerUser)
	var (
		total, totalHigh atomic.Int64
		perUser, perHigh [6]atomic.Int64
	)
	raise := func(high *atomic.Int64, v int64) {
		for {
			h := high.Load()
			if v <= h || high.CompareAndSwap(h, v) {
				return
			}
		}
	}
	for round := range rounds {
		var (
			tried, done sync.WaitGroup
			granted     atomic.Int64
			hold        = make(chan struct{})
		)
		tried.Add(goroutines)
		for g := range goroutines {
			done.Go(func() {
				u := (g + round) % len(users)
				release, err := l.Acquire("acme", users[u])
				if err != nil {
					tried.Done()
					return
				}
				granted.Add(1)
				raise(&totalHigh, total.Add(1))
				raise(&perHigh[u], perUser[u].Add(1))
				tried.Done()
				<-hold
				perUser[u].Add(-1)
				total.Add(-1)
				release()
				release()
			})
		}
		tried.Wait()
		if n := granted.Load(); n != maxTotal {
			t.Errorf("round %d: %d of %d attempts granted at once, want exactly %d", round, n, goroutines, maxTotal)
		}
		close(hold)
		done.Wait()
	}

	if h := totalHigh.Load(); h > maxTotal {
		t.Errorf("%d streams open at once, over the cap of %d", h, maxTotal)
	}
	for u := range users {
		if h := perHigh[u].Load(); h > maxPerUser {
			t.Errorf("user %s had %d streams at once, over the cap of %d", users[u], h, maxPerUser)
		}
		if n := l.User("acme", users[u]); n != 0 {
			t.Errorf("user %s has %d streams after all were released", users[u], n)
		}
	}
	if l.Total() != 0 || len(l.users) != 0 {
		t.Errorf("after all releases: Total = %d, users = %v; want 0 and no entries", l.Total(), l.users)
	}
}

func BenchmarkLimiterAcquireRelease(b *testing.B) {
	// Caps are set (but never reached) so that Acquire checks them.
	b.Run("same-user", func(b *testing.B) {
		l := NewLimiter(1<<30, 1<<30)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				release, err := l.Acquire("acme", "ann")
				if err != nil {
					b.Error(err)
					return
				}
				release()
			}
		})
	})
	b.Run("distinct-users", func(b *testing.B) {
		l := NewLimiter(1<<30, 1<<30)
		var next atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			user := fmt.Sprintf("user-%d", next.Add(1))
			for pb.Next() {
				release, err := l.Acquire("acme", user)
				if err != nil {
					b.Error(err)
					return
				}
				release()
			}
		})
	})
}
