// Package sse serves change events to browsers as server-sent events
// (text/event-stream), one stream per EventSource.
//
// A Handler takes events from a notify.Hub and gives each stream those of
// its principal's tenant, optionally limited to some resources
// (?resources=Product,Order). Every event carries an id; a browser that
// reconnects sends the last one as Last-Event-ID and gets what it missed,
// or a refresh when that is no longer known. A Limiter caps open streams
// per user and in total.
//
// What this package is not for: sending row data (events carry ids; clients
// fetch rows through the API, which checks access), messages from the
// client (use ordinary requests), or guaranteed delivery: a client that
// receives "refresh" must reload what it shows.
package sse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
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

// Options configures a Handler. The zero value is ready to use.
type Options struct {
	// Heartbeat is the interval of ": ping" comments, which keep proxies
	// and load balancers from closing an idle stream. Defaults to 15
	// seconds.
	Heartbeat time.Duration
	// Retry is the reconnect delay advised to clients in the "retry:"
	// field, and the Retry-After of refused streams. Defaults to 3 seconds.
	Retry time.Duration
	// Replay is how many recent events the handler keeps for clients that
	// reconnect with Last-Event-ID. Defaults to 1024.
	Replay int
	// Logger receives stream errors. Defaults to slog.Default().
	Logger *slog.Logger
}

// Handler serves event streams. Create it with NewHandler; Close it at
// shutdown.
//
// The handler subscribes to the hub once, for all tenants, and numbers the
// events it receives into a ring of the last Options.Replay events. Each
// stream reads that ring from its own cursor through its own filter. So an
// id names the same event on every stream of the handler, which is what
// Last-Event-ID needs; replay after a reconnect and live delivery are the
// same loop; and a slow stream never holds up the others: it falls behind
// in the ring and, once its cursor has been overwritten, gets a refresh.
// Tenants stay apart because every read, replays included, goes through the
// stream's filter, whose tenant is the principal's.
type Handler struct {
	limiter *Limiter
	opts    Options
	sub     *notify.Subscription
	pumped  chan struct{} // closed when pump returns

	mu      sync.RWMutex
	ring    []notify.Event // event id is at ring[id%len(ring)]
	base    uint64         // ids given out are base+1 through last
	last    uint64
	changed chan struct{} // closed and replaced when an event arrives

	streamsMu sync.Mutex
	streams   int
	closed    bool
	closing   chan struct{} // closed by Close: streams say "close" and end
	idle      chan struct{} // closed once Close was called and no stream is open
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
		pumped:  make(chan struct{}),
		ring:    make([]notify.Event, opts.Replay),
		base:    base,
		last:    base,
		changed: make(chan struct{}),
		closing: make(chan struct{}),
		idle:    make(chan struct{}),
	}
	h.sub = hub.Subscribe(notify.Filter{AllTenants: true})
	go h.pump()
	return h
}

// pump numbers the hub's events into the ring and wakes the streams.
func (h *Handler) pump() {
	defer close(h.pumped)
	for e := range h.sub.C {
		if !notify.KnownOp(e.Op) {
			// The op becomes the SSE event name; anything else could break
			// the stream's framing, whatever Hub delivered it.
			h.opts.Logger.Warn("sse: dropping event with unknown op", "op", e.Op, "resource", e.Resource)
			continue
		}
		h.mu.Lock()
		h.last++
		h.ring[h.last%uint64(len(h.ring))] = e
		close(h.changed)
		h.changed = make(chan struct{})
		h.mu.Unlock()
	}
}

// numbered is an event with its id.
type numbered struct {
	id    uint64
	event notify.Event
}

