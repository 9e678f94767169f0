# Sourced by tools/run.sh and tools/run_scale.sh: the local secrets, made once
# into var/secrets.env (readable by you only), exported.
PY="${PY:-.venv/bin/python}"
mkdir -p var
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
