#!/usr/bin/env bash
# Runs every test, Postgres and browser included. Starts a throwaway
# Postgres cluster (scripts/pg.sh) unless DATABASE_URL is set, and installs
# Chromium for the dashboard test when it is missing. Extra arguments go to
# "go test" (default: ./...).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "test.sh: $*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
	log "installing chromium for the dashboard test"
	if [ "$(id -u)" = 0 ]; then
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ||
			{ log "could not install chromium"; exit 1; }
	else
		log "chromium is missing and this user cannot install it: sudo apt-get install chromium"
		exit 1
	fi
fi
export SOCIALCRM_REQUIRE_BROWSER=1

if [ -z "${DATABASE_URL:-}" ]; then
	pgdir=$(mktemp -d /tmp/socialcrm-pg.XXXXXX)
	trap 'scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
	DATABASE_URL=$(scripts/pg.sh start "$pgdir") || { log "Postgres did not start"; exit 1; }
fi
export SOCIALCRM_TEST_DATABASE_URL="$DATABASE_URL"
export SOCIALCRM_REQUIRE_POSTGRES=1

log "go vet"
go vet ./...
log "go test (Postgres at ${SOCIALCRM_TEST_DATABASE_URL%%\?*})"
if [ $# -eq 0 ]; then set -- ./...; fi
go test -count=1 -timeout 20m "$@"