// since returns the events after cursor that pass f, the cursor to go on
// from, and a channel closed when more events arrive. A cursor outside the
// ring (the stream fell behind, or the id was never given out by this
// handler) gets a refresh instead: what happened in between is unknown.
func (h *Handler) since(cursor uint64, f notify.Filter) ([]numbered, uint64, <-chan struct{}) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	size := uint64(len(h.ring))
	oldest := h.base + 1
	if h.last-h.base > size {
		oldest = h.last - size + 1
	}
	if cursor < oldest-1 || cursor > h.last {
		return []numbered{{h.last, notify.Event{Op: notify.OpRefresh}}}, h.last, h.changed
	}
	var batch []numbered
	for id := cursor + 1; id <= h.last; id++ {
		if e := h.ring[id%size]; f.Match(e) {
			batch = append(batch, numbered{id, e})
		}
	}
	return batch, h.last, h.changed
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
	defer h.streamEnded()
	release, err := h.limiter.Acquire(p.UserID)
	if err != nil {
		message := "the server has too many open event streams; retry later"
		if errors.Is(err, ErrTooManyConnectionsForUser) {
			message = "this user has too many open event streams; close one (another tab?) or retry later"
		}
		w.Header().Set("Retry-After", h.retryAfter())
		apierror.Write(w, http.StatusTooManyRequests, "too_many_connections", message)
		return
	}
	defer release()

	// Never AllTenants: a user's stream sees its own tenant's events and
	// those of resources without tenants.
	f := notify.Filter{Tenant: p.TenantID}
	for _, name := range strings.Split(r.URL.Query().Get("resources"), ",") {
		if name = strings.TrimSpace(name); name != "" {
			f.Resources = append(f.Resources, name)
		}
	}
	log := h.opts.Logger.With("user", p.UserID, "tenant", p.TenantID)
	log.Debug("sse: stream opened", "resources", f.Resources)
	err = h.stream(w, r, f)
	switch {
	case errors.Is(err, http.ErrNotSupported):
		log.Error("sse: the response cannot be flushed; middleware wrapping the ResponseWriter must implement Unwrap", "err", err)
	case err != nil:
		log.Debug("sse: stream ended by a failed write", "err", err)
	default:
		log.Debug("sse: stream closed")
	}
}

// stream writes events to the client until it goes away, a write fails or
// the handler closes.
func (h *Handler) stream(w http.ResponseWriter, r *http.Request, f notify.Filter) error {
	cursor := h.resumeFrom(r.Header.Get("Last-Event-ID"))
	rc := http.NewResponseController(w)
	// send sets a deadline per write; clear it so that a keep-alive
	// connection does not carry it into its next request.
	defer rc.SetWriteDeadline(time.Time{})

	header := w.Header()
	header.Set("Content-Type", "text/event-stream")
	header.Set("Cache-Control", "no-cache")
	header.Set("X-Accel-Buffering", "no") // nginx would hold events in its buffer
	w.WriteHeader(http.StatusOK)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "retry: %d\n\n", h.opts.Retry.Milliseconds())

	heartbeat := time.NewTicker(h.opts.Heartbeat)
	defer heartbeat.Stop()
	for {
		batch, next, wake := h.since(cursor, f)
		cursor = next
		for _, n := range batch {
			data, _ := json.Marshal(n.event) // strings only: cannot fail
			fmt.Fprintf(&buf, "id: %d\nevent: %s\ndata: %s\n\n", n.id, n.event.Op, data)
		}
		if buf.Len() > 0 {
			if err := send(w, rc, &buf); err != nil {
				return err
			}
		}
		select {
		case <-wake:
		case <-heartbeat.C:
			buf.WriteString(": ping\n\n")
		case <-r.Context().Done():
			return nil
		case <-h.closing:
			buf.WriteString("event: close\ndata: {}\n\n")
			return send(w, rc, &buf)
		}
	}
}

// send writes buf to the client, flushes it and empties buf. Each write
// gets a deadline of its own: the server's WriteTimeout would end every
// stream after a fixed time, while no deadline at all would let a client
// that stopped reading hold this goroutine and its limiter slot until TCP
// gives up, which takes many minutes.
func send(w http.ResponseWriter, rc *http.ResponseController, buf *bytes.Buffer) error {
	defer buf.Reset()
	if err := rc.SetWriteDeadline(time.Now().Add(writeWait)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return fmt.Errorf("set write deadline: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if err := rc.Flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
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
		if h.streams == 0 {
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
		open := h.streams
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
	h.streams++
	return true
}

func (h *Handler) streamEnded() {
	h.streamsMu.Lock()
	defer h.streamsMu.Unlock()
	h.streams--
	if h.closed && h.streams == 0 {
		close(h.idle)
	}
}

// retryAfter is Options.Retry in whole seconds, at least 1.
func (h *Handler) retryAfter() string {
	return strconv.Itoa(max(1, int(math.Ceil(h.opts.Retry.Seconds()))))
}
