# Shared by run.sh and test.sh: a virtualenv rebuilt only when pyproject.toml changes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

apt_install() {
  # Install the Debian packages given, only those not already installed.
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "» Installation des paquets système : ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=""; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_venv() {
  local extra="${1:-}"
  local stamp="$VENV/.installed$extra"
  local wanted
  wanted="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -x "$PY" ]; then
    echo "» Création de l'environnement Python (.venv)"
    python3 -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "» Installation des dépendances Python"
    "$PY" -m pip install -q --disable-pip-version-check --upgrade pip
    "$PY" -m pip install -q --disable-pip-version-check -e "$ROOT$extra"
    echo "$wanted" > "$stamp"
  fi
}

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_services() {
  # Starts PostgreSQL and Redis on free local ports with their data under .services/ (or a private
  # temporary folder), exports DATABASE_URL and CELERY_BROKER_URL, and stops both on exit.
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  SERVICES="${PORTAIL_SERVICES_DIR:-$ROOT/.services}"
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

  # For the fault test that restarts the database under a running server.
  local restart="$SERVICES/pg-restart"
  {
    echo '#!/usr/bin/env bash'
    if [ "$(id -u)" -eq 0 ]; then printf 'runuser -u postgres -- '; fi
    printf '%q ' "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/../postgresql.log" -w -m fast restart -o \
      "-p $PG_PORT -k $PG_RUN -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    echo
  } > "$restart"
  chmod +x "$restart"
  export PORTAIL_PG_RESTART="$restart"
  export DATABASE_URL="postgres://portail@127.0.0.1:$PG_PORT/portail"
  export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1"
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U portail portail
}
