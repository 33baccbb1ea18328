#!/usr/bin/env bash
# Load test of `tether serve` on the generated 100k-pod inventory (the `scale` benchmark's store):
# wrk mixes trace calls for pods, images and CVEs through GET /api/v1/trace, and explorer queries (the built-in
# templates through GET /api/v1/query/templates/NAME/run and a typed query through POST /api/v1/query), with a viewer token.
# Prints wrk's req/s, latency percentiles and non-2xx count, and the server's peak RSS (VmHWM).
#
#   scripts/bench-serve.sh [PODS] [DURATION] [CONNECTIONS]      defaults: 100000 30s 16
#
# Needs wrk (apt-get install wrk) and sqlite3. The store is generated once into $TMPDIR/tether-bench.
set -euo pipefail
cd "$(dirname "$0")/.."
PODS=${1:-100000}
DURATION=${2:-30s}
CONNECTIONS=${3:-16}
WORK=${TMPDIR:-/tmp}/tether-bench
DB=$WORK/bench-$PODS.db
TETHER=src/Tether.Cli/bin/Release/net10.0/tether.dll
mkdir -p "$WORK"

dotnet build -c Release src/Tether.Cli -v q -nologo >/dev/null
# The marker says the generation finished: an interrupted one leaves a partial store that must not be measured.
if [ ! -f "$DB.done" ]; then
  dotnet run -c Release --project benchmarks/Tether.Benchmarks -- scale "$PODS"
  touch "$DB.done"
fi

SECRET=$(dotnet "$TETHER" token create --db "$DB" --name "bench-$(date +%s%N)" --role viewer 2>/dev/null)
PORT=$((20000 + RANDOM % 20000))
dotnet "$TETHER" serve --db "$DB" --listen "http://127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

# Targets taken from the store: pods (with their cluster), image digests, vulnerability ids.
LUA=$WORK/serve-mix.lua
{
  echo "local pods = {"
  sqlite3 "$DB" "SELECT key FROM nodes WHERE kind = 'pod' AND ended_at IS NULL ORDER BY random() LIMIT 500" |
    awk -F/ '{ printf "  \"/api/v1/trace?target=pod/%s/%s&cluster=%s\",\n", $2, $3, $1 }'
  echo "}"
  echo "local images = {"
  sqlite3 "$DB" "SELECT key FROM nodes WHERE kind = 'image' ORDER BY random() LIMIT 500" | awk '{ printf "  \"/api/v1/trace?target=%s\",\n", $1 }'
  echo "}"
  echo "local cves = {"
  sqlite3 "$DB" "SELECT key FROM nodes WHERE kind = 'vulnerability' ORDER BY random() LIMIT 100" | awk '{ printf "  \"/api/v1/trace?target=%s\",\n", $1 }'
  echo "}"
  echo "local templates = {"
  dotnet "$TETHER" query --list-templates -o json | grep -o '"name": *"[^"]*"' | sed -E 's/.*"([^"]*)"$/\1/' |
    awk '{ printf "  \"/api/v1/query/templates/%s/run?limit=20\",\n", $1 }'
  echo "}"
  cat <<LUA
wrk.headers["Authorization"] = "Bearer $SECRET"
math.randomseed(42)
-- 40% pods, 40% images, 10% CVEs (a CVE trace covers every image that has it: the heavy call), 5% explorer
-- templates, 5% a typed explorer query. A store without vulnerability nodes (the plain scale inventory) gets pods
-- and images in place of CVEs.
if #cves == 0 then cves = images end
local query = '{"query": "workloads where pods(internet_exposed)"}'
-- wrk.format replaces wrk.headers when given headers: the POST carries the token itself.
local post_headers = { ["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"] }
request = function()
  local r = math.random()
  if r >= 0.95 then
    return wrk.format("POST", "/api/v1/query?limit=20", post_headers, query)
  end
  local list = r < 0.40 and pods or (r < 0.80 and images or (r < 0.90 and cves or templates))
  return wrk.format("GET", list[math.random(#list)])
end
LUA
} >"$LUA"

# Warm up (JIT, SQLite page cache), then measure.
wrk -t2 -c"$CONNECTIONS" -d5s -s "$LUA" "http://127.0.0.1:$PORT" >/dev/null
echo "pods=$PODS duration=$DURATION connections=$CONNECTIONS (store $(du -h "$DB" | cut -f1))"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA" "http://127.0.0.1:$PORT"
echo "server peak RSS: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' /proc/$SERVER/status)"
