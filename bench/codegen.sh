#!/bin/sh
# bench/codegen.sh - forge generate against sqlc generate on the same
# N-table schema (issue 10, section 6). A thin wrapper: the benchmark is
# the Go program bench/codegen, and the flags are its flags:
#
#   bench/codegen.sh                      # N = 50, 200, 400; 5 rounds
#   bench/codegen.sh -n 200 -rounds 9
#
# The first run installs sqlc into .cache/bin (cgo and a C compiler needed).
# See bench/README.md.
set -eu
cd "$(dirname "$0")/.."
exec "${GO:-go}" run ./bench/codegen "$@"
