#!/usr/bin/env bash
# Benchmarks against real services: starts PostgreSQL and Redis like the test command, loads the
# reference data and the demonstration, then prints the figures of each benchmark.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"
apt_install postgresql redis-server libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core
ensure_venv "[dev]"
start_services
export DJANGO_SETTINGS_MODULE=portail.settings.dev PORTAIL_VAR_DIR="$ROOT/.services/var" MEDIA_ROOT="$ROOT/.services/media"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py importer_referentiel | grep -E "^Totaux"
"$PY" manage.py charger_demo --mot-de-passe "bench-$(date +%s)" >/dev/null
"$PY" bench/rendu_contrat.py 9
"$PY" bench/file_contrats.py "${CONTRATS:-100}" "${WORKERS:-2}"
