// Package sse serves change events to browsers as server-sent events
// (text/event-stream), one stream per EventSource.
//
// A Handler takes events from a notify.Hub and gives each stream those of
// its principal's tenant, optionally limited to some resources
// (?resources=Product,Order). Every event carries an id; a browser that
// reconnects sends the last one as Last-Event-ID and gets what it missed,
// or a refresh when that is no longer known. A Limiter caps open streams
// per user (of a tenant) and in total.
//
// A stream is bound to what opened it. It ends with an EventReauthenticate
// event when the principal's credentials expire (auth.Principal.ExpiresAt:
// a bearer token's exp plus the leeway), so that a revoked or downgraded
// user does not keep receiving events on an old token, and with an
// EventClose event after Options.MaxLifetime and at shutdown. Events, in
// the order a stream may receive them:
//
//	create, update, delete   a row changed: data is the notify.Event
//	refresh                  events may have been missed: reload what you show
//	close                    the stream ends; reconnect with Last-Event-ID
//	                         (EventSource does so by itself): data says why,
//	                         {"reason":"shutdown"} or {"reason":"max_lifetime"}
//	reauthenticate           the stream ends because its token expired: get a
//	                         fresh token, then reconnect with Last-Event-ID
//	                         (the old token is refused with 401);
//	                         data is {"reason":"token_expired"}
//
// An idle stream costs little memory (issue 11: at most 16 KiB): on
// HTTP/1.1 the handler takes the connection over from net/http (Hijack), so
// neither net/http's goroutine and buffers for the connection nor a timer
// stays behind; one small goroutine per stream waits in a read of the
// connection, which ends it as soon as the client leaves, and is woken
// through the read deadline for events, heartbeats and the stream's end.
// Where the connection cannot be taken over (HTTP/2), the stream runs in
// the request's goroutine instead.
//
// An app wires one hub and one handler, and ends the streams when the
// server shuts down (runtime/server does this from forge.toml's [sse]):
//
//	hub := notify.NewPostgresHub(pool, notify.HubOptions{})
//	go hub.Start(ctx) // runs until ctx is done
//	events := sse.NewHandler(hub, sse.NewLimiter(5000, 10), sse.Options{Heartbeat: 15 * time.Second})
//	mux.Handle("GET /events", events) // behind the authenticator, which sets the principal
//	// Shutdown waits for connections to go idle, which streams never do:
//	// end them as it starts.
//	srv.RegisterOnShutdown(events.Close)
//
// What this package is not for: sending row data (events carry ids; clients
// fetch rows through the API, which checks access), messages from the
// client (use ordinary requests), or guaranteed delivery: a client that
// receives "refresh" must reload what it shows.
package sse

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/forge-framework/forge/runtime/apierror"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/notify"
)

const (
	// writeWait bounds each write to a client. A client that cannot take a
	// few hundred bytes in this time has gone away without closing.
	writeWait = 10 * time.Second
	// closeWait bounds how long Close waits for streams to end.
	closeWait = time.Second
)

// The events that end a stream, besides the notify ops (create, update,
// delete, refresh) that it carries. Neither has an id, so a client's
// Last-Event-ID stays that of the last change it received.
const (
	// EventClose ends a stream at shutdown or after Options.MaxLifetime.
	// The client reconnects with Last-Event-ID, which EventSource does by
	// itself after the retry delay.
	EventClose = "close"
	// EventReauthenticate ends a stream whose principal's credentials have
	// expired. The client gets a fresh token before it reconnects.
	EventReauthenticate = "reauthenticate"
)

// The messages that end a stream, with the reason as their data.
var (
	closeShutdown       = []byte("event: " + EventClose + "\ndata: {\"reason\":\"shutdown\"}\n\n")
	closeMaxLifetime    = []byte("event: " + EventClose + "\ndata: {\"reason\":\"max_lifetime\"}\n\n")
	reauthenticateToken = []byte("event: " + EventReauthenticate + "\ndata: {\"reason\":\"token_expired\"}\n\n")
	ping                = []byte(": ping\n\n")
)

