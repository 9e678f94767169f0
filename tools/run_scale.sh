#!/usr/bin/env bash
# `make run-scale`: the studio on the production profile, on this machine,
# loopback only: PostgreSQL, Redis, the Ceph S3 gateway (tools/services.sh),
# gunicorn with ANYIDPHOTO_WEB_PROCESSES web processes (default 2) and
# ANYIDPHOTO_WORKERS task workers (default 2). Ctrl-C stops the site and the
# servers; their data stays in var/scale/ (tools/services.sh destroy clears it).
#
# With --background the site is left running (pids in var/scale/run/), and
# `tools/run_scale.sh --stop` stops it: the scale tests use this.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDRESS="${ANYIDPHOTO_ADDRESS:-127.0.0.1:8000}"
WEB="${ANYIDPHOTO_WEB_PROCESSES:-2}"
WORKERS="${ANYIDPHOTO_WORKERS:-2}"
RUN=var/scale/run

stop_site() {
  local pidfile
  for pidfile in "$RUN"/*.pid; do
    [ -f "$pidfile" ] || continue
    kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$RUN"/*.pid; do
    [ -f "$pidfile" ] || continue
    for _ in $(seq 100); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

if [ "${1:-}" = "--stop" ]; then
  stop_site
  tools/services.sh stop
  exit 0
fi

mkdir -p "$RUN" var/scale/log
# shellcheck source=tools/local_secrets.sh
. tools/local_secrets.sh
tools/services.sh start >/dev/null
set -a
eval "$(tools/services.sh env)"
set +a
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-anyidphoto.web.settings}"

$PY manage.py object_store --create -v0 >/dev/null
$PY manage.py migrate --noinput -v0
$PY manage.py schedule_purge -v0 >/dev/null
stop_site
for n in $(seq "$WORKERS"); do
  $PY manage.py worker -v1 >>"var/scale/log/worker-$n.log" 2>&1 &
  echo $! >"$RUN/worker-$n.pid"
done
.venv/bin/gunicorn anyidphoto.web.wsgi:application --bind "$ADDRESS" --workers "$WEB" \
  --timeout 60 --graceful-timeout 20 --max-requests 2000 --max-requests-jitter 200 \
  --pid "$RUN/gunicorn.pid" --access-logfile var/scale/log/access.log \
  --error-logfile var/scale/log/gunicorn.log --daemon
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://$ADDRESS/" && break
  sleep 0.2
done
curl -sf -o /dev/null "http://$ADDRESS/" || { echo "run-scale: the site did not start (var/scale/log/)" >&2; exit 1; }
echo "run-scale: the studio is at http://$ADDRESS/ ($WEB web processes, $WORKERS task workers; logs in var/scale/log/)"

if [ "${1:-}" = "--background" ]; then
  exit 0
fi
trap 'stop_site; tools/services.sh stop; echo "run-scale: stopped"' EXIT
trap 'exit 0' INT TERM
while kill -0 "$(cat "$RUN/gunicorn.pid")" 2>/dev/null; do sleep 1; done
