#!/usr/bin/env bash
# Load test of `tether serve` on the generated 100k-pod inventory (the `scale` benchmark's store):
# wrk mixes trace calls for pods, images and CVEs through GET /api/v1/trace, and explorer queries (the built-in
# templates through GET /api/v1/query/templates/NAME/run and a typed query through POST /api/v1/query), with a viewer token.
# Prints wrk's req/s, latency percentiles and non-2xx count, the server's peak RSS (VmHWM) and CPU time, and the
# machine's load average during the measured run.
#
#   scripts/bench-serve.sh [PODS] [DURATION] [CONNECTIONS]      defaults: 100000 30s 16
#
# Needs wrk (apt-get install wrk) and sqlite3. The store is generated once into $TMPDIR/tether-bench.
# Environment:
#   TETHER_BENCH_TARGETS=N    pod and image targets in the mix (default 500 each)
#   TETHER_BENCH_STORE=FILE   serve this SQLite store instead (e.g. a COPY of the `query` benchmark's query-100000.db,
#                             which has scanner findings); the viewer token is written into it, so never the original
#   TETHER_BENCH_WARMUP=DUR   load before measuring (default 5s; 40s lets the start-up recommendation run finish)
#   TETHER_BENCH_MIX=CLASSES  all (default), or request classes measured one after another against the same server,
#                             comma-separated, to see what each costs: all, pods, images, cves, templates, query
set -euo pipefail
cd "$(dirname "$0")/.."
PODS=${1:-100000}
DURATION=${2:-30s}
CONNECTIONS=${3:-16}
# Pod and image targets drawn from the store (each class): with few, most traces are answered from the server's
# trace cache after their first request; with tens of thousands, most are computed.
TARGETS=${TETHER_BENCH_TARGETS:-500}
WORK=${TMPDIR:-/tmp}/tether-bench
DB=${TETHER_BENCH_STORE:-$WORK/bench-$PODS.db}
MIX=${TETHER_BENCH_MIX:-all}
# The server computes the default recommendations when it starts (seconds at 100k pods, beside the traffic):
# a warm-up longer than that measures the steady state, the default 5 s measures a server just started.
WARMUP=${TETHER_BENCH_WARMUP:-5s}
for class in ${MIX//,/ }; do
  case "$class" in all | pods | images | cves | templates | query) ;; *) echo "TETHER_BENCH_MIX: all, pods, images, cves, templates or query" >&2; exit 2 ;; esac
done
TETHER=src/Tether.Cli/bin/Release/net10.0/tether.dll
mkdir -p "$WORK"

dotnet build -c Release src/Tether.Cli -v q -nologo >/dev/null
# The marker says the generation finished: an interrupted one leaves a partial store that must not be measured.
if [ -n "${TETHER_BENCH_STORE:-}" ]; then
  [ -f "$DB" ] || { echo "TETHER_BENCH_STORE: no file $DB" >&2; exit 2; }
elif [ ! -f "$DB.done" ]; then
  dotnet run -c Release --project benchmarks/Tether.Benchmarks -- scale "$PODS"
  touch "$DB.done"
fi

SECRET=$(dotnet "$TETHER" token create --db "$DB" --name "bench-$(date +%s%N)" --role viewer 2>/dev/null)
PORT=$((20000 + RANDOM % 20000))
dotnet "$TETHER" serve --db "$DB" --listen "http://127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
echo "$(date -u +%T) server starting" >&2
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

