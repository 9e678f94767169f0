#!/usr/bin/env bash
# Security scanning: bandit on the code (fails on any finding of high
# severity, or of medium severity and high confidence), and pip-audit on the
# pinned dependencies (fails on any known vulnerability). pip-audit asks the
# package index for each pinned release's advisories; a release the index
# cannot answer for is listed, not counted as safe.
set -euo pipefail
cd "$(dirname "$0")/.."

.venv/bin/bandit -q -r anyidphoto --severity-level high --confidence-level low
.venv/bin/bandit -q -r anyidphoto --severity-level medium --confidence-level high
echo "security: bandit found nothing of high severity"

report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
.venv/bin/pip-audit -r requirements.txt -r requirements-dev.txt --no-deps \
    --progress-spinner off -f json -o "$report" 2>/dev/null || status=$?
.venv/bin/python - "$report" "$status" <<'PY'
import json
import sys

path, status = sys.argv[1], int(sys.argv[2])
try:
    deps = json.load(open(path))["dependencies"]
except (OSError, ValueError, KeyError):
    sys.exit(f"security: pip-audit gave no report (exit {status})")
found = [(d["name"], d["version"], v["id"]) for d in deps for v in d.get("vulns", [])]
audited = [d for d in deps if "skip_reason" not in d]
skipped = [d["name"] for d in deps if "skip_reason" in d]
for name, version, vuln in found:
    print(f"security: {name} {version}: {vuln}")
print(f"security: pip-audit checked {len(audited)} of {len(deps)} pinned packages; "
      f"{len(found)} known vulnerabilities")
if skipped:
    print(f"security: the package index gave no advisory data for {len(skipped)}: "
          + ", ".join(sorted(skipped)[:8]) + (" ..." if len(skipped) > 8 else ""))
sys.exit(1 if found else 0)
PY
