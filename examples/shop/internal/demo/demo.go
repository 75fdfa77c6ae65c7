// Package demo is the shop's scripted client: it uses the API the way a
// front end would (create, list, update, watch the event stream, wait for a
// job's work) and tells what happened. make demo runs it against the real
// binary, and the example's end-to-end test runs it too, so the demo
// cannot rot.
//
// What this package is not for: load or API conformance testing.
package demo

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client talks to a running shop.
type Client struct {
	// BaseURL is the public listener: "http://127.0.0.1:8080".
	BaseURL string
	// Token is the bearer token of a user of a tenant.
	Token string
	// Out receives the story of the run, a line per step.
	Out io.Writer
	// HTTP is the client to use; nil means one with a 10 s timeout.
	HTTP *http.Client
}

// Run plays the scenario, returning at the first step that does not go as
// the API promises.
func (c *Client) Run(ctx context.Context) error {
	if c.HTTP == nil {
		c.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	events, err := c.subscribe(ctx)
	if err != nil {
		return err
	}
	c.sayf("subscribed to %s", "/api/events")

	suffix := fmt.Sprint(time.Now().UnixNano() % 1e6) // reruns against the same database don't collide
	var category struct{ ID string }
	if err := c.call(ctx, "POST", "/api/categories", map[string]any{"name": "Tea " + suffix, "slug": "tea-" + suffix}, http.StatusCreated, &category); err != nil {
		return err
	}
	c.sayf("created category %s", category.ID)

	var product struct {
		ID         string
		Name       string
		PriceCents int `json:"price_cents"`
	}
	err = c.call(ctx, "POST", "/api/products", map[string]any{
		"name": "Sencha " + suffix, "price_cents": 1200, "category_id": category.ID, "status": "published",
		"weight_kg": "0.250", "attributes": map[string]string{"origin": "Shizuoka"}, "internal_notes": "supplier: K. Tanaka",
	}, http.StatusCreated, &product)
	if err != nil {
		return err
	}
	c.sayf("created product %s (%q, %d cents)", product.ID, product.Name, product.PriceCents)
	if err := events.wait(ctx, "create", "Product", product.ID); err != nil {
		return err
	}
	c.sayf("event stream: create Product %s", product.ID)

	var invalid struct {
		Error struct {
			Code   string
			Fields map[string]string
		}
	}
	if err := c.call(ctx, "POST", "/api/products", map[string]any{"name": "", "price_cents": -1, "status": "sold-out"}, http.StatusUnprocessableEntity, &invalid); err != nil {
		return err
	}
	c.sayf("an invalid product is refused: %s %v", invalid.Error.Code, invalid.Error.Fields)

	var page struct {
		Items      []map[string]any
		NextCursor string `json:"next_cursor"`
	}
	if err := c.call(ctx, "GET", "/api/products?limit=10&category_id="+url.QueryEscape(category.ID), nil, http.StatusOK, &page); err != nil {
		return err
	}
	if len(page.Items) != 1 {
		return fmt.Errorf("listing the category's products gave %d, want the 1 just created", len(page.Items))
	}
	if _, leaked := page.Items[0]["internal_notes"]; leaked {
		return errors.New("the product list shows internal_notes, a sensitive field")
	}
	c.sayf("listed the category's products: %d (sensitive fields hidden)", len(page.Items))

	if err := c.call(ctx, "PATCH", "/api/products/"+product.ID, map[string]any{"price_cents": 1100}, http.StatusOK, &product); err != nil {
		return err
	}
	if err := events.wait(ctx, "update", "Product", product.ID); err != nil {
		return err
	}
	c.sayf("updated the price to %d cents; event stream: update Product", product.PriceCents)

	var customer struct{ ID, Email string }
	if err := c.call(ctx, "POST", "/api/customers", map[string]any{"email": "ann-" + suffix + "@example.com", "name": "Ann"}, http.StatusCreated, &customer); err != nil {
		return err
	}
	c.sayf("created customer %s <%s> in the caller's tenant", customer.ID, customer.Email)

	var order struct{ ID, Number, State string }
	if err := c.call(ctx, "POST", "/api/orders", map[string]any{"number": "A-" + suffix, "customer_id": customer.ID, "total_cents": 2200}, http.StatusCreated, &order); err != nil {
		return err
	}
	if err := c.call(ctx, "POST", "/api/order-items", map[string]any{"order_id": order.ID, "product_id": product.ID, "quantity": 2, "unit_price_cents": 1100}, http.StatusCreated, nil); err != nil {
		return err
	}
	c.sayf("placed order %s (%s, %s) with one item", order.Number, order.ID, order.State)
	if err := events.wait(ctx, "create", "Order", order.ID); err != nil {
		return err
	}
	c.sayf("event stream: create Order %s", order.ID)

	// The order_placed job, enqueued in the order's transaction, writes the
	// confirmation; its own create event says it ran.
	if err := events.wait(ctx, "create", "Notification", ""); err != nil {
		return err
	}
	var notes struct {
		Items []struct{ Kind, Recipient, Subject string }
	}
	if err := c.call(ctx, "GET", "/api/notifications?order_id="+order.ID, nil, http.StatusOK, &notes); err != nil {
		return err
	}
	if len(notes.Items) != 1 {
		return fmt.Errorf("the order has %d notifications after its job ran, want 1", len(notes.Items))
	}
	c.sayf("job order_placed ran: notification %q to %s", notes.Items[0].Subject, notes.Items[0].Recipient)

	if err := c.call(ctx, "DELETE", "/api/products/"+product.ID, nil, http.StatusNoContent, nil); err != nil {
		return err
	}
	if err := c.call(ctx, "GET", "/api/products/"+product.ID, nil, http.StatusNotFound, nil); err != nil {
		return err
	}
	c.sayf("deleted the product (soft): it is gone from the API")
	return nil
}

func (c *Client) sayf(format string, args ...any) {
	fmt.Fprintf(c.Out, "  ✓ "+format+"\n", args...)
}

// call sends body as JSON and decodes the response into out, failing
// unless the status is want.
func (c *Client) call(ctx context.Context, method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: read the response: %w", method, path, err)
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %s, want %d: %s", method, path, resp.Status, want, bytes.TrimSpace(b))
	}
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: decode %s: %w", method, path, b, err)
		}
	}
	return nil
}

