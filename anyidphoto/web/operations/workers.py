"""Task workers that survive each other: heartbeats, and lost tasks put back in the queue.

Django's database task backend claims a task with a row lock, marks it
running and runs it; if the worker process dies (killed, out of memory, its
machine gone) the task would stay "running" for ever. Every worker here
beats (:class:`~.models.WorkerBeat`), and every worker looks, now and then,
for running tasks whose worker has stopped beating: such a task goes back
to the queue, or, lost ``WORKER_MAX_ATTEMPTS`` times, is marked failed so
that one poisonous input cannot take down worker after worker.

Tasks must therefore be safe to run again: each one checks whether its
work is already done (see ``studio.tasks.process_photo``). A worker that was
only cut off (its beats did not reach the database) may still finish a task
that was meanwhile given to another: :class:`Worker` then records nothing,
so the outcome that counts is the one of the worker holding the task.

A task failed here, never having returned, sends Django's ``task_finished``
signal like one that raised, so that its owner (a photo, an export) can say
so instead of waiting for ever.

A person may be waiting on screen for a task (a photo uploaded in the
studio): such tasks are queued at :data:`INTERACTIVE_PRIORITY`. A worker
runs the others in a lane of their own at a lower CPU priority, and while
one runs it goes on looking for interactive tasks and runs them at once:
they wait neither for the queue nor for the photo in the making.
"""

from __future__ import annotations

import logging
import os
import queue
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import (
    DatabaseError,
    OperationalError,
    close_old_connections,
    connections,
    transaction,
)
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from .models import WorkerBeat

log = logging.getLogger(__name__)

#: The queue priority of a task a person waits for on screen (django.tasks: -100 to
#: 100, higher first); the others keep the default, 0.
INTERACTIVE_PRIORITY = 50


def new_worker_id() -> str:
    """``host-pid-random``: unique, and says where the worker runs."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{os.urandom(3).hex()}"


def beat(worker_id: str, *, started_at) -> None:
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "beat_at": now,
            "started_at": started_at,
        },
    )


def requeue_lost(*, now=None) -> tuple[int, int]:
    """Put back running tasks whose worker stopped beating: ``(requeued, failed)``."""
    now = now or timezone.now()
    lost_before = now - timedelta(seconds=settings.WORKER_LOST_AFTER)
    alive = set(
        WorkerBeat.objects.filter(beat_at__gte=lost_before).values_list("worker_id", flat=True)
    )
    requeued, failed = 0, []
    with transaction.atomic():
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        for result in running.select_for_update(skip_locked=True):
            owner = result.worker_ids[-1] if result.worker_ids else None
            if owner in alive or (result.started_at and result.started_at >= lost_before):
                continue
            if len(result.worker_ids) >= settings.WORKER_MAX_ATTEMPTS:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = "anyidphoto.web.operations.workers.WorkerLost"
                result.traceback = (
                    f"its worker was lost {len(result.worker_ids)} times: {result.worker_ids}"
                )
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                failed.append(result)
                log.error(
                    "task %s failed: its worker was lost %s times",
                    result.id,
                    len(result.worker_ids),
                )
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                requeued += 1
                log.warning("task %s put back in the queue: worker %s was lost", result.id, owner)
    for result in failed:
        _announce_failed(result)
    WorkerBeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    return requeued, len(failed)


def _announce_failed(result: DBTaskResult) -> None:
    """Send ``task_finished`` for a task failed without running to its end."""
    try:
        task_result = result.task_result
        sender = type(result.task.get_backend())
    except Exception:  # its task no longer exists in the code: nobody to tell
        log.exception("task %s failed; its task cannot be loaded", result.id)
        return
    # A receiver that fails is logged, never allowed to stop this worker's heart.
    for receiver, error in task_finished.send_robust(sender=sender, task_result=task_result):
        if isinstance(error, Exception):
            log.error("task %s failed; %s could not be told: %r", result.id, receiver, error)


class Worker(db_worker.Worker):
    """``db_worker``'s worker with two lanes, recording an outcome only for a task it
    still holds.

    Tasks below :data:`INTERACTIVE_PRIORITY` run one at a time in a background
    lane (a thread at nice ``settings.WORKER_BACKGROUND_NICE``); meanwhile the worker takes
    only interactive tasks and runs them itself, at once. At most two tasks
    run in a worker, one of each kind.

    A worker cut off from the database long enough is called lost and its task
    given to another; should it come back and finish, its outcome is dropped
    (logged), not written over the running task of the other worker.
    """

    _lane: _BackgroundLane | None = None

    @property
    def running_task(self) -> bool:  # read by db_worker's graceful shutdown
        return bool(self.__dict__.get("_running_in")) or bool(self._lane and self._lane.busy)

    @running_task.setter
    def running_task(self, value: bool) -> None:  # set by db_worker's run_task, per thread
        running = self.__dict__.setdefault("_running_in", set())
        (running.add if value else running.discard)(threading.get_ident())

    def run(self) -> None:
        log.info("worker %s starts (queues %s)", self.worker_id, ",".join(self.queue_names))
        self._lane = _BackgroundLane(self)
        self._lane.start()
        try:
            self._take_tasks()
        finally:
            self._lane.finish()

    def _take_tasks(self) -> None:
        """db_worker's loop, with the background lane (its startup delay, batch and
        max-tasks modes kept)."""
        if self.startup_delay and self.interval:
            time.sleep(os.urandom(1)[0] / 256)  # no thundering herd of workers
        claimed = 0
        while self.running:
            if self.max_tasks is not None and claimed >= self.max_tasks:
                return  # the background lane's task ends before the worker does
            close_old_connections()
            lane_busy = self._lane.busy
            task_result, retrieved = self._claim(interactive_only=lane_busy)
            if task_result is not None:
                claimed += 1
                if task_result.priority >= INTERACTIVE_PRIORITY:
                    self.run_task(task_result)
                else:
                    self._lane.hand(task_result)
            elif self.batch and retrieved:
                if not lane_busy:
                    return  # nothing left: batch mode ends
                self._lane.wait(self.interval or 0.05)
                continue
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def _claim(self, *, interactive_only: bool) -> tuple[DBTaskResult | None, bool]:
        """The next task this worker may take, claimed: ``(task or None, whether the
        queue could be read)``."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        if interactive_only:
            tasks = tasks.filter(priority__gte=INTERACTIVE_PRIORITY)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return None, False  # SQLite busy: look again soon
                raise
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result, True

    def run_task(self, db_task_result: DBTaskResult) -> None:
        for name in ("set_successful", "set_failed"):
            record = getattr(db_task_result, name)
            setattr(db_task_result, name, self._if_still_held(db_task_result.id, record))
        super().run_task(db_task_result)

    def _if_still_held(self, result_id, record):
        def guarded(*args) -> None:
            with transaction.atomic():
                holder = (
                    DBTaskResult.objects.select_for_update()
                    .filter(id=result_id, status=TaskResultStatus.RUNNING)
                    .values_list("worker_ids", flat=True)
                    .first()
                )
                if holder and holder[-1] == self.worker_id:
                    record(*args)
                    return
            log.warning(
                "worker %s finished task %s after it was given to another; outcome dropped",
                self.worker_id,
                result_id,
            )

        return guarded


