"""The production profile's services, read from URLs and names in the environment.

Each function turns one ``ANYIDPHOTO_*`` value into the Django setting that
uses it: PostgreSQL for the database, Redis for the cache and sessions, an
S3-compatible object store for the sealed photo bytes. ``settings.py`` calls
them only when the value is set; the embedded default needs none of them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit


def database(url: str) -> dict:
    """``postgres://user:password@host:port/name`` as a Django ``DATABASES`` entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"ANYIDPHOTO_DATABASE_URL: expected postgres://..., got {parts.scheme}://")
    if not parts.path.strip("/"):
        raise ValueError("ANYIDPHOTO_DATABASE_URL names no database")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "127.0.0.1",
        "PORT": str(parts.port or 5432),
        # Connections are kept for a minute and checked before reuse, so a
        # restarted database costs one failed request per process, not an outage.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        # Query parameters are libpq's options: ?sslmode=verify-full&sslrootcert=...
        "OPTIONS": {"connect_timeout": 5, **dict(parse_qsl(parts.query))},
    }


def sqlite(path) -> dict:
    """The embedded default's database: a SQLite file at ``path``, writers taking turns."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }


def caches(url: str) -> dict:
    """``redis://:password@host:port/db`` as the default cache (also sessions, rate limits)."""
    if urlsplit(url).scheme not in {"redis", "rediss"}:
        raise ValueError("ANYIDPHOTO_REDIS_URL: expected redis://...")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "anyidphoto",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


def object_store(
    *, bucket: str, endpoint_url: str, access_key: str, secret_key: str, region: str, prefix: str
) -> dict:
    """The sealed S3 storage for ``bucket`` (under ``prefix``, if any) as a ``STORAGES`` entry."""
    return {
        "BACKEND": "anyidphoto.web.vault.storage.SealedS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key,
            "secret_key": secret_key,
            "region_name": region,
            "location": prefix.strip("/"),
        },
    }
