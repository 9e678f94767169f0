"""Retention: photo files purged on time (keys destroyed first), never early."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from anyidphoto.web.orders.models import Order
from anyidphoto.web.privacy.services import purge_expired
from anyidphoto.web.studio.models import Photo
from anyidphoto.web.vault.models import ObjectKey
from anyidphoto.web.vault.storage import walk

pytestmark = pytest.mark.django_db

START = timezone.datetime(2026, 3, 1, 12, 0, tzinfo=timezone.UTC)


@pytest.fixture
def uploaded(client_in, portrait_jpeg, django_capture_on_commit_callbacks):
    """Upload the portrait at START; returns its photo (made, or queued with a task queue)."""
    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            client_in.post(
                reverse("studio:upload"),
                {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)},
            )
    return Photo.objects.get()


@pytest.fixture
def made(uploaded):
    """The portrait uploaded at START, made."""
    assert uploaded.status == Photo.Status.READY and len(walk(default_storage)) == 3
    return uploaded


def order_paid(photo: Photo, when) -> Order:
    return Order.objects.create(
        owner=photo.owner, photo=photo, kind="both", paper="4x6", status="paid",
        provider="manual", completed_at=when,
    )  # fmt: skip


def purge_at(moment):
    with time_machine.travel(moment, tick=False):
        return purge_expired()


def assert_gone(photo: Photo):
    photo.refresh_from_db()
    assert photo.purged_at is not None
    assert walk(default_storage) == [] and not ObjectKey.objects.exists()


def test_an_ordered_photo_is_kept_30_days_after_the_order_then_purged(made, client_in):
    order = order_paid(made, START + timedelta(days=2))
    assert purge_at(START + timedelta(days=31, hours=23)).photos == []
    assert len(walk(default_storage)) == 3
    assert client_in.get(reverse("orders:photo", args=[order.id])).status_code == 200
    report = purge_at(START + timedelta(days=32, minutes=1))
    assert report.photos == [str(made.id)] and report.files == 3
    assert_gone(made)
    # The order remains, says why its files are gone, and serves nothing.
    page = client_in.get(reverse("orders:detail", args=[order.id])).content.decode()
    assert "were deleted on" in page
    assert client_in.get(reverse("orders:photo", args=[order.id])).status_code == 404
    assert client_in.get(reverse("studio:preview", args=[made.id])).status_code == 404


def test_a_photo_never_ordered_goes_after_24_hours(made):
    assert purge_at(START + timedelta(hours=23, minutes=59)).photos == []
    assert purge_at(START + timedelta(hours=24, minutes=1)).photos == [str(made.id)]
    assert_gone(made)


def test_an_abandoned_unpaid_order_does_not_keep_a_photo(made):
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        Order.objects.create(owner=made.owner, photo=made, kind="digital", provider="manual")
    assert purge_at(START + timedelta(hours=25)).photos == [str(made.id)]


def test_the_latest_paid_order_counts(made):
    order_paid(made, START + timedelta(days=1))
    order_paid(made, START + timedelta(days=20))
    assert purge_at(START + timedelta(days=40)).photos == []
    assert purge_at(START + timedelta(days=51)).photos == [str(made.id)]


def test_a_dry_run_lists_and_deletes_nothing(made, capsys):
    with time_machine.travel(START + timedelta(days=3), tick=False):
        call_command("purge", "--dry-run")
    assert "would purge 1 photos (3 files)" in capsys.readouterr().out
    assert len(walk(default_storage)) == 3
    made.refresh_from_db()
    assert made.purged_at is None
    with time_machine.travel(START + timedelta(days=3), tick=False):
        call_command("purge")
    assert_gone(made)


def test_the_periods_come_from_the_settings_and_the_privacy_page_shows_them(client, made, settings):
    settings.RETENTION = {**settings.RETENTION, "photo_days_after_order": 10}
    order_paid(made, START)
    assert purge_at(START + timedelta(days=9)).photos == []
    assert purge_at(START + timedelta(days=10, minutes=1)).photos == [str(made.id)]
    page = client.get(reverse("privacy")).content.decode()
    assert "up to 10 days after it" in page
    assert "deleted 10 days after your order" in page


def test_the_daily_purge_runs_from_the_queue_and_queues_the_next(made, database_tasks):
    from django_tasks_db.models import DBTaskResult

    from anyidphoto.web.privacy.tasks import purge_daily

    call_command("schedule_purge", stdout=io.StringIO())
    call_command("schedule_purge", stdout=io.StringIO())  # once is enough
    waiting = DBTaskResult.objects.filter(task_path=purge_daily.module_path, status="READY")
    assert waiting.count() == 1
    with time_machine.travel(START + timedelta(days=2), tick=False):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert_gone(made)
    # The next purge waits for tomorrow.
    following = DBTaskResult.objects.get(task_path=purge_daily.module_path, status="READY")
    assert following.run_after is not None
    assert following.run_after - (START + timedelta(days=2)) == timedelta(hours=24)


def test_a_purge_run_twice_keeps_one_daily_chain(made, database_tasks):
    from django_tasks_db.models import DBTaskResult

    from anyidphoto.web.privacy.tasks import purge_daily

    # Its worker was lost after it queued the next purge: it runs again.
    purge_daily.call()
    purge_daily.call()
    waiting = DBTaskResult.objects.filter(task_path=purge_daily.module_path, status="READY")
    assert waiting.count() == 1


def test_objects_nothing_can_use_are_swept_once_a_day_old_but_not_a_save_in_progress(made):
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    order_paid(made, timezone.now())  # kept for 30 days
    kept = [made.upload.name, made.result.name, made.template.name]
    keyless = default_storage.save("uploads/keyless.jpg", ContentFile(b"a rolled back photo"))
    # A save whose transaction rolled back: the bytes are there, the key row is not.
    ObjectKey.objects.filter(name=keyless).delete()
    # A task run twice, a backup taken mid-upload: sealed, keyed, and no row names it.
    unnamed = default_storage.save("photos/1/unnamed.jpg", ContentFile(b"a second copy"))
    fresh = default_storage.save("uploads/fresh.jpg", ContentFile(b"a photo being saved"))
    foreign = FileSystemStorage(location=default_storage.location).save(
        "notes.txt", ContentFile(b"not sealed: not ours to judge")
    )
    day_old = (timezone.now() - timedelta(days=2)).timestamp()
    for name in [*kept, keyless, unnamed, foreign]:
        os.utime(default_storage.path(name), (day_old, day_old))

    assert purge_expired(dry_run=True).orphans == 2  # a dry run counts, deletes nothing
    assert len(walk(default_storage)) == 7
    report = purge_expired()
    assert report.orphans == 2
    assert sorted(walk(default_storage)) == sorted([*kept, fresh, foreign])
    assert not ObjectKey.objects.filter(name=unnamed).exists()  # its key went too
    with made.result.open("rb") as handle:
        assert handle.read()[:3] == b"\xff\xd8\xff"


def test_the_purge_says_when_its_sweep_refused(made):
    from django.core.files.base import ContentFile

    from anyidphoto.web.vault import storage as vault

    order_paid(made, timezone.now())
    for n in range(vault.SWEEP_REFUSE_MIN + 1):
        default_storage.save(f"photos/stray-{n}.jpg", ContentFile(b"no record names me"))
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        err = io.StringIO()
        call_command("purge", stdout=io.StringIO(), stderr=err)
    assert "21 of 24 stored objects" in err.getvalue() and "deletes nothing" in err.getvalue()
    assert len(walk(default_storage)) == 24


def test_a_photo_still_in_progress_a_day_after_upload_is_marked_failed(database_tasks, uploaded):
    from django_tasks_db.models import DBTaskResult

    photo = uploaded
    assert DBTaskResult.objects.get().status == "READY"
    assert photo.status == Photo.Status.QUEUED
    assert purge_at(START + timedelta(hours=23)).photos_stuck == 0
    # Still in the queue a day later (workers stopped for a while): it waits to be made.
    assert purge_at(START + timedelta(hours=25)).photos_stuck == 0
    # Its task failed without a word reaching the photo (the database was down then).
    DBTaskResult.objects.update(status="FAILED")
    out = io.StringIO()
    with time_machine.travel(START + timedelta(hours=25), tick=False):
        call_command("purge", "--dry-run", stdout=out)
    assert "1 photos still in progress a day after upload would be marked failed" in out.getvalue()
    assert Photo.objects.get().status == Photo.Status.QUEUED
    assert purge_at(START + timedelta(hours=25)).photos_stuck == 1
    photo.refresh_from_db()
    assert (photo.status, photo.error_code) == (Photo.Status.FAILED, "internal")
    assert purge_at(START + timedelta(hours=26)).photos_stuck == 0
