package config_test

import (
	"fmt"

	"github.com/forge-framework/forge/runtime/config"
)

func ExampleLoadFrom() {
	// testdata/app.toml:
	//
	//	[app]
	//	name = "shop"
	//
	//	[http]
	//	addr = ":8000"
	//
	//	[jobs.queues]
	//	mail = 2
	env := []string{
		"FORGE_HTTP_ADDR=:9000", // wins over the file
		"FORGE_ENV=production",
		"FORGE_AUTH_SECRET=0123456789abcdef0123456789abcdef",
		"FORGE_OBSERVE_LOG_LEVLE=debug", // misspelt: ignored, with a warning
	}
	cfg, err := config.LoadFrom("testdata/app.toml", env)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("app:", cfg.App.Name, cfg.App.Env)
	fmt.Println("http.addr:", cfg.HTTP.Addr)
	fmt.Println("jobs.queues:", cfg.Jobs.Queues)
	fmt.Println("observe:", cfg.Observe.LogFormat, cfg.Observe.LogLevel, cfg.Observe.ServiceName)
	for _, w := range cfg.Warnings() {
		fmt.Println("warning:", w)
	}
	// Output:
	// app: shop production
	// http.addr: :9000
	// jobs.queues: map[default:10 mail:2]
	// observe: json info shop
	// warning: FORGE_OBSERVE_LOG_LEVLE is not a Forge setting and is ignored; did you mean FORGE_OBSERVE_LOG_LEVEL?
}

func ExampleLoadFrom_errors() {
	// testdata/bad.toml:
	//
	//	[http]
	//	addr = ":8080"
	//	# "adress" is a typo.
	//	adress = ":8081"
	//	read_timeout = "fast"
	//
	//	[observe]
	//	log_format = "json"
	//	log_level = "verbose"
	env := []string{
		"FORGE_ENV=production",
		"FORGE_DATABASE_MAX_CONNS=ten",
	}
	_, err := config.LoadFrom("testdata/bad.toml", env)
	fmt.Println(err)
	// Output:
	// testdata/bad.toml:4: unknown key http.adress
	// testdata/bad.toml:5: http.read_timeout: not a duration such as "15s": "fast"
	// testdata/bad.toml:9: observe.log_level: must be one of debug, info, warn, error; got "verbose"
	// FORGE_DATABASE_MAX_CONNS: not an integer: "ten"
	// auth.secret: must be at least 32 bytes in production, got 0; generate one with `openssl rand -base64 32`
}
