"""The production settings pass Django's deployment checks and refuse to start without secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from anyidphoto.web.vault.crypto import new_key_text

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean deployment environment: none of the studio's settings, and not the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ANYIDPHOTO_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(DJANGO_SETTINGS_MODULE="anyidphoto.web.settings_production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


#: The production profile's servers (not contacted by ``check``).
PROFILE = {
    "ANYIDPHOTO_DATABASE_URL": "postgres://studio:pw@db.internal:5432/studio",
    "ANYIDPHOTO_KEYS_DATABASE_URL": "postgres://keys:pw@keys.internal:5432/keys",
    "ANYIDPHOTO_REDIS_URL": "redis://:pw@cache.internal:6379/0",
    "ANYIDPHOTO_S3_BUCKET": "photos",
    "ANYIDPHOTO_S3_ENDPOINT_URL": "https://s3.internal",
    "ANYIDPHOTO_S3_ACCESS_KEY": "access",
    "ANYIDPHOTO_S3_SECRET_KEY": "secret",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ANYIDPHOTO_SECRET_KEY="x" * 24 + "-production-secret-key-for-the-test-1234567890",
        ANYIDPHOTO_ALLOWED_HOSTS="photos.example.org",
        ANYIDPHOTO_SITE_URL="https://photos.example.org",
        ANYIDPHOTO_SMTP_HOST="mail.example.org",
        ANYIDPHOTO_FROM_EMAIL="AnyIDPhoto <studio@example.org>",
        ANYIDPHOTO_PAYMENT_PROVIDER="manual",
        ANYIDPHOTO_MASTER_KEYS=new_key_text("p1"),
        ANYIDPHOTO_DATA_DIR=str(tmp_path),
        **PROFILE,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = _manage("check", ANYIDPHOTO_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "ANYIDPHOTO_SECRET_KEY must be set in production" in result.stderr


def test_the_migrations_match_the_models(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_production_refuses_stripe_without_its_keys_and_prices(tmp_path):
    result = _manage(
        "check",
        ANYIDPHOTO_SECRET_KEY="x" * 60,
        ANYIDPHOTO_ALLOWED_HOSTS="photos.example.org",
        ANYIDPHOTO_SITE_URL="https://photos.example.org",
        ANYIDPHOTO_SMTP_HOST="mail.example.org",
        ANYIDPHOTO_FROM_EMAIL="studio@example.org",
        ANYIDPHOTO_MASTER_KEYS=new_key_text("p1"),
        ANYIDPHOTO_PAYMENT_PROVIDER="stripe",
        ANYIDPHOTO_DATA_DIR=str(tmp_path),
        **PROFILE,
    )
    assert result.returncode != 0
    assert "ANYIDPHOTO_STRIPE_SECRET_KEY must be set" in result.stderr
