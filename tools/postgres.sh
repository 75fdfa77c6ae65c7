#!/usr/bin/env bash
# tools/postgres.sh - a throwaway PostgreSQL server for forge tests and demos.
#
# Usage:
#   tools/postgres.sh start            start a cluster (or reuse the running one), print its URL
#   tools/postgres.sh url              print the URL of the running cluster
#   tools/postgres.sh stop             stop the cluster and delete its data (idempotent)
#   tools/postgres.sh restart          restart the running cluster (same port and data), print its URL
#   tools/postgres.sh run CMD [ARGS]   run CMD with FORGE_TEST_DATABASE_URL pointing at a
#                                      private cluster that is deleted afterwards
#
# The cluster is for tests only: trust authentication, fsync off, listening on
# 127.0.0.1 only, data in a fresh temporary directory. Never put data you care
# about in it.
#
# `start`, `url`, `stop` and `restart` share the state file
#   ${FORGE_PG_STATE:-${TMPDIR:-/tmp}/forge-postgres-$(id -u).env}
# `run` uses its own private state file, so concurrent `run`s and a `start`ed
# cluster never interfere with each other. If FORGE_TEST_DATABASE_URL is already
# set, `run` just executes CMD against that server.
#
# Only the URL goes to stdout; progress and errors go to stderr.
set -euo pipefail

PROG=${0##*/}
TMP_BASE=${TMPDIR:-/tmp}
TMP_BASE=${TMP_BASE%/}
[[ -n $TMP_BASE ]] || TMP_BASE=/
MARKER=.forge-postgres       # marks directories this script created (and may delete)
PORT_MIN=20000
PORT_MAX=60000
START_TRIES=5

# Globals describing the cluster being started or read from a state file.
PG_BINDIR=""
PG_DIR=""
PG_PORT=""
PG_URL=""
# Cleanup bookkeeping (see on_exit).
PENDING_DIR=""   # cluster directory created by this process but not yet recorded in a state file
RUN_DIR=""       # private directory of `run`
RUN_STATE=""     # private state file of `run`

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

usage() {
	cat >&2 <<EOF
usage: $PROG start | url | stop | restart | run CMD [ARGS...]

  start   start a throwaway PostgreSQL (or reuse the running one) and print its URL
  url     print the URL of the running cluster (exit 1 if none)
  stop    stop the cluster and delete its data directory (exit 0 if none)
  restart restart the running cluster, keeping its port and data (exit 1 if none);
          clients are disconnected, as in a server crash or failover
  run     run CMD with FORGE_TEST_DATABASE_URL set to a private throwaway cluster,
          which is deleted afterwards; exits with CMD's status

state file: \${FORGE_PG_STATE:-\${TMPDIR:-/tmp}/forge-postgres-\$(id -u).env}
EOF
}

is_root() { [[ $(id -u) -eq 0 ]]; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# as_pg CMD...: run CMD as the owner of the cluster. PostgreSQL refuses to run
# as root, so root runs it as the `postgres` OS user. The lock descriptor (9)
# is closed so a started server never inherits the lock.
as_pg() {
	if is_root; then
		(cd / && runuser -u postgres -- "$@" 9<&-)
	else
		(cd / && "$@" 9<&-)
	fi
}

# ---------------------------------------------------------------------------
# Finding (or installing) the server binaries

bindir_candidate() {
	local dir
	if command -v pg_config >/dev/null 2>&1; then
		dir=$(pg_config --bindir 2>/dev/null || true)
		if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]]; then
			printf '%s\n' "$dir"
			return 0
		fi
	fi
	dir=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1 || true)
	if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]]; then
		printf '%s\n' "$dir"
		return 0
	fi
	return 1
}

apt_install_postgresql() {
	local -a sudo=()
	if ! is_root; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
			sudo=(sudo -n)
		else
			die "PostgreSQL server binaries (initdb, pg_ctl) not found and cannot install them: not root and no passwordless sudo. Install PostgreSQL (e.g. 'sudo apt-get install postgresql') or put pg_config on PATH."
		fi
	fi
	command -v apt-get >/dev/null 2>&1 ||
		die "PostgreSQL server binaries (initdb, pg_ctl) not found and apt-get is not available; install PostgreSQL manually."
	log "PostgreSQL server binaries not found; installing with apt-get (this can take a minute)"
	if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2; then
		log "apt-get install failed; running apt-get update and retrying once"
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >&2 ||
			die "apt-get update failed"
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2 ||
			die "apt-get install -y postgresql failed"
	fi
}

