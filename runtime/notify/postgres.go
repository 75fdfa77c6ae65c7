package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgxlisten"
)

// HubOptions configures a PostgresHub. The zero value is ready to use.
type HubOptions struct {
	// Buffer is how many events a subscription holds for a slow reader;
	// further events are dropped and replaced by one refresh. Defaults to 64.
	Buffer int
	// MinBackoff is the delay before the first reconnect after the listener
	// connection is lost; it doubles with each failed attempt. Defaults to
	// 100 milliseconds.
	MinBackoff time.Duration
	// MaxBackoff caps the reconnect delay. Defaults to 5 seconds.
	MaxBackoff time.Duration
	// Logger receives connection errors and malformed payloads. Defaults to
	// slog.Default().
	Logger *slog.Logger
}

// PostgresHub is the Hub on Postgres LISTEN/NOTIFY. One connection per hub
// LISTENs on Channel, and a goroutine fans the events out in process, in
// batches of those that arrived meanwhile; Publish uses the pool.
type PostgresHub struct {
	pool   *pgxpool.Pool
	opts   HubOptions
	fanout *fanout

	started atomic.Bool
	// listenerPID is the backend PID of the current listener connection (0
	// while disconnected), so tests can terminate it.
	listenerPID atomic.Uint32
}

var _ Hub = (*PostgresHub)(nil)

// NewPostgresHub returns a hub that publishes through pool and listens on a
// connection of its own, made from pool's configuration. Call Start to
// begin listening.
func NewPostgresHub(pool *pgxpool.Pool, opts HubOptions) *PostgresHub {
	if opts.Buffer <= 0 {
		opts.Buffer = 64
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 100 * time.Millisecond
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Second
	}
	opts.MaxBackoff = max(opts.MaxBackoff, opts.MinBackoff)
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &PostgresHub{pool: pool, opts: opts, fanout: newFanout(opts.Buffer)}
}

// Subscribe registers a subscriber; it may be called before Start. After
// every (re)connect of the listener, including the first, every subscriber
// receives a refresh, since notifications sent while disconnected are lost.
func (h *PostgresHub) Subscribe(f Filter) *Subscription {
	return h.fanout.subscribe(f)
}

// Publish sends e with pg_notify on a pooled connection, outside any
// transaction.
func (h *PostgresHub) Publish(ctx context.Context, e Event) error {
	return sendEvent(ctx, h.pool, e)
}

// PublishTx sends e with pg_notify in tx: Postgres delivers it to the
// listeners when tx commits (a savepoint's, when its outermost transaction
// commits), and never if it rolls back. Writers call it in the transaction
// of the change, as River's InsertTx inserts a job.
func PublishTx(ctx context.Context, tx pgx.Tx, e Event) error {
	return sendEvent(ctx, tx, e)
}

// sendEvent sends e with pg_notify on db.
func sendEvent(ctx context.Context, db interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}, e Event) error {
	payload, err := Payload(e)
	if err != nil {
		return err
	}
	if _, err := db.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, payload); err != nil {
		return fmt.Errorf("notify: publish %s of %s %q: %w", e.Op, e.Resource, e.ID, err)
	}
	return nil
}

