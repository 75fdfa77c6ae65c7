#!/bin/sh
# bench/fanout.sh - the notify hub's fan-out against a hand-written one
# (issue 11, section 2: at least 1.0× the throughput, p99 no worse). It
# runs BenchmarkFanout of runtime/notify, which alternates the two over
# 4 publishers and 1,000 subscribers on a real PostgreSQL, and prints the
# medians and ratios.
#
#   bench/fanout.sh              # 9 rounds
#   ROUNDS=15 bench/fanout.sh
#   bench/fanout.sh -fanout.subscribers=4000   # flags go to the benchmark
#
# It needs FORGE_TEST_DATABASE_URL, or runs under tools/postgres.sh run
# (as make bench-fanout does). See bench/README.md.
set -eu
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-9}
out=$("${GO:-go}" test ./runtime/notify -run '^$' -bench 'Fanout$' -benchtime "${rounds}x" -count 1 "$@")
echo "$out"
echo "$out" | awk '/^BenchmarkFanout.*throughput-x/ {
	for (i = 2; i < NF; i++) m[$(i + 1)] = $i
	printf "\nfan-out to 1,000 subscribers from 4 publishers, %s rounds, medians:\n", $2
	printf "  %-12s %10s %10s %10s %14s\n", "", "events/s", "p50 ms", "p99 ms", "CPU us/event"
	printf "  %-12s %10.0f %10.1f %10.1f %14.0f\n", "hub", m["hub-events/s"], m["hub-p50-ms"], m["hub-p99-ms"], m["hub-cpu-us/event"]
	printf "  %-12s %10.0f %10.1f %10.1f %14.0f\n", "hand-written", m["hand-events/s"], m["hand-p50-ms"], m["hand-p99-ms"], m["hand-cpu-us/event"]
	printf "hub ÷ hand-written (median of the rounds): throughput %.2f× (target at least 1.00), p99 %.2f× (target at most 1.00), CPU %.2f×\n", m["throughput-x"], m["p99-x"], m["cpu-x"]
}'
