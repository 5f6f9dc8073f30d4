#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the store tests and print its URL.
#
#   URL="$(bash .ci/postgres.sh | tail -n 1)"   # start (or reuse); the last stdout line is the URL
#   eval "$(.ci/postgres.sh --export)"          # start; export RISKMODEL_TEST_POSTGRES_URL in this shell
#   . .ci/postgres.sh                           # same, when sourced
#   .ci/postgres.sh stop                        # stop it and delete its files
#
# Runs as root in CI (initdb refuses root, so the cluster runs as the `postgres` user, created if
# missing) or as any ordinary user. The cluster lives in a temporary directory, listens on
# 127.0.0.1 only (trust authentication — it is a test server), and uses its own socket directory.
# Environment: PGPORT_TEST (default: a free port from 54329 up), PG_STATE_DIR (default /tmp/riskmodel-pg).
set -euo pipefail

STATE_DIR="${PG_STATE_DIR:-/tmp/riskmodel-pg}"
DB_NAME="${PG_TEST_DB:-riskmodel_test}"

log() { echo "postgres.sh: $*" >&2; }

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    log "no PostgreSQL server binaries found (install Debian's postgresql package)"; exit 2
  fi
  echo "$d"
}

BIN="$(bindir)"

as_owner() {  # run a command as the cluster owner
  if [ "$(id -u)" = "0" ]; then
    su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

MODE="${1:-start}"
if [ "$MODE" = "stop" ]; then
  if [ -f "$STATE_DIR/data/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$STATE_DIR/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$STATE_DIR"
  log "stopped and removed $STATE_DIR"
  exit 0
fi

if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir "$STATE_DIR" --shell /usr/sbin/nologin postgres
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -f "$STATE_DIR/data/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$STATE_DIR/data" status >/dev/null 2>&1; then
  PORT="$(cat "$STATE_DIR/port")"
  log "already running on port $PORT"
else
  rm -rf "$STATE_DIR"
  mkdir -p "$STATE_DIR"
  PORT="${PGPORT_TEST:-54329}"
  while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
  echo "$PORT" > "$STATE_DIR/port"
  if [ "$(id -u)" = "0" ]; then chown -R postgres: "$STATE_DIR"; fi
  as_owner "$BIN/initdb" -D "$STATE_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
    || as_owner "$BIN/initdb" -D "$STATE_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
  as_owner "$BIN/pg_ctl" -D "$STATE_DIR/data" -l "$STATE_DIR/server.log" -w -t 60 \
    -o "-p $PORT -k $STATE_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB_NAME"
  log "started on 127.0.0.1:$PORT (data in $STATE_DIR/data, log $STATE_DIR/server.log)"
fi

URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB_NAME"
if [ "$MODE" = "--export" ]; then
  echo "export RISKMODEL_TEST_POSTGRES_URL='$URL'"
else
  echo "$URL"
fi
# When sourced (". .ci/postgres.sh"), export it directly as well.
(return 0 2>/dev/null) && export RISKMODEL_TEST_POSTGRES_URL="$URL" || true
