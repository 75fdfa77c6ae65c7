// Command shop is Forge's example app: a multi-tenant shop whose resources
// are described in ./schema. forge generate writes ./gen from them; the
// workers in ./jobs and the SQL in ./migrations are the app's own. It runs
// on runtime/server: the JSON API and event stream on http.addr, metrics,
// health and pprof on admin.addr.
//
//	FORGE_DATABASE_URL=postgres://… go run ./examples/shop
package main

import (
	"github.com/forge-framework/forge/examples/shop/gen/handlers"
	"github.com/forge-framework/forge/examples/shop/gen/workers"
	"github.com/forge-framework/forge/examples/shop/migrations"
	"github.com/forge-framework/forge/runtime/server"
)

func main() {
	server.Main(server.App{
		Migrations: migrations.FS,
		Workers:    workers.Register,
		Queues:     workers.Queues,
		Routes:     handlers.Routes,
	})
}
