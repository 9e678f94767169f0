#!/usr/bin/env bash
# Build .venv with everything the engine, the studio and their tests need,
# with the system packages they use (Chromium for the browser tests, gettext
# for the translations, PostgreSQL, Redis and Ceph for the production profile). Quick when nothing changed: a stamp records the hash
# of the inputs, and each system package is installed only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.setup-stamp"
MEDIAPIPE=mediapipe==0.10.21
inputs_hash=$(cat requirements.txt requirements-dev.txt pyproject.toml tools/setup.sh | sha256sum | cut -c1-16)

# System packages: command -> Debian package.
apt_needs() {
    local missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core)
    command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
    # The production profile's servers (tools/services.sh): PostgreSQL, Redis, Ceph's S3 gateway.
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    command -v radosgw >/dev/null 2>&1 || missing+=(ceph-mon ceph-osd ceph-common radosgw)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    # npm, for the packages of package-lock.json (the camera page's runtime, axe-core).
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    ((${#missing[@]})) || return 0
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: please install these system packages: ${missing[*]}" >&2
        exit 1
    fi
    echo "setup: installing ${missing[*]} (apt)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Compiled translations, rebuilt when a .po file is newer than its .mo.
compile_messages() {
    local po
    for po in anyidphoto/web/locale/*/LC_MESSAGES/django.po; do
        [[ -f "$po" ]] || continue
        if [[ ! -f "${po%.po}.mo" || "$po" -nt "${po%.po}.mo" ]]; then
            msgfmt --check -o "${po%.po}.mo" "$po"
        fi
    done
}

# The npm packages of package-lock.json, reinstalled when the lock changes.
npm_needs() {
    local lock_hash
    lock_hash=$(sha256sum package-lock.json | cut -c1-16)
    if [[ -f node_modules/.lock-stamp && "$(cat node_modules/.lock-stamp)" == "$lock_hash" ]]; then
        return 0
    fi
    echo "setup: installing the npm packages (camera guidance, accessibility test)"
    npm ci --no-audit --no-fund --silent
    echo "$lock_hash" > node_modules/.lock-stamp
}

apt_needs
npm_needs
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$inputs_hash" && -x "$VENV/bin/anyidphoto" ]]; then
    compile_messages
    exit 0
fi

find_python() {
    if command -v python3.12 >/dev/null 2>&1 && python3.12 -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
        command -v python3.12; return
    fi
    if command -v pyenv >/dev/null 2>&1; then
        for candidate in "$(pyenv root)"/versions/3.12*/bin/python3.12; do
            [[ -x "$candidate" ]] && { echo "$candidate"; return; }
        done
    fi
    for candidate in /usr/local/bin/python3.12 /usr/bin/python3.12; do
        [[ -x "$candidate" ]] && { echo "$candidate"; return; }
    done
    return 1
}

if ! PYTHON=$(find_python); then
    echo "setup: Python 3.12 is needed (MediaPipe 0.10.21, which carries the face models, has wheels up to 3.12)." >&2
    echo "setup: install it with 'pyenv install 3.12' or your system's python3.12 package, then run 'make setup' again." >&2
    exit 1
fi

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
    echo "setup: creating $VENV with $PYTHON"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

# -qq: only errors (the machine's pip configuration warns about local mirrors it cannot see).
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -qq)
echo "setup: installing dependencies into $VENV"
"${PIP[@]}" install --upgrade pip
"${PIP[@]}" install -r requirements.txt -r requirements-dev.txt
"${PIP[@]}" install --no-deps "$MEDIAPIPE"
# The editable build talks a lot about setuptools internals: keep its log, show it on failure.
log=$(mktemp)
"${PIP[@]}" install --no-deps --no-build-isolation -e . >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
rm -f "$log"
"$VENV/bin/python" -c 'import anyidphoto, mediapipe.python.solutions.face_mesh' \
    || { echo "setup: the installed packages do not import; see the messages above" >&2; exit 1; }
compile_messages
echo "$inputs_hash" > "$STAMP"
echo "setup: ready ($VENV/bin/anyidphoto)"
