#!/usr/bin/env bash
# PeerConsult benchmark suite: one command, unattended. See docs/performance.md.
#
#   bench/run.sh                          # full scale, SQLite and PostgreSQL
#   bench/run.sh --scale 0.1 --provider sqlite --duration 10
#
# Builds Release, generates a database per provider, starts the app on it, runs the wrk scenarios, the deadline
# sweeps, and measures start-up time and peak resident memory. Writes bench/results/<stamp>.json and .md
# (and latest.json / latest.md). Needs wrk (installed with apt-get if missing) and, for PostgreSQL, the server
# binaries that scripts/pg-test-cluster.sh uses.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCALE=1
PROVIDERS="sqlite postgres"
DURATION=15
THREADS=2
CONNECTIONS=32
PORT=5399
APP_DIR=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --provider) PROVIDERS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --app) APP_DIR="$2"; shift 2 ;;
    *) echo "unknown option $1 (use --scale N, --provider sqlite|postgres, --duration SECONDS, --connections N, --port N, --app PUBLISHED_DIR)" >&2; exit 2 ;;
  esac
done

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/peerconsult-bench.XXXXXX")"
APP_PID=""
cleanup() {
  if [[ -n "$APP_PID" ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  if declare -F pg_cluster_stop >/dev/null; then pg_cluster_stop; fi
  rm -rf -- "$WORK"
}
trap cleanup EXIT

log "building Release"
dotnet build "$ROOT/bench/PeerConsult.Bench" -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
# The app as a Center deploys it (docs/deployment.md): `dotnet publish`, which precompiles it (ReadyToRun, ADR 15).
# --app DIR runs an app published before (A/B runs of two builds, or of runtime settings edited in its runtimeconfig).
if [[ -z "$APP_DIR" ]]; then
  log "publishing the app (Release)"
  APP_DIR="$WORK/app"
  dotnet publish "$ROOT/src/PeerConsult.Web" -c Release -o "$APP_DIR" -v q -nologo >"$WORK/publish.log" 2>&1 || { cat "$WORK/publish.log"; exit 1; }
fi
APP_DLL="$APP_DIR/PeerConsult.Web.dll"
GEN_DLL="$ROOT/bench/PeerConsult.Bench/bin/Release/net10.0/PeerConsult.Bench.dll"
ADMIN_EMAIL="admin@bench.local"
ADMIN_PASSWORD="Bench-Passw0rd!"
BASE="http://127.0.0.1:$PORT"
export BENCH_LUA="$ROOT/bench/lua" BENCH_THREADS="$THREADS"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"
LINES="$WORK/results.jsonl"
: >"$LINES"

# record provider scenario json-object
record() { printf '{"provider":"%s","scenario":"%s","load":"%s","data":%s}\n' "$1" "$2" "$(cut -d' ' -f1-3 /proc/loadavg)" "$3" >>"$LINES"; }

# wrk_run provider scenario script url [duration]
wrk_run() {
  local out cpu_before cpu_after
  # Warm-up with the same scenario (JIT, caches), then the measured run. Not here for bookings: the same list would
  # be booked twice (409s); their warm-up books a part of the list the measured run never reaches (see there).
  if [[ "$3" != book.lua ]]; then
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$BENCH_LUA/$3" "$4" >/dev/null 2>&1 || true
  fi
  cpu_before="$(app_cpu_ms)"
  local since_ms
  since_ms=$(date +%s%3N)
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${5:-$DURATION}s" --latency -s "$BENCH_LUA/$3" "$4" 2>&1)" || true
  cpu_after="$(app_cpu_ms)"
  local json
  json="$(grep '^BENCH_JSON ' <<<"$out" | sed 's/^BENCH_JSON //')"
  if [[ -z "$json" ]]; then
    log "wrk failed for $2: $out"
    json='{"error":"wrk failed"}'
  else
    # The app's own CPU time per request: far less sensitive than req/s to other work on a shared machine.
    json="$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); d['app_cpu_ms_per_request']=round(($cpu_after-$cpu_before)/max(1,d['requests']),3); d['rss_mb_after']=$(app_rss_mb); d['peak_rss_mb_after']=$(app_hwm_mb); d['max_threads']=$(max_threads_since "$since_ms"); print(json.dumps(d))" "$json")"
  fi
  log "$1 $2: $json"
  record "$1" "$2" "$json"
}

# The app's resident memory now, in MB (which scenario makes it grow).
app_rss_mb() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$APP_PID/status"; }

# The app's peak resident memory so far, in MB (which scenario makes the peak).
app_hwm_mb() { awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$APP_PID/status"; }

# Threads of the app, sampled every 0.2 s while it runs ("epoch-ms threads"): the most since a moment (epoch ms).
sample_threads() {
  while [[ -r "/proc/$1/status" ]]; do
    echo "$(date +%s%3N) $(awk '/^Threads:/ { print $2 }' "/proc/$1/status" 2>/dev/null)" >>"$2" || true
    sleep 0.2
  done
}
max_threads_since() { awk -v t="$1" '$1 >= t && $2 > m { m = $2 } END { print m + 0 }' "$THREAD_SAMPLES"; }

# CPU time (user + system) the app has used so far, in ms.
app_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$APP_PID/stat"; }

sql() {
  if [[ "$1" == sqlite ]]; then sqlite3 "$WORK/bench.db" "$2"; else psql -qAt "$PG_URL" -c "$2"; fi
}

run_provider() {
  local provider="$1" conn_args=()
  local plan="$WORK/plan-$provider"
  mkdir -p "$plan"
  if [[ "$provider" == postgres ]]; then
    # shellcheck source=../scripts/pg-test-cluster.sh
    source "$ROOT/scripts/pg-test-cluster.sh"
    pg_cluster_start
    local cs="Host=127.0.0.1;Port=$PG_CLUSTER_PORT;Username=postgres;Database=bench;Maximum Pool Size=100"
    PG_URL="postgresql://postgres@127.0.0.1:$PG_CLUSTER_PORT/bench"
    conn_args=(--provider postgres --connection "$cs")
    APP_DB_ARGS=(--Database:Provider=Postgres "--ConnectionStrings:Postgres=$cs")
  else
    conn_args=(--provider sqlite --db "$WORK/bench.db")
    APP_DB_ARGS=(--Database:Provider=Sqlite "--Database:Path=$WORK/bench.db")
  fi

  log "$provider: generating at scale $SCALE"
  local started ended
  started=$(date +%s.%N)
  dotnet "$GEN_DLL" generate "${conn_args[@]}" --scale "$SCALE" --plan "$plan" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD"
  ended=$(date +%s.%N)
  record "$provider" generate "$(python3 -c "import json,sys; d=json.load(open('$plan/generated.json')); d['wall_seconds']=round($ended-$started,1); print(json.dumps(d))")"

  log "$provider: starting the app"
  local t0
  t0=$(date +%s%N)
  # The content root is the published folder, as on a server (its appsettings.json, wwwroot): started from elsewhere
  # the app would miss appsettings.json and log every request and SQL command at Information, which costs CPU.
  ASPNETCORE_ENVIRONMENT=Production dotnet "$APP_DLL" "${APP_DB_ARGS[@]}" --urls "$BASE" --Bench:Endpoints=true \
    --contentRoot "$APP_DIR" \
    --Deadlines:Enabled=false --Outbox:Enabled=false \
    --Bootstrap:AdminEmail="$ADMIN_EMAIL" --Bootstrap:AdminPassword="$ADMIN_PASSWORD" >"$WORK/app-$provider.log" 2>&1 &
  APP_PID=$!
  THREAD_SAMPLES="$WORK/threads-$provider.txt"
  : >"$THREAD_SAMPLES"
  sample_threads "$APP_PID" "$THREAD_SAMPLES" &
  local first_ms=""
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "$BASE/consultants"; then
      first_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
      break
    fi
    sleep 0.01
  done
  [[ -n "$first_ms" ]] || { log "the app did not answer"; tail -30 "$WORK/app-$provider.log" >&2; return 1; }
  record "$provider" first-answer "{\"ms\":$first_ms}"
  log "$provider: first answered request after $first_ms ms"

  local token
  token="$(curl -fs -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')"
  export BENCH_AUTH="Bearer $token" BENCH_PLAN="$plan"

  # A mother signs in once with her link (GET shows the button, POST uses the link up): her cookie for /my.
  local jar="$WORK/mother-$provider.jar" link form_token
  link="$(head -1 "$plan/links.txt")"
  form_token="$(curl -fs -c "$jar" -b "$jar" "$BASE/my/link/$link" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | sed 's/.*value="//; s/"$//')"
  curl -fs -o /dev/null -c "$jar" -b "$jar" -X POST "$BASE/my/link/$link" --data-urlencode "__RequestVerificationToken=$form_token"
  local mother_cookie
  mother_cookie="$(awk '!/^#/ || /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s=%s; ", $6, $7 }' "$jar")"

  # Warm-up: JIT and caches, as a running server would have them.
  wrk -t1 -c4 -d3s "$BASE/consultants" >/dev/null 2>&1 || true

  BENCH_AUTH="" wrk_run "$provider" catalog get.lua "$BASE/consultants"
  export BENCH_FROM BENCH_TO
  BENCH_FROM="$(date -u +%Y-%m-%dT%H:00:00Z)"
  BENCH_TO="$(date -u -d '+28 days' +%Y-%m-%dT%H:00:00Z)"
  wrk_run "$provider" slots-4-weeks slots.lua "$BASE/"
  wrk_run "$provider" admin-queue get.lua "$BASE/admin"
  wrk_run "$provider" admin-queue-overdue get.lua "$BASE/admin?Overdue=true"
  BENCH_AUTH="" BENCH_COOKIE="$mother_cookie" wrk_run "$provider" mother-portal get.lua "$BASE/my"

  # Bookings get a warm-up of their own, like every scenario (JIT of the booking path): 2 s of bookings from the END of
  # the generator's list (at most a tenth of it, at most 1,000), never booked again by the measured run, which walks the
  # rest from the start as before. The warm-up's meetings are not counted as the scenario's.
  local total warm
  total="$(grep -c . "$plan/bookings.txt")"
  warm=$(( total / 10 < 1000 ? total / 10 : 1000 ))
  tail -n "$warm" "$plan/bookings.txt" >"$plan/bookings-warmup.txt"
  head -n "$(( total - warm ))" "$plan/bookings.txt" >"$plan/bookings-measured.txt"
  BENCH_BOOKINGS="$plan/bookings-warmup.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$BENCH_LUA/book.lua" "$BASE/" >/dev/null 2>&1 || true
  local before
  before="$(sql "$provider" "SELECT COUNT(*) FROM \"Meetings\"")"
  BENCH_BOOKINGS="$plan/bookings-measured.txt" wrk_run "$provider" bookings book.lua "$BASE/" "$(( DURATION < 10 ? DURATION : 10 ))"
  local after doubles
  after="$(sql "$provider" "SELECT COUNT(*) FROM \"Meetings\"")"
  # Zero double bookings: no scheduled meeting of a consultant starts before her previous one ends (one pass, in order).
  local since
  since="$(date -u -d '-1 day' +'%Y-%m-%d %H:%M:%S')"
  doubles="$(sql "$provider" "SELECT COUNT(*) FROM (SELECT \"Start\", LAG(\"End\") OVER (PARTITION BY \"ConsultantId\" ORDER BY \"Start\") AS prev_end FROM \"Meetings\" WHERE \"Status\" = 'Scheduled' AND \"Start\" > '$since') AS m WHERE prev_end > \"Start\"" || echo '"check failed"')"
  record "$provider" bookings-check "{\"meetings_added\":$((after - before)),\"double_bookings\":$doubles}"
  log "$provider: $((after - before)) meetings booked, $doubles double bookings"

  local i
  for i in 1 2 3 4 5; do
    record "$provider" sweep-nothing-due "$(curl -fs -X POST -H "Authorization: $BENCH_AUTH" "$BASE/bench/sweep")"
  done
  local due
  due="$(python3 -c "print(max(100, round(10000 * $SCALE)))")"
  dotnet "$GEN_DLL" add-due "${conn_args[@]}" --count "$due" >&2
  record "$provider" sweep-due "$(curl -fs -X POST -H "Authorization: $BENCH_AUTH" "$BASE/bench/sweep" | python3 -c "import sys,json; d=json.load(sys.stdin); d['due']=$due; print(json.dumps(d))")"
  record "$provider" sweep-nothing-due-after "$(curl -fs -X POST -H "Authorization: $BENCH_AUTH" "$BASE/bench/sweep")"

  local hwm rss
  hwm="$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status")"
  rss="$(awk '/VmRSS/ {print $2}' "/proc/$APP_PID/status")"
  local managed
  managed="$(curl -fs -H "Authorization: $BENCH_AUTH" "$BASE/bench/memory" | python3 -c 'import sys,json; d=json.load(sys.stdin); print(str(d["managedHeapMb"]) + "".join(f",\"{k}\":{d[k]}" for k in ("gcCommittedMb", "sqliteMb", "sqlitePeakMb", "gen0", "gen2", "threads") if k in d))' || echo null)"
  # Where the resident memory is at the end: anonymous (GC heap, native allocations such as SQLite's page caches),
  # file-backed (mapped assemblies and libraries), shared memory (the JIT's double-mapped code).
  local kinds
  kinds="$(awk '/^Rss(Anon|File|Shmem):/ { sub(":", "", $1); printf ",\"%s_mb\":%d", tolower($1), $2 / 1024 }' "/proc/$APP_PID/status")"
  record "$provider" memory "{\"peak_rss_mb\":$((hwm / 1024)),\"rss_mb\":$((rss / 1024)),\"managed_heap_mb\":$managed$kinds,\"max_threads\":$(max_threads_since 0)}"
  log "$provider: peak RSS $((hwm / 1024)) MB"

  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  if [[ "$provider" == postgres ]]; then pg_cluster_stop; fi
}

for p in $PROVIDERS; do
  run_provider "$p"
done

python3 "$ROOT/bench/report.py" "$LINES" "$RESULTS/$STAMP" "$SCALE" "$DURATION" "$THREADS" "$CONNECTIONS"
cp "$RESULTS/$STAMP.json" "$RESULTS/latest.json"
cp "$RESULTS/$STAMP.md" "$RESULTS/latest.md"
cat "$RESULTS/$STAMP.md"