# Targets taken from the store: pods (with their cluster), image digests, vulnerability ids.
LUA=$WORK/serve-mix.lua
{
  echo "local pods = {"
  sqlite3 "$DB" "SELECT key FROM nodes WHERE kind = 'pod' AND ended_at IS NULL ORDER BY random() LIMIT ${TARGETS}" |
    awk -F/ '{ printf "  \"/api/v1/trace?target=pod/%s/%s&cluster=%s\",\n", $2, $3, $1 }'
  echo "}"
  echo "local images = {"
  sqlite3 "$DB" "SELECT key FROM nodes WHERE kind = 'image' ORDER BY random() LIMIT ${TARGETS}" | awk '{ printf "  \"/api/v1/trace?target=%s\",\n", $1 }'
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
-- and images in place of CVEs. One class alone (TETHER_BENCH_MIX) gets all the requests.
if #cves == 0 then cves = images end
local mix = os.getenv("BENCH_MIX") or "all"
local classes = { pods = pods, images = images, cves = cves, templates = templates }
local query = '{"query": "workloads where pods(internet_exposed)"}'
-- wrk.format replaces wrk.headers when given headers: the POST carries the token itself.
local post_headers = { ["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"] }
request = function()
  local r = math.random()
  if mix == "query" then r = 1 elseif classes[mix] then
    local list = classes[mix]
    return wrk.format("GET", list[math.random(#list)])
  end
  if r >= 0.95 then
    return wrk.format("POST", "/api/v1/query?limit=20", post_headers, query)
  end
  local list = r < 0.40 and pods or (r < 0.80 and images or (r < 0.90 and cves or templates))
  return wrk.format("GET", list[math.random(#list)])
end
LUA
} >"$LUA"

# Every CVE, every template, the typed query and a sample of pods and images once: a target that does not answer 2xx
# is named here (a script bug if malformed, a finding otherwise) instead of only counted by wrk.
echo "$(date -u +%T) checking every target class" >&2
failed=0
check() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $SECRET" "$@")
  case "$code" in 2??) ;; *) echo "check: HTTP $code for ${*: -1}" >&2; failed=$((failed + 1)) ;; esac
}
for url in $(grep -o '^  "/api/v1/[^"]*"' "$LUA" | tr -d '"' | awk '/target=pod\// { if (p++ >= 20) next } /target=sha256/ { if (i++ >= 20) next } { print }'); do
  check "http://127.0.0.1:$PORT$url"
done
check -X POST -H "Content-Type: application/json" -d '{"query": "workloads where pods(internet_exposed)"}' "http://127.0.0.1:$PORT/api/v1/query?limit=20"
echo "check: $failed failing targets (server log: $WORK/serve.log)"

# Warm up (JIT, SQLite page cache, the explorer's topology), then measure each class. wrk's timeout is the server's
# request timeout (30 s), so slow answers count in the latency rather than as socket timeouts (wrk's default is 2 s).
BENCH_MIX=all wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" --timeout 30s -s "$LUA" "http://127.0.0.1:$PORT" >/dev/null
cpu() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }
for class in ${MIX//,/ }; do
  echo "pods=$PODS duration=$DURATION connections=$CONNECTIONS mix=$class (store $DB, $(du -h "$DB" | cut -f1))"
  echo "before: $(uptime)"
  # The load average (1 min) every 2 s during the run: the machine is shared, the figures mean little without it.
  (while sleep 2; do cut -d' ' -f1 /proc/loadavg; done) >"$WORK/serve-load.txt" &
  SAMPLER=$!
  trap 'kill $SERVER $SAMPLER 2>/dev/null || true' EXIT
  CPU_BEFORE=$(cpu)
  BENCH_MIX=$class wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency -s "$LUA" "http://127.0.0.1:$PORT"
  CPU_AFTER=$(cpu)
  kill $SAMPLER 2>/dev/null || true
  echo "after: $(uptime)"
  echo "load average (1 min) during the run: $(sort -n "$WORK/serve-load.txt" | awk 'NR == 1 { min = $1 } { max = $1 } END { print "min " min ", max " max }')"
  echo "server CPU during the run: $(awk -v t=$((CPU_AFTER - CPU_BEFORE)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f s", t / hz }')"
  echo "server peak RSS so far: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' /proc/$SERVER/status), now $(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$SERVER/status)"
  echo
done