find_bindir() {
	if PG_BINDIR=$(bindir_candidate); then
		return 0
	fi
	apt_install_postgresql
	PG_BINDIR=$(bindir_candidate) ||
		die "installed postgresql but still found no initdb (tried pg_config --bindir and /usr/lib/postgresql/*/bin)"
}

# ---------------------------------------------------------------------------
# State files: KEY=VALUE lines, parsed (never sourced).

write_state() { # write_state FILE
	local file=$1 tmp
	tmp=$(mktemp "$file.XXXXXX")
	{
		printf 'PG_DIR=%s\n' "$PG_DIR"
		printf 'PG_DATA=%s\n' "$PG_DIR/data"
		printf 'PG_PORT=%s\n' "$PG_PORT"
		printf 'PG_URL=%s\n' "$PG_URL"
		printf 'PG_BINDIR=%s\n' "$PG_BINDIR"
	} >"$tmp"
	chmod 0644 "$tmp"
	mv -f "$tmp" "$file"
}

read_state() { # read_state FILE; returns 1 if FILE does not exist
	local file=$1 key value
	PG_DIR="" PG_PORT="" PG_URL="" PG_BINDIR=""
	[[ -f $file ]] || return 1
	while IFS='=' read -r key value; do
		case $key in
		PG_DIR) PG_DIR=$value ;;
		PG_PORT) PG_PORT=$value ;;
		PG_URL) PG_URL=$value ;;
		PG_BINDIR) PG_BINDIR=$value ;;
		esac
	done <"$file"
	return 0
}

# lock_state FILE: serialize start/stop on one state file (best effort, needs flock).
# Locks the directory holding the state file, so no lock file is left behind.
lock_state() {
	local dir
	command -v flock >/dev/null 2>&1 || return 0
	dir=$(dirname -- "$1")
	[[ -d $dir ]] || return 0
	exec 9<"$dir"
	if ! flock -w 120 9; then
		die "timed out waiting for another $PROG on $1"
	fi
}

unlock_state() { exec 9<&-; }

# ---------------------------------------------------------------------------
# Cluster operations

