#!/usr/bin/env bash
# tools/bazel/registry.sh - a throwaway OCI registry (Debian's docker-registry)
# on loopback, for the image push end-to-end test.
#
#   tools/bazel/registry.sh start DIR [PORT]
#                                       install docker-registry and skopeo if missing, start a
#                                       registry storing under DIR on 127.0.0.1:PORT (default: a
#                                       port the registry binds itself and logs), print host:port
#   tools/bazel/registry.sh stop DIR    stop it (idempotent)
#
# The package's own service is never started: a policy-rc.d forbids it during
# the install, as tools/install-deps.sh does for prometheus.
set -euo pipefail

PROG=${0##*/}
log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "error: $*"; exit 1; }

POLICY=/usr/sbin/policy-rc.d
POLICY_MARKER="# forge tools/bazel/registry.sh: temporary, removed when it exits"

remove_policy() {
	if [[ -f $POLICY ]] && grep -qxF "$POLICY_MARKER" "$POLICY" 2>/dev/null; then
		rm -f -- "$POLICY"
	fi
}

install() {
	local missing=()
	command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
	command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
	((${#missing[@]})) || return 0
	[[ $(id -u) -eq 0 ]] || die "${missing[*]} missing; install them: apt-get install --no-install-recommends ${missing[*]}"
	log "installing ${missing[*]}"
	if [[ ! -e $POLICY ]]; then
		trap remove_policy EXIT
		printf '#!/bin/sh\n%s\nexit 101\n' "$POLICY_MARKER" >"$POLICY"
		chmod 0755 "$POLICY"
	fi
	local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0)
	"${apt[@]}" install --no-install-recommends "${missing[@]}" >&2 ||
		{ "${apt[@]}" update >&2 && "${apt[@]}" install --no-install-recommends "${missing[@]}" >&2; } ||
		die "apt-get install ${missing[*]} failed"
	remove_policy
	trap - EXIT
	# Debian's unit may be enabled; this registry is ours alone.
	if [[ -d /run/systemd/system ]]; then
		systemctl disable --now docker-registry.service >/dev/null 2>&1 || true
	fi
}

start() {
	local dir=$1 port=${2:-0} addr=""
	install
	mkdir -p "$dir/storage"
	stop "$dir"
	# Port 0: the registry binds a free port itself and logs "listening on
	# ADDR"; a port picked here could be taken before the registry binds it.
	cat >"$dir/config.yml" <<CONFIG
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/storage
http:
  addr: 127.0.0.1:$port
CONFIG
	docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
	echo $! >"$dir/pid"
	for _ in $(seq 100); do
		[[ -n $addr ]] || addr=$(sed -n 's/.*listening on \(127\.0\.0\.1:[0-9]*\).*/\1/p' "$dir/registry.log" | head -n 1)
		if [[ -n $addr ]] && curl -fsS "http://$addr/v2/" >/dev/null 2>&1; then
			echo "$addr"
			return 0
		fi
		sleep 0.1
	done
	cat "$dir/registry.log" >&2
	die "the registry did not answer within 10 s (port ${addr:-$port})"
}

stop() {
	local dir=$1 pid
	[[ -f $dir/pid ]] || return 0
	pid=$(cat "$dir/pid")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	rm -f "$dir/pid"
}

case ${1:-} in
start) start "${2:?usage: $PROG start DIR [PORT]}" "${3:-}" ;;
stop) stop "${2:?usage: $PROG stop DIR}" ;;
*) die "usage: $PROG start|stop DIR" ;;
esac
