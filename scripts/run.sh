#!/usr/bin/env bash
# Runs the portal in embedded mode: SQLite, tasks run in-process, no external service.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core
ensure_venv
export DJANGO_SETTINGS_MODULE=portail.settings.dev
# Exported before the demo is loaded: its sealed contracts print the address the portal answers on.
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8000}"
mkdir -p var

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py importer_referentiel | grep -E "^(Totaux|Référentiel)"

if [ ! -s var/demo_password ]; then
  # A fresh random password per checkout, kept out of the repository.
  "$PY" -c 'import secrets; print("demo-" + secrets.token_urlsafe(9))' > var/demo_password
  chmod 600 var/demo_password
fi
MOT_DE_PASSE_DEMO="$(cat var/demo_password)"
"$PY" manage.py charger_demo --si-absentes --mot-de-passe "$MOT_DE_PASSE_DEMO"

echo
echo "Portail Territoires d'industrie : http://$HOST:$PORT/"
echo "Mot de passe de tous les comptes de démonstration : $MOT_DE_PASSE_DEMO"
echo "Administration (délégation nationale) : http://$HOST:$PORT/admin/"
echo
exec "$PY" manage.py runserver "$HOST:$PORT"
