#!/usr/bin/env bash
# bench/race_cost.sh - what the race detector costs make go-test: the Go
# tests as make test ran them before (go test -count=1 ./..., the test cache
# aside) against how it runs them now (go test -race -count=1 ./...),
# alternating, and prints each run's wall and CPU time, the medians and the
# ratios race ÷ plain.
#
#   tools/postgres.sh run bench/race_cost.sh                  # ROUNDS=2, warm build cache
#   COLD=1 ROUNDS=1 tools/postgres.sh run bench/race_cost.sh  # an empty GOCACHE per run, as on a clean CI machine
#
# Warm: one untimed run of each first, so both compile before timing. Cold:
# each run gets a fresh GOCACHE (the module cache stays), so it compiles
# everything, the race-instrumented standard library and dependencies
# included, and so do the go builds that some tests run. A failing run
# stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-2}
cold=${COLD:-}
go=${GO:-go}
[[ -n ${FORGE_TEST_DATABASE_URL:-} ]] || { echo "race_cost.sh: run under tools/postgres.sh run (FORGE_TEST_DATABASE_URL)" >&2; exit 1; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT

# run NAME FLAGS...: one go test ./... run; appends "NAME wall cpu" to $results.
run() {
	local name=$1 cache=${GOCACHE:-} out times
	shift
	[[ -n $cold ]] && cache=$(mktemp -d)
	out=$(mktemp)
	if ! GOCACHE=${cache:-$("$go" env GOCACHE)} /usr/bin/time -f '%e %U %S' -o "$out.time" "$go" test "$@" ./... >"$out" 2>&1; then
		cat "$out" >&2
		echo "race_cost.sh: go test $* failed" >&2
		exit 1
	fi
	read -r wall user sys <"$out.time"
	rm -f "$out" "$out.time"
	[[ -n $cold ]] && rm -rf "$cache"
	times=$(awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f %.1f", w, u + s }')
	echo "$name $times" >>"$results"
	printf '%-6s wall %7.1f s  cpu %7.1f s  (load %s)\n' "$name" $times "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
}

if [[ -z $cold ]]; then
	echo "warming up (untimed)"
	"$go" test -count=1 ./... >/dev/null 2>&1 || true
	"$go" test -race -count=1 ./... >/dev/null 2>&1 || true
fi
for ((i = 1; i <= rounds; i++)); do
	run plain -count=1
	run race -race -count=1
done

awk '
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$1 == "plain" { pw[++np] = $2; pc[np] = $3 }
$1 == "race" { rw[++nr] = $2; rc[nr] = $3 }
END {
	mpw = median(pw, np); mpc = median(pc, np); mrw = median(rw, nr); mrc = median(rc, nr)
	printf "\nmedians of %d runs each: plain wall %.1f s, cpu %.1f s; race wall %.1f s, cpu %.1f s\n", np, mpw, mpc, mrw, mrc
	printf "race ÷ plain: wall %.2f×, cpu %.2f×\n", mrw / mpw, mrc / mpc
}' "$results"
