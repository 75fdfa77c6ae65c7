# Forge's entry points. `make demo` is the main job; `make test` runs every
# test, starting a throwaway PostgreSQL itself (tools/postgres.sh) unless
# FORGE_TEST_DATABASE_URL names a server.

GO       ?= go
FUZZTIME ?= 60s

.PHONY: demo test check fuzz

## demo: parse the example app's schema and print its IR
demo:
	$(GO) run ./forge/cmd/forge generate -C examples/shop --ir

## test: vet, gofmt, then every Go test against a real PostgreSQL
test: check
	tools/install-deps.sh
	tools/postgres.sh run $(GO) test ./...

## check: go vet and gofmt (testdata holds deliberately broken files)
check:
	$(GO) vet ./...
	@unformatted=$$(find . -name '*.go' -not -path '*/testdata/*' -not -path './.cache/*' -not -path './bazel-*' -print0 | xargs -0 gofmt -l); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

## fuzz: fuzz the schema parser for FUZZTIME (default 60s)
fuzz:
	$(GO) test ./forge/parser -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
