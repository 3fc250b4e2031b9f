#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL and a real Redis that it starts itself,
# with their data under .services/ (ignored), and stops them afterwards.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

apt_install postgresql redis-server libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
  chromium chromium-driver
ensure_venv "[dev]"

start_services
export DJANGO_SETTINGS_MODULE=portail.settings.test

"$PY" manage.py makemigrations --check --dry-run >/dev/null || { echo "Migrations manquantes : lancez makemigrations."; exit 1; }
# The house rules, checked before the tests: style and lint (ruff), and the floors (import-linter).
"$VENV/bin/ruff" check . || { echo "ruff signale des écarts : voir ci-dessus."; exit 1; }
"$VENV/bin/ruff" format --check . >/dev/null || { echo "Code non formaté : lancez « ruff format ». "; exit 1; }
"$VENV/bin/lint-imports" --no-cache || { echo "Un import remonte les étages : voir docs/architecture.md."; exit 1; }
# Types of the services, selectors and scoping layer (files listed in pyproject.toml).
"$VENV/bin/mypy" || { echo "mypy signale des erreurs de types : voir ci-dessus."; exit 1; }

set +e
if [ "$#" -gt 0 ]; then
  "$PY" -m pytest "$@"
  status=$?
else
  # The whole suite: one process per core (each with its own test database, broker database and
  # files), then, alone, the tests that restart a service the others share.
  "$PY" -m pytest -n "$(nproc)" -m "not serial"
  status=$?
  "$PY" -m pytest -m serial
  [ $? -eq 0 ] || status=1
fi
set -e
exit $status
