package config_test

import (
	"fmt"

	"github.com/forge-framework/forge/runtime/config"
)

// lookup stands in for os.LookupEnv, which is what Load uses.
func lookup(env map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := env[name]
		return v, ok
	}
}

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
	env := map[string]string{
		"FORGE_HTTP_ADDR":   ":9000", // wins over the file
		"FORGE_ENV":         "production",
		"FORGE_AUTH_SECRET": "0123456789abcdef0123456789abcdef",
	}
	cfg, err := config.LoadFrom("testdata/app.toml", lookup(env))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("app:", cfg.App.Name, cfg.App.Env)
	fmt.Println("http.addr:", cfg.HTTP.Addr)
	fmt.Println("jobs.queues:", cfg.Jobs.Queues)
	fmt.Println("observe:", cfg.Observe.LogFormat, cfg.Observe.ServiceName)
	// Output:
	// app: shop production
	// http.addr: :9000
	// jobs.queues: map[default:10 mail:2]
	// observe: json shop
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
	env := map[string]string{
		"FORGE_ENV":                "production",
		"FORGE_DATABASE_MAX_CONNS": "ten",
	}
	_, err := config.LoadFrom("testdata/bad.toml", lookup(env))
	fmt.Println(err)
	// Output:
	// testdata/bad.toml:4: unknown key http.adress
	// testdata/bad.toml:5: http.read_timeout: not a duration such as "15s": "fast"
	// testdata/bad.toml:9: observe.log_level: must be one of debug, info, warn, error; got "verbose"
	// FORGE_DATABASE_MAX_CONNS: not an integer: "ten"
	// auth.secret: must be at least 32 bytes in production, got 0; generate one with `openssl rand -base64 32`
}
