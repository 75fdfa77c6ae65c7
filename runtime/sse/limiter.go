package sse

import (
	"errors"
	"sync"
)

// Errors of Limiter.Acquire.
var (
	// ErrTooManyConnections means the server-wide cap is reached.
	ErrTooManyConnections = errors.New("sse: too many open event streams on this server")
	// ErrTooManyConnectionsForUser means the user's cap is reached.
	ErrTooManyConnectionsForUser = errors.New("sse: too many open event streams for this user")
)

// Limiter caps open streams, in total and per user. A user is a tenant's
// user: user ids are only unique within a tenant, so the same id in two
// tenants is two users with a cap each. Its zero value is not usable; call
// NewLimiter.
type Limiter struct {
	maxTotal, maxPerUser int

	mu    sync.Mutex
	total int
	users map[user]int // only users with open streams, so it cannot grow without bound
}

// user is a user id within its tenant.
type user struct{ tenant, id string }

// NewLimiter returns a limiter allowing maxTotal streams in all and
// maxPerUser per user. A cap of 0 or less means no cap.
func NewLimiter(maxTotal, maxPerUser int) *Limiter {
	return &Limiter{maxTotal: maxTotal, maxPerUser: maxPerUser, users: make(map[user]int)}
}

// Acquire takes a slot for a stream of user userID of tenant tenantID, or
// reports which cap is reached. release gives the slot back; calling it
// again does nothing. Streams of principals without a user share the
// userID "" of their tenant.
func (l *Limiter) Acquire(tenantID, userID string) (release func(), err error) {
	u := user{tenantID, userID}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.maxTotal > 0 && l.total >= l.maxTotal {
		return nil, ErrTooManyConnections
	}
	if l.maxPerUser > 0 && l.users[u] >= l.maxPerUser {
		return nil, ErrTooManyConnectionsForUser
	}
	l.total++
	l.users[u]++
	var once sync.Once
	return func() { once.Do(func() { l.release(u) }) }, nil
}

func (l *Limiter) release(u user) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	l.users[u]--
	if l.users[u] == 0 {
		delete(l.users, u)
	}
}

// Total returns the number of open streams.
func (l *Limiter) Total() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// User returns the number of open streams of user userID of tenant
// tenantID.
func (l *Limiter) User(tenantID, userID string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.users[user{tenantID, userID}]
}