// Options configures a Handler. The zero value is ready to use.
type Options struct {
	// Heartbeat is how long a stream may stay silent before it gets a
	// ": ping" comment, which keeps proxies and load balancers from closing
	// an idle stream. Defaults to 15 seconds.
	Heartbeat time.Duration
	// Retry is the reconnect delay advised to clients in the "retry:"
	// field, and the Retry-After of refused streams. Defaults to 3 seconds.
	Retry time.Duration
	// Replay is how many recent events the handler keeps for clients that
	// reconnect with Last-Event-ID. Defaults to 1024.
	Replay int
	// MaxLifetime bounds how long a stream stays open: it ends with
	// EventClose after a time drawn between 90% and 100% of MaxLifetime,
	// so that the streams opened together (after a deploy) do not all
	// reconnect together. Defaults to 1 hour.
	MaxLifetime time.Duration
	// Logger receives stream errors. Defaults to slog.Default().
	Logger *slog.Logger
}

// Handler serves event streams. Create it with NewHandler; Close it at
// shutdown.
//
// The handler subscribes to the hub once, for all tenants, and numbers the
// events it receives into a ring of the last Options.Replay events, each
// encoded once. Each stream reads that ring from its own cursor through its
// own filter, and is woken only by the events its filter lets through
// (streams are indexed by tenant). So an id names the same event on every
// stream of the handler, which is what Last-Event-ID needs; replay after a
// reconnect and live delivery are the same loop; and a slow stream never
// holds up the others: it falls behind in the ring and, once its cursor
// has been overwritten, gets a refresh. Tenants stay apart because every
// read, replays included, goes through the stream's filter, whose tenant
// is the principal's.
type Handler struct {
	limiter *Limiter
	opts    Options
	retry   []byte // the "retry:" message each stream starts with
	sub     *notify.Subscription
	pumped  chan struct{} // closed when pump returns

	mu   sync.RWMutex
	ring []entry // event id is at ring[id%len(ring)]
	base uint64  // ids given out are base+1 through last
	last uint64

	streamsMu sync.Mutex
	tenants   map[string]map[*stream]struct{} // open streams by their principal's tenant
	open      int                             // streams started and not ended, registered or not
	closed    bool
	closing   chan struct{} // closed by Close: streams say "close" and end
	idle      chan struct{} // closed once Close was called and no stream is open
}

// entry is a numbered event and its SSE message.
type entry struct {
	event *notify.Event
	msg   []byte
}

// NewHandler returns a handler serving the events of hub, with streams
// capped by limiter (required). It subscribes to hub right away so that
// replay covers events from the start; Close ends that subscription.
func NewHandler(hub notify.Hub, limiter *Limiter, opts Options) *Handler {
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = 15 * time.Second
	}
	if opts.Retry <= 0 {
		opts.Retry = 3 * time.Second
	}
	if opts.Replay <= 0 {
		opts.Replay = 1024
	}
	if opts.MaxLifetime <= 0 {
		opts.MaxLifetime = time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	// Ids start at the clock rather than at 1, so that an id from an
	// earlier process (before a deploy) or from another replica falls
	// outside this handler's range and gets a refresh, instead of replaying
	// unrelated events that happen to carry the same numbers.
	base := uint64(time.Now().UnixNano())
	h := &Handler{
		limiter: limiter,
		opts:    opts,
		retry:   fmt.Appendf(nil, "retry: %d\n\n", opts.Retry.Milliseconds()),
		pumped:  make(chan struct{}),
		ring:    make([]entry, opts.Replay),
		base:    base,
		last:    base,
		tenants: make(map[string]map[*stream]struct{}),
		closing: make(chan struct{}),
		idle:    make(chan struct{}),
	}
	h.sub = hub.Subscribe(notify.Filter{AllTenants: true})
	go h.pump()
	return h
}

