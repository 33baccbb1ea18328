#!/usr/bin/env bash
# Runs the whole test suite: installs and starts the real servers the tests need, runs every
# test project, stops the servers, and ends with one "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
# Debian's Chromium for the web UI's browser tests (Playwright drives it; no browser download).
scripts/chromium.sh

state=$(mktemp -d /tmp/tether-test-services.XXXXXX)
# PostgreSQL runs as the postgres user when we are root, so its folder must be reachable by that user.
pgstate=$(mktemp -d /tmp/tether-test-pg.XXXXXX)
cleanup() {
  scripts/registry.sh stop "$state" || true
  scripts/postgres.sh stop "$pgstate" || true
  rm -rf "$state" "$pgstate"
}
trap cleanup EXIT
eval "$(scripts/registry.sh start "$state")"
eval "$(scripts/postgres.sh start "$pgstate")"

log="$state/test.log"
set +e
dotnet test Tether.slnx -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary per test project; add them up into the line CI reads.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo
echo "$passed passed, $failed failed"
exit "$status"
