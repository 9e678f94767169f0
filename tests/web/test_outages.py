"""When the disk is full or a server behind the site is down: a clear answer, nothing half-saved."""

from __future__ import annotations

import io
import os
import subprocess
import uuid

import pytest
from django.db import OperationalError
from django.urls import reverse

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

    _, token = ApiToken.issue(owner=user)
    response = client.post(
        "/api/v1/photos",
        {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 503 and "try again" in response.json()["detail"]
    assert not Photo.objects.exists()


def test_a_database_that_does_not_answer_gives_503_with_retry_after(client_in, monkeypatch):
    from anyidphoto.web.studio import views

    def lost(**kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(views.selectors, "photos_of", lost)
    client_in.raise_request_exception = False
    response = client_in.get(reverse("studio:photos"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "briefly unavailable" in response.content.decode()


def test_any_other_failure_is_a_plain_500_page(client_in, monkeypatch):
    from anyidphoto.web.studio import views

    def broken(**kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.selectors, "photos_of", broken)
    client_in.raise_request_exception = False
    response = client_in.get(reverse("studio:photos"))
    assert response.status_code == 500 and "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()
