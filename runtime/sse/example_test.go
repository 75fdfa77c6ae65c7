package sse_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/runtime/notify"
	"github.com/forge-framework/forge/runtime/sse"
)

// An app wires one hub and one handler, and ends the streams when the
// server shuts down.
func ExampleNewHandler() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, "postgres://localhost:5432/forge?sslmode=disable")
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()

	hub := notify.NewPostgresHub(pool, notify.HubOptions{})
	go hub.Start(ctx) // runs until ctx is done

	// The caps and heartbeat come from config.SSE.
	events := sse.NewHandler(hub, sse.NewLimiter(5000, 10), sse.Options{Heartbeat: 15 * time.Second})
	mux := http.NewServeMux()
	mux.Handle("GET /events", events) // behind the authenticator, which sets the principal
	srv := &http.Server{Addr: ":8080", Handler: mux}
	// Shutdown waits for connections to go idle, which streams never do:
	// end them as it starts.
	srv.RegisterOnShutdown(events.Close)
}

func ExampleLimiter() {
	l := sse.NewLimiter(5000, 2)
	release, _ := l.Acquire("acme", "ann")
	l.Acquire("acme", "ann")
	_, err := l.Acquire("acme", "ann")
	fmt.Println(err)
	// User ids are unique within their tenant only: globex's ann is
	// another user, with a cap of her own.
	_, err = l.Acquire("globex", "ann")
	fmt.Println(err)

	release()
	release() // a second release does nothing
	fmt.Println(l.User("acme", "ann"), l.Total())
	// Output:
	// sse: too many open event streams for this user
	// <nil>
	// 1 2
}
