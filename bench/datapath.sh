#!/bin/sh
# bench/datapath.sh - the shop's generated data path against hand-written
# pgx and River code (issue 10, section 6). A thin wrapper: the benchmark is
# the Go program bench/datapath, and the flags are its flags:
#
#   bench/datapath.sh                      # Create, Get, List at c=1 and c=8; 7 rounds
#   bench/datapath.sh -rounds 15 -ops List
#
# It needs FORGE_TEST_DATABASE_URL, or runs under tools/postgres.sh run.
# See bench/README.md.
set -eu
cd "$(dirname "$0")/.."
exec "${GO:-go}" run ./bench/datapath "$@"
