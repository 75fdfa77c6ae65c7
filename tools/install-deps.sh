#!/usr/bin/env bash
# tools/install-deps.sh - install the system tools forge's tests need that the
# Go toolchain does not bring.
#
# Usage:
#   tools/install-deps.sh
#
# Today that is promtool, from Debian's `prometheus` package: the
# runtime/observe tests pipe the admin server's /metrics through
# `promtool check metrics`; and a C compiler (gcc), because `make test` runs
# the Go tests under the race detector, which needs cgo (without a compiler
# the go command turns cgo off and -race fails). PostgreSQL is not installed here: tools/postgres.sh
# installs it on first use.
#
# Idempotent: prints nothing and exits 0 when everything is present. Needs
# apt-get, and root or passwordless sudo, only when something is missing.
#
# Installing the `prometheus` package would normally also start a Prometheus
# server, which listens on :9090 - the port forge's admin server defaults to
# (127.0.0.1:9090). We want promtool only, so during the install a
# policy-rc.d forbids starting services (unless the host already has one), the
# service is disabled on systemd hosts, and the script checks afterwards that
# no new prometheus process is running.
set -euo pipefail

PROG=${0##*/}
POLICY=/usr/sbin/policy-rc.d
POLICY_MARKER="# forge tools/install-deps.sh: temporary, removed when it exits"
SUDO=()

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# need_root: set SUDO so that "${SUDO[@]}" CMD runs CMD as root.
need_root() {
	[[ $(id -u) -eq 0 ]] && return 0
	if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
		SUDO=(sudo -n)
		return 0
	fi
	die "$1 is missing and cannot be installed: not root and no passwordless sudo. Install it yourself (e.g. 'sudo apt-get install --no-install-recommends $2')."
}

# apt_install PKG...: install with apt-get; on failure (often stale package
# lists) run apt-get update and retry once.
apt_install() {
	local -a apt=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0)
	if ! "${apt[@]}" install --no-install-recommends "$@" >&2; then
		log "apt-get install $* failed; running apt-get update and retrying once"
		"${apt[@]}" update >&2 || die "apt-get update failed"
		"${apt[@]}" install --no-install-recommends "$@" >&2 || die "apt-get install $* failed"
	fi
}

# remove_policy: remove the policy-rc.d this script created, and no other.
remove_policy() {
	if [[ -f $POLICY ]] && grep -qxF "$POLICY_MARKER" "$POLICY" 2>/dev/null; then
		"${SUDO[@]}" rm -f -- "$POLICY"
	fi
}

# prometheus_pids: PIDs of running Prometheus servers, one per line (none: empty).
prometheus_pids() { pgrep -x prometheus 2>/dev/null | sort || true; }

install_promtool() {
	local before after started t0=$SECONDS
	command -v promtool >/dev/null 2>&1 && return 0
	command -v apt-get >/dev/null 2>&1 ||
		die "promtool is missing and apt-get is not available; install Prometheus' promtool and put it on PATH"
	need_root promtool prometheus
	log "promtool not found; installing Debian package prometheus (for promtool only)"

	before=$(prometheus_pids)
	if [[ ! -e $POLICY ]]; then
		# invoke-rc.d and deb-systemd-invoke consult policy-rc.d; 101 means
		# "action forbidden", so the package's postinst starts nothing.
		trap remove_policy EXIT
		trap 'exit 130' INT
		trap 'exit 143' TERM
		printf '#!/bin/sh\n%s\nexit 101\n' "$POLICY_MARKER" | "${SUDO[@]}" tee "$POLICY" >/dev/null
		"${SUDO[@]}" chmod 0755 "$POLICY"
	fi
	apt_install prometheus
	remove_policy
	trap - EXIT INT TERM

	# The package enables its unit; keep it from starting at the next boot.
	if [[ -d /run/systemd/system ]]; then
		"${SUDO[@]}" systemctl disable --now prometheus.service >/dev/null 2>&1 ||
			log "warning: could not disable prometheus.service; run 'systemctl disable --now prometheus'"
	fi
	after=$(prometheus_pids)
	started=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep . || true)
	if [[ -n $started ]]; then
		log "the prometheus package started a server (pid ${started//$'\n'/ }); stopping it"
		"${SUDO[@]}" invoke-rc.d prometheus stop >/dev/null 2>&1 ||
			"${SUDO[@]}" service prometheus stop >/dev/null 2>&1 || true
		if pgrep -x prometheus >/dev/null 2>&1; then
			log "warning: a prometheus server is still running; it holds :9090, forge's default admin port"
		fi
	fi

	command -v promtool >/dev/null 2>&1 || die "installed prometheus but promtool is still not on PATH"
	log "installed $(promtool --version 2>&1 | head -n 1) in $((SECONDS - t0))s"
}

# install_cc: the C compiler the go command uses for cgo (go env CC; gcc
# unless set), which -race needs.
install_cc() {
	local cc t0=$SECONDS
	cc=$(go env CC 2>/dev/null || true)
	command -v "${cc:-gcc}" >/dev/null 2>&1 && return 0
	command -v apt-get >/dev/null 2>&1 ||
		die "the C compiler ${cc:-gcc} is missing and apt-get is not available; install one (the race detector needs cgo)"
	need_root "a C compiler" "gcc libc6-dev"
	log "C compiler ${cc:-gcc} not found; installing gcc (the race detector needs cgo)"
	apt_install gcc libc6-dev
	command -v "${cc:-gcc}" >/dev/null 2>&1 || die "installed gcc but ${cc:-gcc} is still not on PATH; set CC"
	log "installed $(gcc --version | head -n 1) in $((SECONDS - t0))s"
}

install_promtool
install_cc
