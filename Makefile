# Forge's entry points. `make demo` is the main job; `make test` runs every
# test, starting a throwaway PostgreSQL itself (tools/postgres.sh) unless
# FORGE_TEST_DATABASE_URL names a server.

GO       ?= go
FUZZTIME ?= 60s

.PHONY: demo test check fuzz bench bazel-e2e

## demo: generate the example shop, build it with go build, run it against
## a throwaway PostgreSQL and drive it with the scripted client
demo:
	$(GO) run ./forge/cmd/forge generate -C examples/shop
	@mkdir -p .cache/bin
	$(GO) build -o .cache/bin/shop ./examples/shop
	$(GO) build -o .cache/bin/democlient ./examples/shop/democlient
	tools/postgres.sh run .cache/bin/democlient -bin .cache/bin/shop

## test: vet, gofmt, then every Go test against a real PostgreSQL
test: check
	tools/install-deps.sh
	tools/postgres.sh run $(GO) test ./...

## check: generated code is fresh, go vet, gofmt (testdata holds deliberately broken files)
check:
	$(GO) run ./forge/cmd/forge generate -C examples/shop --check
	$(GO) vet ./...
	@unformatted=$$(find . -name '*.go' -not -path '*/testdata/*' -not -path './.cache/*' -not -path './bazel-*' -print0 | xargs -0 gofmt -l); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

## fuzz: fuzz the schema parser for FUZZTIME (default 60s)
fuzz:
	$(GO) test ./forge/parser -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)

## bench: the generator and data-layer benchmarks against a real PostgreSQL
bench:
	tools/postgres.sh run $(GO) test -run '^$$' -bench . -benchmem ./forge/gen/ ./examples/shop/internal/benchmark/

## bazel-e2e: the repository and the shop through real Bazel (tools/bazel/):
## build and test every target, then the shop's generate/stamp/image/push checks
bazel-e2e:
	tools/postgres.sh run sh -c 'tools/bazel/e2e.sh && tools/bazel/shop_e2e.sh'