// pump numbers the hub's events into the ring and wakes the streams they
// are for.
func (h *Handler) pump() {
	defer close(h.pumped)
	for e := range h.sub.C {
		if !notify.KnownOp(e.Op) {
			// The op becomes the SSE event name; anything else could break
			// the stream's framing, whatever Hub delivered it.
			h.opts.Logger.Warn("sse: dropping event with unknown op", "op", e.Op, "resource", e.Resource)
			continue
		}
		data, _ := json.Marshal(e) // strings only: cannot fail
		h.mu.Lock()
		h.last++
		msg := fmt.Appendf(nil, "id: %d\nevent: %s\ndata: %s\n\n", h.last, e.Op, data)
		h.ring[h.last%uint64(len(h.ring))] = entry{event: e, msg: msg}
		h.mu.Unlock()
		h.wake(e)
	}
}

// wake wakes the streams that e is for: a tenant's event those of its
// tenant, any other every stream; each only if its filter lets e through.
func (h *Handler) wake(e *notify.Event) {
	h.streamsMu.Lock()
	defer h.streamsMu.Unlock()
	if e.Tenant != "" && e.Op != notify.OpRefresh {
		for s := range h.tenants[e.Tenant] {
			if s.filter.Match(e) {
				s.t.wake()
			}
		}
		return
	}
	for _, streams := range h.tenants {
		for s := range streams {
			if s.filter.Match(e) {
				s.t.wake()
			}
		}
	}
}

// refreshData is the data of the refresh a stream gets in place of events
// it can no longer be given.
var refreshData, _ = json.Marshal(notify.Event{Op: notify.OpRefresh})

// appendSince appends to buf the messages of the events after *cursor that
// pass f, and moves *cursor past them. A cursor outside the ring (the
// stream fell behind, or the id was never given out by this handler) gets
// a refresh instead: what happened in between is unknown.
func (h *Handler) appendSince(buf []byte, cursor *uint64, f notify.Filter) []byte {
	h.mu.RLock()
	defer h.mu.RUnlock()
	size := uint64(len(h.ring))
	oldest := h.base + 1
	if h.last-h.base > size {
		oldest = h.last - size + 1
	}
	c := *cursor
	*cursor = h.last
	if c < oldest-1 || c > h.last {
		return fmt.Appendf(buf, "id: %d\nevent: %s\ndata: %s\n\n", h.last, notify.OpRefresh, refreshData)
	}
	for id := c + 1; id <= h.last; id++ {
		if e := h.ring[id%size]; f.Match(e.event) {
			buf = append(buf, e.msg...)
		}
	}
	return buf
}

// resumeFrom returns the cursor of a new stream: the present, or the
// client's Last-Event-ID. An id that does not parse becomes 0, which is
// never in the ring, so the client gets a refresh.
func (h *Handler) resumeFrom(lastEventID string) uint64 {
	if lastEventID == "" {
		h.mu.RLock()
		defer h.mu.RUnlock()
		return h.last
	}
	id, err := strconv.ParseUint(strings.TrimSpace(lastEventID), 10, 64)
	if err != nil {
		return 0
	}
	return id
}