// stream is an open /api/events stream; events arrive on its channel.
type stream struct {
	events <-chan event
	errc   <-chan error
}

type event struct {
	name string // the SSE event field: the op
	data struct {
		Resource, Op, ID string
	}
}

func (c *Client) subscribe(ctx context.Context) (*stream, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.BaseURL+"/api/events", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := (&http.Client{}).Do(req) // no timeout: the stream stays open; ctx ends it
	if err != nil {
		return nil, fmt.Errorf("open the event stream: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("open the event stream: %s", resp.Status)
	}
	events, errc := make(chan event, 64), make(chan error, 1)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.data); err != nil {
					errc <- fmt.Errorf("event stream: bad data %q: %w", line, err)
					return
				}
			case line == "" && ev.name != "":
				events <- ev
				ev = event{}
			}
		}
		errc <- fmt.Errorf("event stream ended: %v", sc.Err())
	}()
	return &stream{events: events, errc: errc}, nil
}

// wait returns when an event of op on resource (and id, unless "") arrives.
func (s *stream) wait(ctx context.Context, op, resource, id string) error {
	for {
		select {
		case ev := <-s.events:
			if ev.name == op && ev.data.Resource == resource && (id == "" || ev.data.ID == id) {
				return nil
			}
		case err := <-s.errc:
			return err
		case <-ctx.Done():
			return fmt.Errorf("waiting for the event %s %s %s: %w", op, resource, id, ctx.Err())
		}
	}
}
