"""Settings for the test suite: tasks run at once, a throwaway master key, fast hashing.

With ``ANYIDPHOTO_DATABASE_URL``, ``_REDIS_URL`` and ``_S3_*`` set, the suite
runs on the production profile's servers instead (``tools/test_scale.sh``).
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from .settings import *  # noqa: F403

DATA_DIR = Path(tempfile.mkdtemp(prefix="anyidphoto-test-"))
MEDIA_ROOT = DATA_DIR / "media"
# SQLite (the main database and the key store) unless the production profile's
# servers are named (tools/test_scale.sh), when the same suites run against
# PostgreSQL, Redis and the S3 object store.
if not env("DATABASE_URL"):  # noqa: F405
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "t.sqlite3"}  # noqa: F405
if not env("KEYS_DATABASE_URL"):  # noqa: F405
    DATABASES["keys"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "keys.sqlite3"}  # noqa: F405
VAULT_MASTER_KEYS = "test1=" + base64.urlsafe_b64encode(b"k" * 32).decode()
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ACCOUNT_RATE_LIMITS = False
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