// ServeHTTP serves one event stream to the request's principal.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p, ok := auth.FromContext(r.Context())
	if !ok {
		apierror.Write(w, http.StatusUnauthorized, "unauthorized",
			"an event stream needs an authenticated principal; sign in and reconnect")
		return
	}
	if !h.streamStarted() {
		w.Header().Set("Retry-After", h.retryAfter())
		apierror.Write(w, http.StatusServiceUnavailable, "shutting_down",
			"the server is shutting down; reconnect to reach another instance")
		return
	}
	release, err := h.limiter.Acquire(p.TenantID, p.UserID)
	if err != nil {
		h.streamEnded()
		message := "the server has too many open event streams; retry later"
		if errors.Is(err, ErrTooManyConnectionsForUser) {
			message = "this user has too many open event streams; close one (another tab?) or retry later"
		}
		w.Header().Set("Retry-After", h.retryAfter())
		apierror.Write(w, http.StatusTooManyRequests, "too_many_connections", message)
		return
	}

	// Never AllTenants: a user's stream sees its own tenant's events and
	// those of resources without tenants.
	f := notify.Filter{Tenant: p.TenantID}
	for _, name := range strings.Split(r.URL.Query().Get("resources"), ",") {
		if name = strings.TrimSpace(name); name != "" {
			f.Resources = append(f.Resources, name)
		}
	}
	lifetime := h.opts.MaxLifetime - rand.N(h.opts.MaxLifetime/10+1)
	s := &stream{
		h:       h,
		filter:  f,
		user:    p.UserID,
		cursor:  h.resumeFrom(r.Header.Get("Last-Event-ID")),
		expires: p.ExpiresAt,
		ends:    time.Now().Add(lifetime),
		release: release,
	}
	h.opts.Logger.Debug("sse: stream opened", "user", p.UserID, "tenant", p.TenantID, "resources", f.Resources)
	header := w.Header()
	header.Set("Content-Type", "text/event-stream")
	header.Set("Cache-Control", "no-cache")
	header.Set("X-Accel-Buffering", "no") // nginx would hold events in its buffer
	if r.ProtoMajor == 1 {
		if t, err := hijack(w, h.retry); err == nil {
			s.t = t
			h.register(s)
			go s.run()
			return
		} else if !errors.Is(err, http.ErrNotSupported) {
			// The connection was taken over but the response head could
			// not be written: the client is gone.
			s.end(err)
			return
		}
	}
	t, err := newResponseTransport(w, r, h.retry)
	if err != nil {
		s.end(err)
		return
	}
	s.t = t
	h.register(s)
	s.run()
}

// register adds s to the streams that pump wakes and Close ends.
func (h *Handler) register(s *stream) {
	h.streamsMu.Lock()
	defer h.streamsMu.Unlock()
	streams := h.tenants[s.filter.Tenant]
	if streams == nil {
		streams = make(map[*stream]struct{})
		h.tenants[s.filter.Tenant] = streams
	}
	streams[s] = struct{}{}
}

// unregister removes s; it is harmless for a stream never registered.
func (h *Handler) unregister(s *stream) {
	h.streamsMu.Lock()
	defer h.streamsMu.Unlock()
	streams := h.tenants[s.filter.Tenant]
	delete(streams, s)
	if len(streams) == 0 {
		delete(h.tenants, s.filter.Tenant)
	}
}

// shuttingDown reports whether Close was called.
func (h *Handler) shuttingDown() bool {
	select {
	case <-h.closing:
		return true
	default:
		return false
	}
}

// Close ends every open stream with an "event: close" and returns when
// they have ended, or after a second. Streams opened later are refused
// with 503. Close then ends the handler's subscription to the hub. It is
// safe to call more than once.
func (h *Handler) Close() {
	h.streamsMu.Lock()
	if !h.closed {
		h.closed = true
		close(h.closing)
		for _, streams := range h.tenants {
			for s := range streams {
				s.t.wake()
			}
		}
		if h.open == 0 {
			close(h.idle)
		}
	}
	h.streamsMu.Unlock()

	t := time.NewTimer(closeWait)
	defer t.Stop()
	select {
	case <-h.idle:
	case <-t.C:
		h.streamsMu.Lock()
		open := h.open
		h.streamsMu.Unlock()
		h.opts.Logger.Warn("sse: streams still open after close", "streams", open, "waited", closeWait)
	}
	h.sub.Close()
	<-h.pumped
}

func (h *Handler) streamStarted() bool {
	h.streamsMu.Lock()
	defer h.streamsMu.Unlock()
	if h.closed {
		return false
	}
	h.open++
	return true
}

func (h *Handler) streamEnded() {
	h.streamsMu.Lock()
	defer h.streamsMu.Unlock()
	h.open--
	if h.closed && h.open == 0 {
		close(h.idle)
	}
}

// retryAfter is Options.Retry in whole seconds, at least 1.
func (h *Handler) retryAfter() string {
	return strconv.Itoa(max(1, int(math.Ceil(h.opts.Retry.Seconds()))))
}
