#!/usr/bin/env bash
# `make load`: 16 API clients upload and wait for photos for 60 s on the production
# profile, while a person uploads in the studio in Chromium (its upload-to-verdict
# time measured), first with 1 task worker, then with 2, on servers of its own
# (var/scale-test/, the site on 127.0.0.1:18000). Prints the figures of each
# run and how throughput grows; fails on any error or lost job.
# ANYIDPHOTO_LOAD_SECONDS and ANYIDPHOTO_LOAD_CLIENTS change the load.
set -euo pipefail
cd "$(dirname "$0")/.."
export ANYIDPHOTO_SCALE_DIR="$PWD/var/scale-test"
export ANYIDPHOTO_SCALE_PORT_BASE="${ANYIDPHOTO_SCALE_TEST_PORT_BASE:-25000}"
export ANYIDPHOTO_ADDRESS="${ANYIDPHOTO_LOAD_ADDRESS:-127.0.0.1:18000}"
SECONDS_EACH="${ANYIDPHOTO_LOAD_SECONDS:-60}"
CLIENTS="${ANYIDPHOTO_LOAD_CLIENTS:-16}"
OUT=var/load
mkdir -p "$OUT"
trap 'tools/run_scale.sh --stop' EXIT

for workers in 1 2; do
  ANYIDPHOTO_WORKERS=$workers tools/run_scale.sh --background
  (
    set -a
    . var/secrets.env
    eval "$(tools/services.sh env)"
    set +a
    .venv/bin/python tools/load.py --url "http://$ANYIDPHOTO_ADDRESS" --clients "$CLIENTS" \
      --seconds "$SECONDS_EACH" --run-dir "$ANYIDPHOTO_SCALE_DIR/run" --json "$OUT/workers-$workers.json"
  )
  tools/run_scale.sh --stop-site
done
.venv/bin/python - "$OUT" <<'PY'
import json, sys
from pathlib import Path

one, two = (json.loads((Path(sys.argv[1]) / f"workers-{n}.json").read_text()) for n in (1, 2))
print(f"load: 1 worker {one['photos_per_second']} photos/s, 2 workers {two['photos_per_second']} "
      f"photos/s ({two['photos_per_second'] / max(one['photos_per_second'], 1e-9):.2f}x); "
      f"p95 end to end {one['made_p95_s']} s and {two['made_p95_s']} s; "
      f"studio upload to verdict p50/p95 {one['studio_verdict_p50_ms']}/{one['studio_verdict_p95_ms']} ms "
      f"and {two['studio_verdict_p50_ms']}/{two['studio_verdict_p95_ms']} ms; "
      f"errors {one['errors'] + two['errors']}, lost jobs {one['lost_jobs'] + two['lost_jobs']}")
PY
