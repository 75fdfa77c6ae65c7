// Command shop is Forge's example app: a multi-tenant shop whose resources
// are described in ./schema. It runs on runtime/server: the public API on
// http.addr, metrics, health and pprof on admin.addr.
//
//	FORGE_DATABASE_URL=postgres://… go run ./examples/shop
package main

import "github.com/forge-framework/forge/runtime/server"

func main() {
	server.Main(server.App{})
}
