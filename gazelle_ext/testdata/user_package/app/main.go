package main

import (
	"example.com/hello/app/gen/handlers"
	"example.com/hello/app/gen/workers"
	"github.com/forge-framework/forge/runtime/server"
)

func main() {
	server.Main(server.App{Routes: handlers.Routes, Workers: workers.Register})
}
