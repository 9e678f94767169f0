#!/usr/bin/env bash
# `make run`: the studio at http://127.0.0.1:8000 on the embedded default
# (SQLite, sealed local storage, the task worker in the same command).
# Local secrets are made once into var/secrets.env (readable by you only).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDRESS="${ANYIDPHOTO_ADDRESS:-127.0.0.1:8000}"

mkdir -p var/static var/media
if [ ! -f var/secrets.env ]; then
  (
    umask 077
    {
      echo "# Made by tools/run.sh on $(date -u +%Y-%m-%d). Losing the master key loses the photos."
      echo "ANYIDPHOTO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
      echo "ANYIDPHOTO_MASTER_KEYS=$($PY -c 'from anyidphoto.web.vault.crypto import new_key_text; print(new_key_text("local1"))')"
    } > var/secrets.env
  )
  echo "run: local secrets written to var/secrets.env"
fi
set -a
# shellcheck disable=SC1091
. var/secrets.env
set +a
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-anyidphoto.web.settings}"

$PY manage.py migrate --noinput -v0
$PY manage.py schedule_purge -v0 >/dev/null
$PY manage.py worker -v0 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
echo "run: the studio is at http://$ADDRESS/ (Ctrl-C stops it and its worker)"
$PY manage.py runserver "$ADDRESS" --noreload
