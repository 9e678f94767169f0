#!/usr/bin/env bash
# `make run`: the studio at http://127.0.0.1:8000 on the embedded default
# (SQLite, sealed local storage, the task worker in the same command).
# Local secrets are made once into var/secrets.env (tools/local_secrets.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDRESS="${ANYIDPHOTO_ADDRESS:-127.0.0.1:8000}"

mkdir -p var/static var/media
# shellcheck source=tools/local_secrets.sh
. tools/local_secrets.sh
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-anyidphoto.web.settings}"

$PY manage.py migrate --noinput -v0
$PY manage.py migrate --database keys --noinput -v0
$PY manage.py move_keys -v0 >/dev/null
$PY manage.py schedule_purge -v0 >/dev/null
$PY manage.py worker -v0 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
echo "run: the studio is at http://$ADDRESS/ (Ctrl-C stops it and its worker)"
$PY manage.py runserver "$ADDRESS" --noreload
