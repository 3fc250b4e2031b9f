#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL and a real Redis that it starts itself,
# with their data under .services/ (ignored), and stops them afterwards.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

apt_install postgresql redis-server libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
  chromium chromium-driver
ensure_venv "[dev]"

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
SERVICES="$ROOT/.services"
rm -rf "$SERVICES"
mkdir -p "$SERVICES/redis" "$SERVICES/run"

# PostgreSQL refuses to run as root: the cluster belongs to the postgres system user. When that
# user cannot reach the checkout (a home directory closed to others), the cluster goes to a
# private temporary folder instead.
PG_DATA="$SERVICES/pg"
PG_RUN="$SERVICES/run"
if [ "$(id -u)" -eq 0 ]; then
  PG_USER=postgres
  if ! runuser -u postgres -- test -x "$SERVICES"; then
    PG_DATA="$(mktemp -d /tmp/portail-pg.XXXXXX)/pg"
    PG_RUN="$(dirname "$PG_DATA")/run"
    mkdir -p "$PG_RUN"
  fi
  mkdir -p "$PG_DATA"
  chown -R postgres "$(dirname "$PG_DATA")" "$PG_RUN"
  as_pg() { runuser -u postgres -- "$@"; }
else
  PG_USER="$(id -un)"
  mkdir -p "$PG_DATA"
  as_pg() { "$@"; }
fi

PG_PORT="$(free_port)"
REDIS_PORT="$(free_port)"

stop_services() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  if [ -f "$SERVICES/redis/redis.pid" ]; then kill "$(cat "$SERVICES/redis/redis.pid")" 2>/dev/null || true; fi
}
trap stop_services EXIT

echo "» PostgreSQL sur le port $PG_PORT, Redis sur le port $REDIS_PORT"
as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U portail --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/../postgresql.log" -w start \
  -o "-p $PG_PORT -k $PG_RUN -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$SERVICES/redis" --daemonize yes \
  --pidfile "$SERVICES/redis/redis.pid" --save "" --appendonly no >/dev/null

export DATABASE_URL="postgres://portail@127.0.0.1:$PG_PORT/portail"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1"
export DJANGO_SETTINGS_MODULE=portail.settings.test
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U portail portail

"$PY" manage.py makemigrations --check --dry-run >/dev/null || { echo "Migrations manquantes : lancez makemigrations."; exit 1; }

set +e
"$PY" -m pytest "$@"
status=$?
set -e
exit $status
