#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster on loopback; the cluster is removed afterwards.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DIR=$(mktemp -d /tmp/caseloadwijzer-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$DIR/data" -U caseloadwijzer --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
export DATABASE_URL="postgres://caseloadwijzer@127.0.0.1:$PORT/caseloadwijzer"
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U caseloadwijzer caseloadwijzer
"$@"
