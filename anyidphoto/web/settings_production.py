"""Settings for a public deployment: HTTPS only, secure cookies, secrets required.

Use with ``DJANGO_SETTINGS_MODULE=anyidphoto.web.settings_production``; it
must pass ``manage.py check --deploy``. Required environment:
``ANYIDPHOTO_SECRET_KEY``, ``ANYIDPHOTO_ALLOWED_HOSTS``,
``ANYIDPHOTO_MASTER_KEYS``, ``ANYIDPHOTO_SITE_URL`` (https),
``ANYIDPHOTO_SMTP_HOST`` and ``ANYIDPHOTO_FROM_EMAIL`` (service mail must reach
people), ``ANYIDPHOTO_PAYMENT_PROVIDER`` (with Stripe's keys and prices), and
the production profile's servers: ``ANYIDPHOTO_DATABASE_URL`` (PostgreSQL),
``ANYIDPHOTO_KEYS_DATABASE_URL`` (the key store, apart),
``ANYIDPHOTO_REDIS_URL`` and ``ANYIDPHOTO_S3_BUCKET`` with its keys
(``deploy/env.example`` lists every setting).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import env

_REQUIRED = (
    *("SECRET_KEY", "ALLOWED_HOSTS", "MASTER_KEYS", "SITE_URL", "SMTP_HOST", "FROM_EMAIL"),
    # The production profile: several web and worker processes on several machines
    # share one database, one cache and one object store (deploy/README.md).
    *("DATABASE_URL", "KEYS_DATABASE_URL", "REDIS_URL"),
    *("S3_BUCKET", "S3_ACCESS_KEY", "S3_SECRET_KEY"),
)
for _name in (*_REQUIRED, "PAYMENT_PROVIDER"):
    if not env(_name):
        raise ImproperlyConfigured(f"ANYIDPHOTO_{_name} must be set in production")
# Payments are chosen on purpose, never by default: "manual" (free, or paid by
# staff) or "stripe" with its keys and real prices.
if PAYMENT_PROVIDER not in ("manual", "stripe"):  # noqa: F405
    raise ImproperlyConfigured("ANYIDPHOTO_PAYMENT_PROVIDER must be manual or stripe")
if PAYMENT_PROVIDER == "stripe":  # noqa: F405
    for _name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"):
        if not env(_name):
            raise ImproperlyConfigured(f"ANYIDPHOTO_{_name} must be set to take payments")
    if min(ORDER_PRICES_CENTS.values()) <= 0:  # noqa: F405
        raise ImproperlyConfigured(
            "set ANYIDPHOTO_PRICE_DIGITAL_CENTS, _SHEET_CENTS and _BOTH_CENTS above 0 for Stripe"
        )
if len(env("SECRET_KEY")) < 50:
    raise ImproperlyConfigured("ANYIDPHOTO_SECRET_KEY must be at least 50 characters")

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS").split(",") if h]
CSRF_TRUSTED_ORIGINS = [env("SITE_URL")]

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
