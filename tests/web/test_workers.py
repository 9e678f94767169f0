"""Task workers: a task whose worker died runs again, once; a poisonous one stops; outages pass."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from anyidphoto.web.operations import workers
from anyidphoto.web.operations.models import WorkerBeat
from anyidphoto.web.studio.models import Photo
from anyidphoto.web.vault.storage import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_photo(client_in, portrait_jpeg, database_tasks, django_capture_on_commit_callbacks):
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(
            reverse("studio:upload"), {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)}
        )
    return Photo.objects.get(), DBTaskResult.objects.get()


def claim(result: DBTaskResult, worker_id: str, *, beat_ago: float | None) -> None:
    """``worker_id`` claims ``result``; its last beat was ``beat_ago`` seconds ago (None: never)."""
    result.claim(worker_id)
    if beat_ago is not None:
        at = timezone.now() - timedelta(seconds=beat_ago)
        WorkerBeat.objects.create(worker_id=worker_id, host="h", pid=1, started_at=at, beat_at=at)


def test_a_task_of_a_worker_that_stopped_beating_goes_back_and_runs_once(queued_photo):
    photo, result = queued_photo
    with time_machine.travel(timezone.now() - timedelta(minutes=5), tick=False):
        claim(result, "killed-worker", beat_ago=0)  # it beat, claimed, then died
    assert DBTaskResult.objects.get().status == "RUNNING"

    assert workers.requeue_lost() == (1, 0)
    result.refresh_from_db()
    assert (result.status, result.started_at) == ("READY", None)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh_from_db()
    photo.refresh_from_db()
    assert result.status == "SUCCESSFUL" and result.worker_ids[0] == "killed-worker"
    assert len(result.worker_ids) == 2
    assert photo.status == Photo.Status.READY
    assert len(walk(photo.result.storage)) == 3  # upload, photo, template: made once
    assert not WorkerBeat.objects.filter(worker_id=result.worker_ids[1]).exists()  # signed off


def test_a_live_worker_keeps_its_task_even_when_it_runs_long(queued_photo):
    _, result = queued_photo
    with time_machine.travel(timezone.now() - timedelta(minutes=10), tick=False):
        claim(result, "busy-worker", beat_ago=None)
    WorkerBeat.objects.create(
        worker_id="busy-worker", host="h", pid=1, started_at=timezone.now(), beat_at=timezone.now()
    )
    assert workers.requeue_lost() == (0, 0)
    assert DBTaskResult.objects.get().status == "RUNNING"


def test_a_just_claimed_task_is_not_taken_before_its_worker_is_late(queued_photo):
    _, result = queued_photo
    claim(result, "never-beat", beat_ago=None)
    assert workers.requeue_lost() == (0, 0)
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        assert workers.requeue_lost() == (1, 0)


def test_a_task_that_loses_its_worker_three_times_fails_instead_of_killing_more(
    queued_photo, settings
):
    _, result = queued_photo
    old = timezone.now() - timedelta(minutes=5)
    with time_machine.travel(old, tick=False):
        for n in range(settings.WORKER_MAX_ATTEMPTS):
            result.claim(f"worker-{n}")
    assert workers.requeue_lost() == (0, 1)
    result.refresh_from_db()
    assert result.status == "FAILED" and "lost 3 times" in result.traceback
    photo = Photo.objects.get()  # says so, instead of "in progress" for ever
    assert (photo.status, photo.error_code) == (Photo.Status.FAILED, "internal")
    assert photo.completed_at is not None


def test_a_photo_whose_task_raises_outside_the_engine_fails(queued_photo, monkeypatch):
    def lose_the_store(*, photo):
        raise OSError("the disk went away")

    monkeypatch.setattr("anyidphoto.web.studio.tasks.photo_process", lose_the_store)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    assert DBTaskResult.objects.get().status == "FAILED"
    assert Photo.objects.get().status == Photo.Status.FAILED


def worker(worker_id: str) -> workers.Worker:
    return workers.Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    )


def test_a_worker_thought_lost_that_finishes_late_overwrites_nothing(queued_photo):
    photo, _ = queued_photo
    with time_machine.travel(timezone.now() - timedelta(minutes=5), tick=False):
        claim(DBTaskResult.objects.get(), "cut-off", beat_ago=0)
    held_by_cut_off = DBTaskResult.objects.get()
    assert workers.requeue_lost() == (1, 0)
    claim(DBTaskResult.objects.get(), "successor", beat_ago=0)

    worker("cut-off").run_task(held_by_cut_off)  # it was only cut off, and finishes
    result = DBTaskResult.objects.get()
    assert (result.status, result.worker_ids[-1]) == ("RUNNING", "successor")
    photo.refresh_from_db()
    made = photo.result.name
    assert photo.status == Photo.Status.READY

    worker("successor").run_task(result)
    result.refresh_from_db()
    photo.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert photo.result.name == made and len(walk(photo.result.storage)) == 3


def test_a_run_that_finds_its_photo_made_meanwhile_stores_nothing(queued_photo):
    # (Under PostgreSQL the row lock also orders two runs storing at the same moment.)
    from anyidphoto.web.studio.services import photo_process

    photo, _ = queued_photo
    second_run = Photo.objects.get()  # read before the first run stored its photo
    photo_process(photo=photo)
    photo.refresh_from_db()
    made = photo.result.name
    assert photo_process(photo=second_run).result.name == made
    assert len(walk(photo.result.storage)) == 3


def test_a_run_that_fails_after_its_photo_was_made_meanwhile_leaves_it_made(
    queued_photo, monkeypatch
):
    from anyidphoto.web.studio import services

    photo, _ = queued_photo
    second_run = Photo.objects.get()
    services.photo_process(photo=photo)
    monkeypatch.setattr(services, "make_photo", lambda *a, **k: 1 / 0)
    assert services.photo_process(photo=second_run).status == Photo.Status.READY
    photo.refresh_from_db()
    assert photo.status == Photo.Status.READY and photo.error_code == ""


def test_a_photo_already_made_is_not_made_again_when_its_task_runs_twice(queued_photo):
    from anyidphoto.web.studio.tasks import process_photo

    photo, _ = queued_photo
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    photo.refresh_from_db()
    made = photo.result.name
    assert process_photo.call(str(photo.id)) == Photo.Status.READY
    photo.refresh_from_db()
    assert photo.result.name == made and len(walk(photo.result.storage)) == 3


def test_the_worker_waits_out_a_database_outage_and_gives_back_what_it_held(
    queued_photo, monkeypatch
):
    Worker = workers.Worker
    _, result = queued_photo
    real_run, calls = Worker.run, []

    def run_then_lose_the_database(self):
        calls.append(self.worker_id)
        if len(calls) == 1:
            DBTaskResult.objects.get().claim(self.worker_id)  # holding a task...
            raise OperationalError("server closed the connection unexpectedly")
        return real_run(self)

    monkeypatch.setattr(Worker, "run", run_then_lose_the_database)
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(calls) == 2 and calls[0] == calls[1]  # the same worker carried on
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert Photo.objects.get().status == Photo.Status.READY


def test_a_late_run_that_makes_a_photo_failed_meanwhile_clears_the_failure(queued_photo):
    from anyidphoto.web.studio.services import photo_abandon, photo_process

    photo, _ = queued_photo
    assert photo_abandon(photo_id=photo.id) == 1  # its task was given up on
    late = photo_process(photo=photo)
    late.refresh_from_db()
    assert (late.status, late.error_code, late.error_message) == (Photo.Status.READY, "", "")
