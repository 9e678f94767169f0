"""When the disk is full or a server behind the site is down: a clear answer, nothing half-saved."""

from __future__ import annotations

import io
import os
import subprocess
import uuid

import pytest
from django.db import OperationalError
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from anyidphoto.web.studio.models import Photo
from anyidphoto.web.vault.models import ObjectKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(tmp_path, settings):
    """A real 1 MiB filesystem (tmpfs) as the media folder, filled but for a few KiB."""
    folder = tmp_path / f"small-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.decode().strip()}")
    try:
        with open(folder / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        os.truncate(folder / "filler", os.path.getsize(folder / "filler") - 8192)
        settings.MEDIA_ROOT = folder
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_an_upload_to_a_full_disk_is_refused_clearly_and_leaves_nothing(
    client_in, portrait_jpeg, full_disk
):
    assert len(portrait_jpeg) > 8192
    response = client_in.post(
        reverse("studio:upload"), {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)}
    )
    assert response.status_code == 503
    assert "could not store your photo" in response.content.decode()
    assert not Photo.objects.exists() and not ObjectKey.objects.exists()
    assert sorted(p.name for p in full_disk.rglob("*") if p.is_file()) == ["filler"]


def test_the_api_says_503_for_a_full_disk_too(client, user, portrait_jpeg, full_disk):
    from anyidphoto.web.api.models import ApiToken

    _, token = ApiToken.issue(owner=user, scope=ApiToken.Scope.WRITE)
    response = client.post(
        "/api/v1/photos",
        {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 503 and "try again" in response.json()["detail"]
    assert not Photo.objects.exists()


@pytest.mark.parametrize(
    "error, status, retry_after, words",
    [
        # A database, or Redis, that does not answer: try again shortly.
        (
            OperationalError("connection to 127.0.0.1 failed: refused"),
            503,
            "30",
            "briefly unavailable",
        ),
        (
            RedisConnectionError("Error 111 connecting to cache:6379"),
            503,
            "30",
            "briefly unavailable",
        ),
        # Anything else is a plain 500 page.
        (ValueError("a bug"), 500, None, "Something went wrong"),
    ],
)
def test_a_failure_behind_a_page_gets_the_answer_that_says_what_to_do(
    error, status, retry_after, words, client_in, monkeypatch
):
    from anyidphoto.web.studio import views

    def fail(**kwargs):
        raise error

    monkeypatch.setattr(views.selectors, "photos_of", fail)
    client_in.raise_request_exception = False
    response = client_in.get(reverse("studio:photos"))
    assert response.status_code == status and response.get("Retry-After") == retry_after
    assert words in response.content.decode()
