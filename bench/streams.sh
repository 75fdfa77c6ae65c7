#!/bin/sh
# bench/streams.sh - what an idle event stream costs the shop in memory
# (issue 11, section 2: at most 16 KiB per stream at 1,000 streams). A thin
# wrapper: the benchmark is the Go program bench/streams, and the flags
# are its flags:
#
#   bench/streams.sh                          # 1,000 streams, 3 rounds
#   bench/streams.sh -baseline /tmp/shop-old  # side by side with another build
#
# It needs FORGE_TEST_DATABASE_URL, or runs under tools/postgres.sh run.
# See bench/README.md.
set -eu
cd "$(dirname "$0")/.."
exec "${GO:-go}" run ./bench/streams "$@"
