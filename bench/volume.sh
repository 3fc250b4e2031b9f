#!/usr/bin/env bash
# The portal at the programme's size and at ten times it: for each scale (default « 1 10 »), a fresh
# PostgreSQL database with the reference data and `generer_volume`, then bench/volume.py.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"
apt_install postgresql redis-server wrk
ensure_venv "[dev]"
start_services
export DJANGO_SETTINGS_MODULE=portail.settings.dev DEBUG=0 CACHE_URL="$REDIS_URL" \
  PORTAIL_VAR_DIR="$ROOT/.services/var" MEDIA_ROOT="$ROOT/.services/media" BENCH_PORT="$(free_port)"
BASE_URL="$DATABASE_URL"
echo "Machine : $(nproc) cœurs, $(free -g | awk '/^Mem:/ {print $2}') Gio, $(. /etc/os-release; echo "$PRETTY_NAME"), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
for scale in ${SCALES:-1 10}; do
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U portail "volume$scale"
  export DATABASE_URL="${BASE_URL%/*}/volume$scale"
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py importer_referentiel >/dev/null
  start=$(date +%s)
  "$PY" manage.py generer_volume --echelle "$scale" --mot-de-passe "volume-$(date +%s%N)"
  echo "  générées en $(( $(date +%s) - start )) s"
  "$PY" bench/volume.py "$scale"
done
