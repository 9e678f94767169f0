"""Faults on the production profile: a worker killed mid-job, the database or the object
store stopped under use. Nothing is lost, nothing is made twice, and users get clear answers."""

from __future__ import annotations

import io
import signal
import threading
import time

import pytest
import requests
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from anyidphoto.web.studio.models import Photo
from anyidphoto.web.vault.models import ObjectKey
from anyidphoto.web.vault.storage import SealedS3Storage, walk

from .. import photos
from .conftest import eventually, record, services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def portrait() -> bytes:
    return photos.encode(photos.astronaut())


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(email="load@example.org", password="x" * 12)


def test_the_suite_runs_on_postgresql_redis_and_the_s3_gateway(settings):
    from django.core.cache import cache, caches
    from django.core.cache.backends.redis import RedisCache
    from django.core.files.storage import storages
    from django.db import connections

    assert connection.vendor == "postgresql"
    assert connections["keys"].vendor == "postgresql"
    assert connections["keys"].settings_dict["NAME"] != connection.settings_dict["NAME"]
    assert isinstance(storages["default"], SealedS3Storage)
    assert isinstance(caches["default"], RedisCache)
    cache.set("ping", "pong")
    assert cache.get("ping") == "pong"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"


def test_a_worker_killed_mid_job_leaves_the_job_to_another_which_makes_it_once(
    client, user, portrait, database_tasks, start_worker
):
    client.force_login(user)
    client.post(reverse("studio:upload"), {"document": "us-passport", "file": io.BytesIO(portrait)})
    photo = Photo.objects.get()
    first = start_worker()
    eventually(
        lambda: Photo.objects.filter(status=Photo.Status.PROCESSING).exists(),
        timeout=30,
        what="the first worker starts making the photo",
        every=0.02,
    )
    first.send_signal(signal.SIGKILL)  # mid-job: no chance to finish or to say so
    first.wait(timeout=10)
    job = DBTaskResult.objects.get()
    assert job.status == "RUNNING"
    photo.refresh_from_db()
    assert photo.status == Photo.Status.PROCESSING
    killed_at = time.monotonic()
    start_worker()
    eventually(
        lambda: DBTaskResult.objects.get(id=job.id).status == "SUCCESSFUL",
        timeout=90,
        what="another worker finishes the job",
    )
    recovered_s = round(time.monotonic() - killed_at, 1)
    job.refresh_from_db()
    photo.refresh_from_db()
    assert len(job.worker_ids) == 2 and job.worker_ids[0] != job.worker_ids[1]
    assert photo.status == Photo.Status.READY
    # Made once: the upload, the photo and its template, each with one key.
    assert len(walk(default_storage)) == 3
    assert ObjectKey.objects.count() == 3
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    record(
        "worker killed mid-job",
        made_by_the_next_worker_after_s=recovered_s,
        runs=len(job.worker_ids),
        objects=3,
        lost_after_s=3,
    )


def test_the_site_answers_503_while_the_database_is_stopped_then_recovers(
    live_server, user, portrait
):
    from anyidphoto.web.api.models import ApiToken

    _, token = ApiToken.issue(owner=user, scope=ApiToken.Scope.WRITE)
    url = f"{live_server.url}/api/v1/documents?q=passport"
    photos_url = f"{live_server.url}/api/v1/photos/00000000-0000-0000-0000-000000000000"
    headers = {"Authorization": f"Bearer {token}"}
    seen: list[tuple[float, int]] = []
    stop = threading.Event()

    def client_loop():
        session = requests.Session()
        while not stop.is_set():
            for target in (url, photos_url):
                try:
                    status = session.get(target, headers=headers, timeout=15).status_code
                except requests.RequestException:
                    status = -1
                seen.append((time.monotonic(), status))

    clients = [threading.Thread(target=client_loop) for _ in range(8)]
    for thread in clients:
        thread.start()
    time.sleep(2)
    stopped_at = time.monotonic()
    services("stop", "postgres")
    time.sleep(10)
    services("start", "postgres")
    back_at = time.monotonic()
    time.sleep(6)
    stop.set()
    for thread in clients:
        thread.join(timeout=30)
    connection.close()  # this thread's connection died with the server

    statuses = {status for _, status in seen}
    assert statuses <= {200, 404, 503}, statuses  # never a 500, never a dropped request
    during = [status for at, status in seen if stopped_at + 1 < at < back_at]
    assert during and 503 in during
    after = [status for at, status in seen if at > back_at + 3]
    assert after and set(after) <= {200, 404}
    first_ok = min((at for at, status in seen if at > back_at and status != 503), default=0)
    record(
        "database stopped for 10 s under 8 clients",
        requests=len(seen),
        answers={str(code): sum(1 for _, s in seen if s == code) for code in sorted(statuses)},
        answered_503_while_stopped=sum(1 for s in during if s == 503),
        server_errors=sum(1 for _, s in seen if s >= 500 and s != 503),
        first_success_after_restart_s=round(max(0.0, first_ok - back_at), 1),
    )


def test_an_upload_while_the_object_store_is_down_is_refused_clearly_and_leaves_nothing(
    client, user, portrait
):
    client.force_login(user)
    services("stop", "rgw")
    try:
        response = client.post(
            reverse("studio:upload"), {"document": "us-passport", "file": io.BytesIO(portrait)}
        )
        assert response.status_code == 503
        assert "could not store your photo" in response.content.decode()
        assert not Photo.objects.exists() and not ObjectKey.objects.exists()
        record(
            "object store stopped during an upload",
            status=response.status_code,
            photos_kept=0,
            keys_kept=0,
            message="We could not store your photo just now, and kept nothing of it.",
        )
    finally:
        services("start", "rgw")
    assert walk(default_storage) == []
    response = client.post(
        reverse("studio:upload"), {"document": "us-passport", "file": io.BytesIO(portrait)}
    )
    assert response.status_code == 302 and Photo.objects.count() == 1
