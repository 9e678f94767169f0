#!/usr/bin/env bash
# `make run-scale`: the studio on the production profile, on this machine,
# loopback only: PostgreSQL, Redis, the Ceph S3 gateway (tools/services.sh),
# gunicorn with ANYIDPHOTO_WEB_PROCESSES web processes (default 2) and
# ANYIDPHOTO_WORKERS task workers (default 2). Ctrl-C stops the site and the
# servers; their data stays in var/scale/ (tools/services.sh destroy clears it).
#
# With --background the site is left running (pids in var/scale/run/);
# `tools/run_scale.sh --stop-site` stops the site, `--stop` the servers too.
# ANYIDPHOTO_SCALE_DIR moves all of it elsewhere (tools/load.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDRESS="${ANYIDPHOTO_ADDRESS:-127.0.0.1:8000}"
WEB="${ANYIDPHOTO_WEB_PROCESSES:-2}"
WORKERS="${ANYIDPHOTO_WORKERS:-2}"
export ANYIDPHOTO_SCALE_DIR="${ANYIDPHOTO_SCALE_DIR:-$PWD/var/scale}"
RUN="$ANYIDPHOTO_SCALE_DIR/run"
LOG="$ANYIDPHOTO_SCALE_DIR/log"

ours() {  # ours PID: the process is this site's gunicorn or task worker (not a reused pid)
  grep -qaE "gunicorn|manage.py.worker" "/proc/$1/cmdline" 2>/dev/null
}

stop_site() {
  local pidfile pid
  for pidfile in "$RUN"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile" 2>/dev/null)" || continue
    if ours "$pid"; then kill -TERM "$pid" 2>/dev/null || true; else rm -f "$pidfile"; fi
  done
  for pidfile in "$RUN"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile" 2>/dev/null)" || continue  # gunicorn removes its own on exit
    for _ in $(seq 100); do ours "$pid" || break; sleep 0.1; done
    ours "$pid" && kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  --stop) stop_site; tools/services.sh stop; exit 0 ;;
  --stop-site) stop_site; exit 0 ;;
esac

mkdir -p "$RUN" "$LOG"
# shellcheck source=tools/local_secrets.sh
. tools/local_secrets.sh
tools/services.sh start >/dev/null
set -a
eval "$(tools/services.sh env)"
set +a
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-anyidphoto.web.settings}"

$PY manage.py object_store --create -v0 >/dev/null
$PY manage.py migrate --noinput -v0
$PY manage.py migrate --database keys --noinput -v0
$PY manage.py move_keys -v0 >/dev/null
$PY manage.py schedule_purge -v0 >/dev/null
stop_site
for n in $(seq "$WORKERS"); do
  $PY manage.py worker -v1 >>"$LOG/worker-$n.log" 2>&1 &
  echo $! >"$RUN/worker-$n.pid"
done
.venv/bin/gunicorn anyidphoto.web.wsgi:application --bind "$ADDRESS" --workers "$WEB" \
  --timeout 60 --graceful-timeout 20 --max-requests 2000 --max-requests-jitter 200 \
  --pid "$RUN/gunicorn.pid" --access-logfile "$LOG/access.log" \
  --error-logfile "$LOG/gunicorn.log" --daemon
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://$ADDRESS/" && break
  sleep 0.2
done
curl -sf -o /dev/null "http://$ADDRESS/" || { echo "run-scale: the site did not start ($LOG/)" >&2; exit 1; }
echo "run-scale: the studio is at http://$ADDRESS/ ($WEB web processes, $WORKERS task workers; logs in $LOG/)"

if [ "${1:-}" = "--background" ]; then
  exit 0
fi
trap 'stop_site; tools/services.sh stop; echo "run-scale: stopped"' EXIT
trap 'exit 0' INT TERM
while kill -0 "$(cat "$RUN/gunicorn.pid")" 2>/dev/null; do sleep 1; done
