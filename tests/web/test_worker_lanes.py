"""A worker's two lanes: a task a person waits for runs at once, beside the others.

The queue is a list here (``_claim`` reads it), so the lanes' order is seen
without a database; the queue itself is the database's in the other worker
tests and in ``make load``.
"""

from __future__ import annotations

import io
import os
import threading
import time
from dataclasses import dataclass

import pytest

from anyidphoto.web.operations import workers
from anyidphoto.web.operations.workers import INTERACTIVE_PRIORITY

pytestmark = pytest.mark.django_db  # the worker closes stale connections between tasks


@dataclass
class Queued:
    name: str
    priority: int


class ListWorker(workers.Worker):
    """A worker whose queue is ``queued`` and whose tasks record when they run."""

    def __init__(self, queued: list[Queued], run, **options) -> None:
        super().__init__(
            queue_names=["default"],
            excluded_queue_names=[],
            interval=0.01,
            batch=options.get("batch", True),
            backend_name="default",
            startup_delay=False,
            max_tasks=options.get("max_tasks"),
            worker_id="lanes",
        )
        self.queued, self.run_one = queued, run
        self.lock = threading.Lock()

    def _claim(self, *, interactive_only: bool):
        with self.lock:  # highest priority first, then first queued, as the database's
            for item in sorted(self.queued, key=lambda item: -item.priority):
                if not interactive_only or item.priority >= INTERACTIVE_PRIORITY:
                    self.queued.remove(item)
                    return item, True
        return None, True

    def run_task(self, db_task_result) -> None:
        self.running_task = True
        try:
            self.run_one(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1


def test_an_interactive_task_runs_at_once_while_a_background_one_is_made(settings):
    events: list[str] = []
    background_started, interactive_done = threading.Event(), threading.Event()
    nice: dict[str, int] = {}
    queued = [Queued("api-photo", 0)]

    def run(task: Queued) -> None:
        nice[task.name] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        events.append(f"start {task.name}")
        if task.name == "api-photo":
            background_started.set()
            # The background task lasts until the interactive one is done.
            assert interactive_done.wait(10), "the interactive task waited for the other"
        else:
            interactive_done.set()
        events.append(f"end {task.name}")

    worker = ListWorker(queued, run)
    thread = threading.Thread(target=worker.run)
    thread.start()
    assert background_started.wait(10)
    assert worker.running_task  # a graceful stop now waits for the background lane
    with worker.lock:
        queued.append(Queued("api-photo-2", 0))  # waits: the background lane is busy
        queued.append(Queued("studio-photo", INTERACTIVE_PRIORITY))
    thread.join(20)
    assert not thread.is_alive()
    assert events == [
        "start api-photo",
        "start studio-photo",
        "end studio-photo",
        "end api-photo",
        "start api-photo-2",
        "end api-photo-2",
    ]
    base = os.getpriority(os.PRIO_PROCESS, 0)
    assert nice["studio-photo"] == base
    lowered = min(19, base + settings.WORKER_BACKGROUND_NICE)
    assert nice["api-photo"] == nice["api-photo-2"] == lowered > base
    assert not worker.running_task and worker._run_tasks == 3


def test_batch_mode_waits_for_the_background_lane_before_it_ends():
    finished: list[str] = []

    def run(task: Queued) -> None:
        time.sleep(0.2)
        finished.append(task.name)

    worker = ListWorker([Queued("a", 0), Queued("b", -10)], run)
    worker.run()
    assert finished == ["a", "b"]
    assert not worker._lane.is_alive()


def test_max_tasks_counts_both_lanes():
    done: list[str] = []
    worker = ListWorker(
        [Queued("bg", 0), Queued("now", INTERACTIVE_PRIORITY), Queued("later", 0)],
        lambda task: done.append(task.name),
        batch=False,
        max_tasks=2,
    )
    worker.run()
    assert sorted(done) == ["bg", "now"]
    assert [item.name for item in worker.queued] == ["later"]


def test_a_studio_upload_is_interactive_and_an_api_upload_is_not(
    client_in, portrait_jpeg, database_tasks, django_capture_on_commit_callbacks
):
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from anyidphoto.web.api.models import ApiToken
    from anyidphoto.web.studio.models import Photo

    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(
            reverse("studio:upload"), {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)}
        )
    user = Photo.objects.get().owner
    _, token = ApiToken.issue(owner=user, name="batch", scope=ApiToken.Scope.WRITE)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_in.post(
            "/api/v1/photos",
            {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)},
            headers={"authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 201
    priority = {str(row.args_kwargs["args"][0]): row.priority for row in DBTaskResult.objects.all()}
    studio, api = (
        str(Photo.objects.exclude(id=answer.json()["id"]).get().id),
        answer.json()["id"],
    )
    assert priority == {studio: INTERACTIVE_PRIORITY, api: 0}
