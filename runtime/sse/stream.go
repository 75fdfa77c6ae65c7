package sse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/forge-framework/forge/runtime/notify"
)

// stream is one client's event stream. Only its own goroutine (run) uses
// its fields, but for t.wake, which the pump and Close call.
type stream struct {
	h       *Handler
	filter  notify.Filter
	user    string // for logs; the tenant is filter.Tenant
	cursor  uint64 // the id of the last event the stream has passed
	expires time.Time
	ends    time.Time
	release func() // the limiter's slot
	t       transport
}

// transport is how a stream waits and writes: on a connection taken over
// from net/http (connTransport) or through the ResponseWriter
// (responseTransport).
//
// A stream arms the transport with its next deadline before it looks for
// work (events in the ring, Close, its end), then waits. A wake between
// the two makes wait return at once; a wake before arm finds work the
// look sees. So no wake is lost.
type transport interface {
	// arm makes the next wait return by deadline at the latest.
	arm(deadline time.Time)
	// wait blocks until a wake, the armed deadline or the client's
	// leaving, which it reports as an error.
	wait() error
	// wake makes the current or next wait return; any goroutine may call
	// it, any number of times.
	wake()
	// write sends p to the client within writeWait.
	write(p []byte) error
	// close ends the response.
	close()
}

// bufPool holds the buffers streams format their writes in: an idle
// stream holds none.
var bufPool = sync.Pool{New: func() any { return new([]byte) }}

// run serves the stream until the client leaves, a write fails, or the
// stream ends with a last event: at Close, when its credentials expire, or
// at the end of its lifetime.
func (s *stream) run() {
	quiet := s.h.opts.Heartbeat
	pingAt := time.Now().Add(quiet)
	for {
		now := time.Now()
		next := earliest(pingAt, s.ends)
		if !s.expires.IsZero() {
			next = earliest(next, s.expires)
		}
		s.t.arm(next)
		if last := s.last(now); last != nil {
			s.end(s.t.write(last))
			return
		}
		bp := bufPool.Get().(*[]byte)
		buf := s.h.appendSince((*bp)[:0], &s.cursor, s.filter)
		if len(buf) == 0 && !now.Before(pingAt) {
			buf = append(buf, ping...)
		}
		var err error
		if len(buf) > 0 {
			err = s.t.write(buf)
			pingAt = now.Add(quiet)
		}
		*bp = buf[:0]
		bufPool.Put(bp)
		if err == nil {
			err = s.t.wait()
		}
		if err != nil {
			s.end(err)
			return
		}
	}
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// last returns the message that ends the stream now, if it ends.
func (s *stream) last(now time.Time) []byte {
	switch {
	case s.h.shuttingDown():
		return closeShutdown
	case !s.expires.IsZero() && !now.Before(s.expires):
		return reauthenticateToken
	case !now.Before(s.ends):
		return closeMaxLifetime
	}
	return nil
}

// end releases what the stream holds; err is why it ended: nil when it
// ended with its last event, errGone when the client left.
func (s *stream) end(err error) {
	s.h.unregister(s)
	if s.t != nil {
		s.t.close()
	}
	s.release()
	s.h.streamEnded()
	log := s.h.opts.Logger
	switch {
	case errors.Is(err, http.ErrNotSupported):
		log.Error("sse: the response cannot be flushed; middleware wrapping the ResponseWriter must implement Unwrap",
			"user", s.user, "tenant", s.filter.Tenant, "err", err)
	case err != nil && !errors.Is(err, errGone):
		log.Debug("sse: stream ended by a failed write", "user", s.user, "tenant", s.filter.Tenant, "err", err)
	default:
		log.Debug("sse: stream closed", "user", s.user, "tenant", s.filter.Tenant)
	}
}

// errGone is wait's error when the client has left: the stream ends
// normally.
var errGone = errors.New("sse: the client left")

// connTransport is a stream on a connection taken over from net/http.
// Waiting is a read of the connection: it returns when the client closes
// it, and when the read deadline passes, which is how the stream is armed
// (its next heartbeat or end) and woken (a deadline in the past).
type connTransport struct {
	conn net.Conn
	// scratch takes what a client sends after its request; an event
	// stream's client sends nothing, so it is discarded.
	scratch [64]byte
}

// hijack takes the connection of w over from net/http and writes the
// response head, with w's header, then first. It returns an error wrapping
// http.ErrNotSupported when w cannot be taken over, as on HTTP/2.
func hijack(w http.ResponseWriter, first []byte) (*connTransport, error) {
	header := w.Header().Clone()
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, err
	}
	// The body ends when the connection does: no chunked framing, and no
	// other request on this connection.
	header.Set("Connection", "close")
	header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	var head bytes.Buffer
	head.WriteString("HTTP/1.1 200 OK\r\n")
	header.Write(&head)
	head.WriteString("\r\n")
	head.Write(first)
	t := &connTransport{conn: conn}
	if err := t.write(head.Bytes()); err != nil {
		conn.Close()
		return nil, fmt.Errorf("write the response head: %w", err)
	}
	return t, nil
}

