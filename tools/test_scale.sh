#!/usr/bin/env bash
# The end-to-end and API suites, and the fault tests, on the production
# profile: PostgreSQL, Redis and the Ceph S3 gateway from tools/services.sh,
# in a data folder of this run's own (var/scale-test/, other ports), so a
# `make run-scale` beside it is left alone. `make test` runs this after the
# main suite; the servers are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export ANYIDPHOTO_SCALE_DIR="$PWD/var/scale-test"
export ANYIDPHOTO_SCALE_PORT_BASE="${ANYIDPHOTO_SCALE_TEST_PORT_BASE:-25000}"
trap 'tools/services.sh stop' EXIT
tools/services.sh start >/dev/null
set -a
eval "$(tools/services.sh env)"
set +a
.venv/bin/python manage.py object_store --create -v0 >/dev/null
.venv/bin/python -m pytest -q -p no:cacheprovider tests/e2e tests/web/test_api.py tests/web/test_backup.py tests/web/test_store.py tests/scale "$@"