cluster_running() { # cluster_running DIR BINDIR
	local dir=$1 bindir=$2
	[[ -n $dir && -f $dir/data/postmaster.pid && -x $bindir/pg_ctl ]] || return 1
	as_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

# destroy_cluster DIR BINDIR: stop the server (if any) and delete DIR, but only
# if DIR carries our marker file.
destroy_cluster() {
	local dir=$1 bindir=$2 pid
	[[ -n $dir && -d $dir ]] || return 0
	if [[ ! -e $dir/$MARKER ]]; then
		log "warning: $dir was not created by $PROG; not deleting it"
		return 0
	fi
	if [[ -f $dir/data/postmaster.pid ]]; then
		if [[ -x $bindir/pg_ctl ]] &&
			as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
			:
		elif [[ -f $dir/data/postmaster.pid ]]; then
			pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
			if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
				log "pg_ctl stop failed; sending SIGQUIT to postmaster $pid"
				kill -QUIT "$pid" 2>/dev/null || true
				for _ in $(seq 50); do
					kill -0 "$pid" 2>/dev/null || break
					sleep 0.1
				done
			fi
		fi
	fi
	rm -rf -- "$dir"
}

random_port() {
	if command -v shuf >/dev/null 2>&1; then
		shuf -i "$PORT_MIN-$PORT_MAX" -n 1
	else
		echo $(((RANDOM << 15 | RANDOM) % (PORT_MAX - PORT_MIN + 1) + PORT_MIN))
	fi
}

port_in_use() { # something accepts connections on 127.0.0.1:PORT
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
	local port
	for _ in $(seq 50); do
		port=$(random_port)
		if ! port_in_use "$port"; then
			echo "$port"
			return 0
		fi
	done
	die "could not find a free port in $PORT_MIN-$PORT_MAX"
}

conf_quote() { # single-quote a postgresql.conf string value
	local s=${1//\'/\'\'}
	printf "'%s'" "$s"
}

# create_cluster BASE: initdb + start a new cluster in a fresh directory under
# BASE; sets PG_DIR, PG_PORT, PG_URL. On failure everything is removed again.
create_cluster() {
	local base=$1 t0 dir data logfile port attempt
	t0=$(now)
	find_bindir
	if is_root; then
		command -v runuser >/dev/null 2>&1 || die "running as root needs runuser (util-linux) to run PostgreSQL as the postgres user"
		id -u postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' OS user to run the server as (PostgreSQL refuses to run as root)"
	fi

	dir=$(mktemp -d "$base/forge-postgres.XXXXXXXX")
	PENDING_DIR=$dir
	: >"$dir/$MARKER"
	if is_root; then
		chown postgres "$dir"
		if ! runuser -u postgres -- test -w "$dir" -a -x "$dir"; then
			die "the postgres user cannot access $dir (is a parent directory private?); set TMPDIR to a directory like /tmp"
		fi
	fi
	data=$dir/data
	logfile=$dir/postgres.log

	log "initdb $data (binaries: $PG_BINDIR)"
	if ! as_pg "$PG_BINDIR/initdb" -D "$data" --auth=trust -U postgres --encoding=UTF8 \
		--locale=C --no-sync >"$dir/initdb.log" 2>&1; then
		tail -n 30 "$dir/initdb.log" >&2 || true
		die "initdb failed"
	fi
	cat >>"$data/postgresql.conf" <<EOF

# --- forge throwaway test server (tools/postgres.sh); never use for real data ---
listen_addresses = '127.0.0.1'
unix_socket_directories = $(conf_quote "$dir")
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF

	for attempt in $(seq "$START_TRIES"); do
		port=$(free_port)
		rm -f "$logfile"
		if as_pg "$PG_BINDIR/pg_ctl" -D "$data" -l "$logfile" -w -t 30 -o "-p $port" start >/dev/null 2>&1; then
			PG_DIR=$dir
			PG_PORT=$port
			PG_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
			log "PostgreSQL started on 127.0.0.1:$port in $(elapsed "$t0")s (data: $data)"
			return 0
		fi
		if grep -qE 'could not bind|could not create any TCP/IP sockets|[Aa]ddress already in use' "$logfile" 2>/dev/null &&
			[[ $attempt -lt $START_TRIES ]]; then
			log "port $port is taken; retrying with another port"
			# Make sure nothing half-started is left before retrying.
			as_pg "$PG_BINDIR/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
			continue
		fi
		log "PostgreSQL failed to start; last lines of $logfile:"
		tail -n 30 "$logfile" >&2 2>/dev/null || true
		destroy_cluster "$dir" "$PG_BINDIR"
		PENDING_DIR=""
		die "could not start PostgreSQL"
	done
	destroy_cluster "$dir" "$PG_BINDIR"
	PENDING_DIR=""
	die "could not start PostgreSQL: no free port after $START_TRIES tries"
}

# start_with_state FILE BASE: set PG_URL to the URL of the cluster recorded in
# FILE, starting one under BASE (and recording it) if there is none.
start_with_state() {
	local file=$1
	lock_state "$file"
	if read_state "$file"; then
		if cluster_running "$PG_DIR" "$PG_BINDIR"; then
			log "reusing running cluster on port $PG_PORT (state: $file)"
			unlock_state
			return 0
		fi
		log "state file $file is stale; cleaning up"
		destroy_cluster "$PG_DIR" "$PG_BINDIR"
		rm -f -- "$file"
	fi
	create_cluster "$2"
	write_state "$file"
	PENDING_DIR=""
	unlock_state
}

stop_with_state() { # stop_with_state FILE
	local file=$1 t0
	t0=$(now)
	lock_state "$file"
	if ! read_state "$file"; then
		unlock_state
		log "no cluster to stop (no state file $file)"
		return 0
	fi
	destroy_cluster "$PG_DIR" "$PG_BINDIR"
	rm -f -- "$file"
	unlock_state
	log "stopped and deleted cluster on port ${PG_PORT:-?} in $(elapsed "$t0")s"
}

# shellcheck disable=SC2317 # only invoked from traps
# on_exit [STATUS]: remove whatever this process created and did not hand
# over, then exit with STATUS (default: the current exit status).
on_exit() {
	local status=${1:-$?}
	trap - EXIT INT TERM
	if [[ -n $PENDING_DIR ]]; then
		destroy_cluster "$PENDING_DIR" "$PG_BINDIR" || true
		PENDING_DIR=""
	fi
	if [[ -n $RUN_DIR ]]; then
		if [[ -n $RUN_STATE && -f $RUN_STATE ]]; then
			stop_with_state "$RUN_STATE" || true
		fi
		rm -rf -- "$RUN_DIR"
		RUN_DIR=""
	fi
	exit "$status"
}

# ---------------------------------------------------------------------------
# Subcommands

state_file() { printf '%s\n' "${FORGE_PG_STATE:-$TMP_BASE/forge-postgres-$(id -u).env}"; }

cmd_start() {
	start_with_state "$(state_file)" "$TMP_BASE"
	printf '%s\n' "$PG_URL"
}

cmd_url() {
	local file
	file=$(state_file)
	if ! read_state "$file"; then
		log "no running cluster: state file $file does not exist (run '$PROG start')"
		exit 1
	fi
	if ! cluster_running "$PG_DIR" "$PG_BINDIR"; then
		log "no running cluster: state file $file names $PG_DIR, which is not running (run '$PROG start' to start a new one)"
		exit 1
	fi
	printf '%s\n' "$PG_URL"
}

cmd_stop() {
	stop_with_state "$(state_file)"
}

# cmd_restart: pg_ctl restart -w, which disconnects every client and returns
# once the server accepts connections again, on the same port and data.
cmd_restart() {
	local file t0
	t0=$(now)
	file=$(state_file)
	lock_state "$file"
	if ! read_state "$file"; then
		die "no cluster to restart: state file $file does not exist (run '$PROG start')"
	fi
	if ! cluster_running "$PG_DIR" "$PG_BINDIR"; then
		die "no cluster to restart: state file $file names $PG_DIR, which is not running (run '$PROG start')"
	fi
	if ! as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -m fast -w -t 30 \
		-o "-p $PG_PORT" restart >/dev/null 2>&1; then
		log "PostgreSQL failed to restart; last lines of $PG_DIR/postgres.log:"
		tail -n 30 "$PG_DIR/postgres.log" >&2 2>/dev/null || true
		die "could not restart PostgreSQL on port $PG_PORT"
	fi
	unlock_state
	log "restarted cluster on port $PG_PORT in $(elapsed "$t0")s"
	printf '%s\n' "$PG_URL"
}

cmd_run() {
	local status
	[[ $# -gt 0 ]] || {
		usage
		exit 2
	}
	if [[ -n ${FORGE_TEST_DATABASE_URL:-} ]]; then
		exec "$@"
	fi
	trap on_exit EXIT
	trap 'on_exit 130' INT
	trap 'on_exit 143' TERM
	RUN_DIR=$(mktemp -d "$TMP_BASE/forge-postgres-run.XXXXXXXX")
	: >"$RUN_DIR/$MARKER"
	chmod 0711 "$RUN_DIR" # the postgres user must reach the cluster directory inside
	RUN_STATE=$RUN_DIR/state.env
	start_with_state "$RUN_STATE" "$RUN_DIR"
	export FORGE_TEST_DATABASE_URL=$PG_URL
	log "running: $* (FORGE_TEST_DATABASE_URL=$FORGE_TEST_DATABASE_URL)"
	set +e
	"$@"
	status=$?
	set -e
	exit "$status" # on_exit stops and deletes the cluster
}

main() {
	local cmd=${1:-}
	[[ $# -gt 0 ]] && shift
	case $cmd in
	start | url | stop | restart)
		[[ $# -eq 0 ]] || {
			usage
			exit 2
		}
		;;
	esac
	case $cmd in
	start)
		trap on_exit EXIT
		trap 'on_exit 130' INT
		trap 'on_exit 143' TERM
		cmd_start
		;;
	url) cmd_url ;;
	stop) cmd_stop ;;
	restart) cmd_restart ;;
	run) cmd_run "$@" ;;
	-h | --help | help) usage ;;
	*)
		usage
		exit 2
		;;
	esac
}

main "$@"