// aLongTimeAgo is a deadline that has passed: setting it wakes a wait.
var aLongTimeAgo = time.Unix(1, 0)

func (t *connTransport) arm(deadline time.Time) { t.conn.SetReadDeadline(deadline) }
func (t *connTransport) wake()                  { t.conn.SetReadDeadline(aLongTimeAgo) }
func (t *connTransport) close()                 { t.conn.Close() }

// wait returns errGone for any error but the deadline's: end of file, a
// reset, a closed connection all mean the client is gone.
func (t *connTransport) wait() error {
	_, err := t.conn.Read(t.scratch[:])
	if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		return nil
	}
	return errGone
}

// write gives each write a deadline of its own: none at all would let a
// client that stopped reading hold the stream and its limiter slot until
// TCP gives up, which takes many minutes.
func (t *connTransport) write(p []byte) error {
	if err := t.conn.SetWriteDeadline(time.Now().Add(writeWait)); err != nil {
		return fmt.Errorf("set write deadline: %w", err)
	}
	if _, err := t.conn.Write(p); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// responseTransport is a stream through its ResponseWriter, in the
// request's goroutine, for connections net/http keeps (HTTP/2).
type responseTransport struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	ctx     context.Context
	timer   *time.Timer
	wakeups chan struct{}
}

func newResponseTransport(w http.ResponseWriter, r *http.Request, first []byte) (*responseTransport, error) {
	w.WriteHeader(http.StatusOK)
	t := &responseTransport{
		w:       w,
		rc:      http.NewResponseController(w),
		ctx:     r.Context(),
		timer:   time.NewTimer(time.Hour),
		wakeups: make(chan struct{}, 1),
	}
	if err := t.write(first); err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

func (t *responseTransport) arm(deadline time.Time) { t.timer.Reset(time.Until(deadline)) }

func (t *responseTransport) wake() {
	select {
	case t.wakeups <- struct{}{}:
	default: // a wake is pending already
	}
}

func (t *responseTransport) wait() error {
	select {
	case <-t.wakeups:
	case <-t.timer.C:
	case <-t.ctx.Done():
		return errGone
	}
	return nil
}

// write, as connTransport's, gives each write a deadline: the server's
// WriteTimeout would end every stream after a fixed time.
func (t *responseTransport) write(p []byte) error {
	if err := t.rc.SetWriteDeadline(time.Now().Add(writeWait)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return fmt.Errorf("set write deadline: %w", err)
	}
	if _, err := t.w.Write(p); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if err := t.rc.Flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}

// close clears the write deadline, so that a keep-alive connection does
// not carry it into its next request.
func (t *responseTransport) close() {
	t.timer.Stop()
	t.rc.SetWriteDeadline(time.Time{})
}
