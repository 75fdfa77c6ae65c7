package attack

import (
	"io"
	"net"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/forge-framework/forge/internal/pgtest"
)

// TestDatabaseUnreachable cuts the network between the shop and its
// database: every request that needs the database is 503 "unavailable"
// with a Retry-After, and requests that fail on their own input are still
// the client's mistake.
func TestDatabaseUnreachable(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	link := newLink(t, u.Host)
	u.Host = link.addr()
	s := start(t, u.String())
	s.createFixture(t)
	link.cut()

	for _, a := range []attack{
		{"list", "GET", "/api/products", "", "", unavailable},
		{"list a tenant's rows", "GET", "/api/orders", "", "", unavailable},
		{"get", "GET", "/api/orders/{order}", "", "", unavailable},
		{"create", "POST", "/api/products", "", `{"name":"Offline","price_cents":1}`, unavailable},
		{"update", "PATCH", "/api/orders/{order}", "", `{"state":"paid"}`, unavailable},
		{"delete", "DELETE", "/api/orders/{order}", "", "", unavailable},
		{"the app's own report", "GET", "/api/reports/top-products", "", "", unavailable},
		// Refused before the database is asked.
		{"an invalid body", "POST", "/api/products", "", `{}`, invalid("name", "price_cents")},
		{"a path id that is no UUID", "GET", "/api/orders/x", "", "", badRequest("id")},
		{"an unknown query parameter", "GET", "/api/orders", "bogus=1", "", badRequest("bogus")},
	} {
		t.Run(a.name, func(t *testing.T) {
			rec := s.check(t, a, bearer(t, "ann", tenant))
			if rec.Code != unavailable.status {
				return
			}
			if after, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || after <= 0 {
				t.Errorf("Retry-After %q, want a positive number of seconds", rec.Header().Get("Retry-After"))
			}
		})
	}
}

// link is a TCP proxy to the database that a test can cut, as a network
// partition or a stopped server would: every open connection is closed
// and new ones are refused.
type link struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	isCut  bool
}

// newLink proxies a loopback port to target until cut or the test ends.
func newLink(t *testing.T, target string) *link {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &link{ln: ln, target: target}
	go l.accept()
	t.Cleanup(l.cut)
	return l
}

func (l *link) addr() string { return l.ln.Addr().String() }

func (l *link) accept() {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return // cut
		}
		go l.pipe(c)
	}
}

// pipe copies between c and a new connection to the target until either
// side closes.
func (l *link) pipe(c net.Conn) {
	up, err := net.Dial("tcp", l.target)
	if err != nil {
		c.Close()
		return
	}
	if !l.track(c, up) {
		return
	}
	go func() {
		_, _ = io.Copy(up, c)
		up.Close()
	}()
	_, _ = io.Copy(c, up)
	c.Close()
}

// track records conns so that cut closes them, or closes them at once
// and reports false when the link is already cut.
func (l *link) track(conns ...net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.isCut {
		for _, c := range conns {
			c.Close()
		}
		return false
	}
	l.conns = append(l.conns, conns...)
	return true
}

// cut closes the listener and every connection.
func (l *link) cut() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.isCut = true
	l.ln.Close()
	for _, c := range l.conns {
		c.Close()
	}
	l.conns = nil
}
