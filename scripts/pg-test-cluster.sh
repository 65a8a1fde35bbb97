# shellcheck shell=bash
# Throwaway PostgreSQL cluster for tests and benchmarks. Source this file, then:
#
#   pg_cluster_start          # starts a cluster on a free 127.0.0.1 port
#   trap pg_cluster_stop EXIT # always stop it (pg_cluster_stop is idempotent)
#
# On success pg_cluster_start returns 0 and sets:
#   PG_CLUSTER_PORT  the TCP port (127.0.0.1 only)
#   PG_CLUSTER_DIR   the temp dir (data/, sock/, server.log), removed by pg_cluster_stop
#   PG_CLUSTER_CONN  "Host=127.0.0.1;Port=<port>;Username=postgres;Database=postgres" (Npgsql form)
# PG_CLUSTER_BASE (optional) is where the temp dir is made (default: /tmp as root, else $TMPDIR).
# It returns non-zero (with a message on stderr) if the server could not be started; the caller
# decides whether that is fatal. Authentication is "trust"; the superuser is "postgres".

PG_CLUSTER_PORT=""
PG_CLUSTER_DIR=""
PG_CLUSTER_CONN=""
_PG_CLUSTER_BIN=""
_PG_CLUSTER_RUNAS=""

_pg_cluster_log() { echo "pg-test-cluster: $*" >&2; }

# Directory holding initdb/pg_ctl/postgres: newest /usr/lib/postgresql/<ver>/bin, else PATH.
_pg_cluster_find_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
    echo "$d"
    return 0
  fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

# Run a PostgreSQL binary as the cluster owner (postgres when we are root; the server refuses root).
_pg_cluster_run() {
  if [[ -n "$_PG_CLUSTER_RUNAS" ]]; then
    runuser -u "$_PG_CLUSTER_RUNAS" -- "$@"
  else
    "$@"
  fi
}

_pg_cluster_port_busy() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Htan "( sport = :$port )" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# A TCP port nobody uses: ask the kernel for an ephemeral one (python3 if present), else probe
# random high ports. A race with another process is possible; pg_cluster_start retries on failure.
_pg_cluster_free_port() {
  local port i
  if command -v python3 >/dev/null 2>&1; then
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || true)"
    if [[ "$port" =~ ^[0-9]+$ ]] && ! _pg_cluster_port_busy "$port"; then
      echo "$port"
      return 0
    fi
  fi
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 40000))
    if ! _pg_cluster_port_busy "$port"; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

pg_cluster_start() {
  if [[ -n "$PG_CLUSTER_DIR" ]]; then
    _pg_cluster_log "already started (port $PG_CLUSTER_PORT)"
    return 0
  fi
  if ! _PG_CLUSTER_BIN="$(_pg_cluster_find_bin)"; then
    _pg_cluster_log "PostgreSQL server binaries (initdb, pg_ctl) not found"
    return 1
  fi

  _PG_CLUSTER_RUNAS=""
  if [[ "$(id -u)" -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
      _pg_cluster_log "running as root but there is no 'postgres' user to own the cluster"
      return 1
    fi
    _PG_CLUSTER_RUNAS=postgres
  fi

  # As root the server runs as postgres, which must reach the dir: use /tmp, not a private $TMPDIR.
  local base="${PG_CLUSTER_BASE:-${TMPDIR:-/tmp}}"
  [[ -n "$_PG_CLUSTER_RUNAS" && -z "${PG_CLUSTER_BASE:-}" ]] && base=/tmp
  PG_CLUSTER_DIR="$(mktemp -d "$base/pg-test-cluster.XXXXXX")"
  chmod 700 "$PG_CLUSTER_DIR"
  mkdir -p "$PG_CLUSTER_DIR/sock"
  if [[ -n "$_PG_CLUSTER_RUNAS" ]]; then
    chown -R "$_PG_CLUSTER_RUNAS": "$PG_CLUSTER_DIR"
  fi

  if ! _pg_cluster_run "$_PG_CLUSTER_BIN/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres \
      --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
    _pg_cluster_log "initdb failed:"
    tail -20 "$PG_CLUSTER_DIR/initdb.log" >&2 || true
    pg_cluster_stop
    return 1
  fi

  # Throwaway data: durability off for speed; loopback TCP only; socket inside the temp dir.
  _pg_cluster_run tee -a "$PG_CLUSTER_DIR/data/postgresql.conf" >/dev/null <<CONF

# --- pg-test-cluster.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_CLUSTER_DIR/sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

  local attempt port
  for attempt in 1 2 3 4 5; do
    if ! port="$(_pg_cluster_free_port)"; then
      _pg_cluster_log "could not find a free TCP port"
      break
    fi
    if _pg_cluster_run "$_PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" \
        -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
      PG_CLUSTER_PORT="$port"
      break
    fi
    _pg_cluster_log "start on port $port failed (attempt $attempt)"
  done
  if [[ -z "$PG_CLUSTER_PORT" ]]; then
    _pg_cluster_log "PostgreSQL did not start; server log:"
    tail -20 "$PG_CLUSTER_DIR/server.log" >&2 2>/dev/null || true
    pg_cluster_stop
    return 1
  fi

  local isready="$_PG_CLUSTER_BIN/pg_isready"
  [[ -x "$isready" ]] || isready="$(command -v pg_isready || true)"
  if [[ -n "$isready" ]]; then
    local i
    for ((i = 0; i < 60; i++)); do
      "$isready" -q -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres && break
      sleep 0.5
    done
    if ! "$isready" -q -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres; then
      _pg_cluster_log "server started but is not accepting connections on 127.0.0.1:$PG_CLUSTER_PORT"
      pg_cluster_stop
      return 1
    fi
  fi

  PG_CLUSTER_CONN="Host=127.0.0.1;Port=$PG_CLUSTER_PORT;Username=postgres;Database=postgres"
  _pg_cluster_log "PostgreSQL $("$_PG_CLUSTER_BIN/postgres" -V 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -1 || true) on 127.0.0.1:$PG_CLUSTER_PORT (data in $PG_CLUSTER_DIR)"
  return 0
}

# Stop the server (immediate: the data is thrown away) and remove the temp dir. Safe to call twice,
# or when start failed half-way. Prints nothing on success.
pg_cluster_stop() {
  if [[ -n "$PG_CLUSTER_DIR" ]]; then
    if [[ -f "$PG_CLUSTER_DIR/data/postmaster.pid" && -n "$_PG_CLUSTER_BIN" ]]; then
      _pg_cluster_run "$_PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf -- "$PG_CLUSTER_DIR"
  fi
  PG_CLUSTER_DIR=""
  PG_CLUSTER_PORT=""
  PG_CLUSTER_CONN=""
  return 0
}