// Start listens until ctx is done, reconnecting with backoff whenever the
// connection is lost. It then closes the listener connection and returns
// nil: cancellation is how a hub stops, not a failure. Subscriptions stay
// open; their owners close them. A hub starts once; a second Start returns
// an error.
func (h *PostgresHub) Start(ctx context.Context) error {
	if !h.started.CompareAndSwap(false, true) {
		return errors.New("notify: PostgresHub.Start called twice; a hub runs once")
	}

	// pgxlisten waits a fixed ReconnectDelay between connections and its
	// loop cannot be driven from outside, so the hub disables that delay and
	// waits in Connect instead, where it knows how many attempts failed in a
	// row. HandleBacklog runs once LISTEN has succeeded and resets the
	// count. pgxlisten calls both from the goroutine running Listen, so the
	// counters need no locking.
	var (
		first    = true
		failures = 0
		last     *pgx.Conn
	)
	l := &pgxlisten.Listener{
		Connect: func(ctx context.Context) (*pgx.Conn, error) {
			if !first {
				if err := sleep(ctx, backoff(failures, h.opts.MinBackoff, h.opts.MaxBackoff)); err != nil {
					return nil, err
				}
				failures++
			}
			first = false
			// A fresh connection every time, never a pooled one: the
			// listener holds it for as long as it lives, and a pooled
			// connection that LISTENed would leak notifications to whoever
			// borrows it next.
			conn, err := pgx.ConnectConfig(ctx, h.pool.Config().ConnConfig)
			if err != nil {
				return nil, err
			}
			last = conn
			return conn, nil
		},
		ReconnectDelay: -1, // Connect waits instead; see above.
		LogError: func(ctx context.Context, err error) {
			if ctx.Err() != nil {
				return // shutting down: the errors are the cancellation
			}
			h.opts.Logger.Warn("notify: listener connection lost or refused; reconnecting",
				"channel", Channel, "failures", failures, "err", err)
		},
	}
	l.Handle(Channel, &listenHandler{hub: h, connected: func(conn *pgx.Conn) {
		failures = 0
		h.listenerPID.Store(conn.PgConn().PID())
	}})

	runCtx, stopRun := context.WithCancel(ctx)
	delivered := make(chan struct{})
	go func() {
		defer close(delivered)
		h.fanout.run(runCtx)
	}()
	err := l.Listen(ctx)
	stopRun()
	<-delivered
	h.listenerPID.Store(0)
	if last != nil {
		// pgxlisten closes the connection, but a close interrupted by ctx
		// finishes in a pgconn goroutine (it sends a cancel request); wait
		// for it so that Start leaves nothing running behind.
		<-last.PgConn().CleanupDone()
	}
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("notify: listen on %s: %w", Channel, err)
}

// listenHandler is the pgxlisten handler of Channel.
type listenHandler struct {
	hub       *PostgresHub
	connected func(*pgx.Conn)
}

// HandleBacklog runs after every successful LISTEN. There is no backlog to
// read (notifications are not stored), so it tells every subscriber to
// refresh instead.
func (lh *listenHandler) HandleBacklog(ctx context.Context, channel string, conn *pgx.Conn) error {
	lh.connected(conn)
	lh.hub.opts.Logger.Info("notify: listening", "channel", channel, "pid", conn.PgConn().PID())
	lh.hub.fanout.enqueue(refreshEvent)
	return nil
}

// HandleNotification decodes one payload and fans it out. A malformed
// payload is someone else's bug; it is logged and dropped so that it cannot
// stop the events behind it.
func (lh *listenHandler) HandleNotification(ctx context.Context, n *pgconn.Notification, conn *pgx.Conn) error {
	e := new(Event)
	if err := json.Unmarshal([]byte(n.Payload), e); err != nil {
		lh.hub.opts.Logger.Warn("notify: dropping malformed payload",
			"channel", n.Channel, "sender_pid", n.PID, "bytes", len(n.Payload), "err", err)
		return nil
	}
	if !KnownOp(e.Op) {
		lh.hub.opts.Logger.Warn("notify: dropping event with unknown op",
			"channel", n.Channel, "sender_pid", n.PID, "op", e.Op, "resource", e.Resource)
		return nil
	}
	lh.hub.fanout.enqueue(e)
	return nil
}

// backoff returns the delay before reconnect attempt n (0 for the first
// after a loss): lo doubled n times, capped at hi, then drawn uniformly
// from its upper half so that the processes that lost the same server do
// not all reconnect at once.
func backoff(n int, lo, hi time.Duration) time.Duration {
	d := lo
	for i := 0; i < n && d < hi; i++ {
		d *= 2
	}
	d = min(d, hi)
	half := d / 2
	return half + rand.N(d-half+1)
}

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
