#!/bin/sh
# bench/gazelle.sh - what the forge Gazelle extension adds to Gazelle with
# the Go language alone, over gazelle_ext's 1,000-package repository
# (issue 10, section 6: at most 1.3×). It runs BenchmarkGazelleOverhead,
# which alternates the two, with the repository on a tmpfs, and prints the
# ratios.
#
#   bench/gazelle.sh             # 5 iterations
#   ROUNDS=9 bench/gazelle.sh
#
# BENCH_TMPDIR picks the directory for the repository; by default /dev/shm
# where it is a tmpfs: on a disk, creating 1,000 BUILD files costs more
# than the extension and hides it.
set -eu
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
dir=${BENCH_TMPDIR:-}
if [ -z "$dir" ]; then
	if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
		dir=/dev/shm
	else
		dir=${TMPDIR:-/tmp}
		echo "bench/gazelle.sh: no tmpfs at /dev/shm; using $dir, where file creation may hide the extension's cost" >&2
	fi
fi
out=$(TMPDIR=$dir "${GO:-go}" test ./gazelle_ext -run '^$' -bench 'GazelleOverhead$' -benchtime "${rounds}x" -benchmem)
echo "$out"
echo "$out" | awk '/^BenchmarkGazelleOverhead/ {
	for (i = 2; i < NF; i++) m[$(i + 1)] = $i
	printf "\ngazelle over 1,000 packages, %s iterations, medians: go alone %.0f ms, go+forge %.0f ms\n", $2, m["go-ms"], m["go+forge-ms"]
	printf "overhead (go+forge ÷ go): wall %.2f×", m["overhead-x"]
	if ("cpu-overhead-x" in m) printf ", CPU %.2f× (%.0f ms ÷ %.0f ms)", m["cpu-overhead-x"], m["go+forge-cpu-ms"], m["go-cpu-ms"]
	printf "; target at most 1.30×\n"
}'
