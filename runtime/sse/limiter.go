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

// Limiter caps open streams, in total and per user. Its zero value is not
// usable; call NewLimiter.
type Limiter struct {
	maxTotal, maxPerUser int

	mu    sync.Mutex
	total int
	users map[string]int // only users with open streams, so it cannot grow without bound
}

// NewLimiter returns a limiter allowing maxTotal streams in all and
// maxPerUser per user. A cap of 0 or less means no cap.
func NewLimiter(maxTotal, maxPerUser int) *Limiter {
	return &Limiter{maxTotal: maxTotal, maxPerUser: maxPerUser, users: make(map[string]int)}
}

// Acquire takes a slot for a stream of userID, or reports which cap is
// reached. release gives the slot back; calling it again does nothing.
// Streams of principals without a user share the userID "".
func (l *Limiter) Acquire(userID string) (release func(), err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.maxTotal > 0 && l.total >= l.maxTotal {
		return nil, ErrTooManyConnections
	}
	if l.maxPerUser > 0 && l.users[userID] >= l.maxPerUser {
		return nil, ErrTooManyConnectionsForUser
	}
	l.total++
	l.users[userID]++
	var once sync.Once
	return func() { once.Do(func() { l.release(userID) }) }, nil
}

func (l *Limiter) release(userID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	l.users[userID]--
	if l.users[userID] == 0 {
		delete(l.users, userID)
	}
}

// Total returns the number of open streams.
func (l *Limiter) Total() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// User returns the number of open streams of userID.
func (l *Limiter) User(userID string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.users[userID]
}
