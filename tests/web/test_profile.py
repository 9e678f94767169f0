"""The production profile's settings read from the environment's URLs."""

from __future__ import annotations

import pytest

from anyidphoto.web import profile


def test_a_database_url_becomes_postgresql_settings_with_health_checks():
    db = profile.database("postgres://studio:p%40ss%2Fword@db.internal:6432/photos")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("photos", "studio", "p@ss/word")
    assert (db["HOST"], db["PORT"]) == ("db.internal", "6432")
    assert db["CONN_HEALTH_CHECKS"] and db["CONN_MAX_AGE"] > 0
    tls = profile.database(
        "postgres://u:p@db.internal/photos?sslmode=verify-full&connect_timeout=9"
    )
    assert tls["OPTIONS"] == {"connect_timeout": "9", "sslmode": "verify-full"}


@pytest.mark.parametrize(
    "url, words",
    [("mysql://u:p@h/db", "expected postgres://"), ("postgres://u:p@h:5432/", "names no database")],
)
def test_a_wrong_database_url_is_refused_with_the_reason(url, words):
    with pytest.raises(ValueError, match=words):
        profile.database(url)


def test_redis_holds_the_cache_and_an_object_store_the_sealed_bytes():
    assert profile.caches("redis://:pw@cache:6379/2")["default"]["LOCATION"].endswith("/2")
    with pytest.raises(ValueError):
        profile.caches("memcached://cache")
    store = profile.object_store(
        bucket="photos",
        endpoint_url="",
        access_key="a",
        secret_key="s",
        region="eu",
        prefix="/site1/",
    )
    assert store["BACKEND"].endswith("SealedS3Storage")
    assert store["OPTIONS"]["endpoint_url"] is None  # AWS itself
    assert store["OPTIONS"]["location"] == "site1"