class _BackgroundLane(threading.Thread):
    """The thread that runs a worker's non-interactive tasks, one at a time, at a lower
    CPU priority; its database connection is its own."""

    def __init__(self, worker: Worker) -> None:
        super().__init__(name=f"background-{worker.worker_id}", daemon=True)
        self.worker = worker
        self._tasks: queue.Queue[DBTaskResult | None] = queue.Queue(maxsize=1)
        self._idle = threading.Event()
        self._idle.set()

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def run(self) -> None:
        try:  # Linux: a thread's nice value is its own
            nice = os.getpriority(os.PRIO_PROCESS, 0) + settings.WORKER_BACKGROUND_NICE
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), min(19, nice))
        except (AttributeError, OSError) as error:
            log.info("background lane runs at normal priority: %s", error)
        while (task_result := self._tasks.get()) is not None:
            try:
                self.worker.run_task(task_result)
            finally:
                close_old_connections()
                self._idle.set()
        connections.close_all()

    def hand(self, task_result: DBTaskResult) -> None:
        """Give ``task_result`` (claimed) to the lane; it must be idle."""
        self._idle.clear()
        self._tasks.put(task_result)

    def wait(self, timeout: float | None = None) -> None:
        self._idle.wait(timeout)

    def finish(self) -> None:
        """Let the running task end, then stop the lane."""
        self._tasks.put(None)
        self.join()


def release_own(worker_id: str) -> int:
    """Put back the tasks this worker holds but no longer runs (after a database outage)."""
    released = 0
    with transaction.atomic():
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        for result in running.select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] == worker_id:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                released += 1
    return released


class Heart(threading.Thread):
    """Beats for ``worker_id`` every ``WORKER_BEAT_SECONDS`` and looks for lost tasks."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heart-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()
        self._failing = False
        # When this worker last (re)connected; the first beat counts as connected
        # since the worker's start (``started_at``), not as a reconnection.
        self.connected_since: float | None = time.monotonic() - settings.WORKER_LOST_AFTER

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                self.once()
                self.stopped.wait(settings.WORKER_BEAT_SECONDS)
        finally:
            connections.close_all()

    def once(self) -> None:
        try:
            close_old_connections()
            beat(self.worker_id, started_at=self.started_at)
            if self.connected_since is None:
                self.connected_since = time.monotonic()
            # After an outage every worker's beat is old: wait until the others have
            # had time to beat again before calling any of them lost.
            if time.monotonic() - self.connected_since >= settings.WORKER_LOST_AFTER:
                requeue_lost()
        except DatabaseError as error:
            if not self._failing:
                log.warning("worker %s cannot reach the database: %s", self.worker_id, error)
            self._failing = True
            self.connected_since = None
            connections.close_all()
        else:
            if self._failing:
                log.warning("worker %s reaches the database again", self.worker_id)
            self._failing = False

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)
        try:
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            pass


def when_failed(task):
    """``@when_failed(task)``: call the decorated ``handler(*args)`` with a failed run's
    arguments whenever ``task`` ends failed (it raised, or lost its workers), so that what
    it worked on says so instead of waiting for ever. A handler's own error (the database
    down) is logged, never raised into the worker."""

    def register(handler):
        def receive(sender, task_result, **kwargs) -> None:
            if (
                task_result.status == TaskResultStatus.FAILED
                and task_result.task.module_path == task.module_path
            ):
                try:
                    handler(*task_result.args)
                except Exception:
                    log.exception(
                        "%s%s failed and could not be marked", task.name, task_result.args
                    )

        task_finished.connect(receive, weak=False, dispatch_uid=f"failed {task.module_path}")
        return handler

    return register
