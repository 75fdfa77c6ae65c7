// Command shop is Forge's example app: a multi-tenant shop whose resources
// are described in ./schema. forge generate writes ./gen from them; the
// workers in ./jobs, the reports in ./report (SQL and endpoints of the
// app's own, beside the generated ones) and the SQL in ./migrations are
// the app's own. It runs on runtime/server: the JSON API and event stream
// on http.addr, metrics, health and pprof on admin.addr.
//
//	FORGE_DATABASE_URL=postgres://… go run ./examples/shop
package main

import (
	"net/http"

	"github.com/forge-framework/forge/examples/shop/gen/handlers"
	"github.com/forge-framework/forge/examples/shop/gen/workers"
	"github.com/forge-framework/forge/examples/shop/migrations"
	"github.com/forge-framework/forge/examples/shop/report"
	"github.com/forge-framework/forge/runtime/app"
	"github.com/forge-framework/forge/runtime/server"
)

func main() {
	server.Main(server.App{
		Migrations: migrations.FS,
		Workers:    workers.Register,
		Queues:     workers.Queues,
		Routes:     routes,
	})
}

// routes registers the generated API and the app's own endpoints.
func routes(mux *http.ServeMux, d app.Deps) error {
	if err := handlers.Routes(mux, d); err != nil {
		return err
	}
	return report.Routes(mux, d)
}
