"""Run a task worker that beats, gives back lost tasks, and rides out a database outage."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

from anyidphoto.engine import load_models

from ...workers import Heart, Worker, new_worker_id, release_own

log = logging.getLogger("anyidphoto.web.operations.workers")


class Command(db_worker.Command):
    help = (
        "Run a task worker (as db_worker), with a heartbeat: tasks of a worker that died are "
        "run again by another, and a database outage is waited out, not fatal."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # db_worker looks for work once a second when idle; a person waits on
        # screen for a photo, so an idle worker looks more often (settings).
        parser.set_defaults(interval=settings.WORKER_POLL_SECONDS)

    def handle(self, *args, **options):
        options["reload"] = False
        load_models()  # before taking a task: the first photo waits for no model
        options["worker_id"] = worker_id = new_worker_id()
        heart = Heart(worker_id)
        heart.once()
        heart.start()
        try:
            while True:
                try:
                    self._run(**options)
                    return
                except DatabaseError as error:
                    log.warning("worker %s: database unavailable (%s); waiting", worker_id, error)
                    self._give_back(worker_id)
        finally:
            heart.stop()

    def _run(self, *, verbosity, queue_name, exclude_queues, worker_id, **options) -> None:
        """As ``db_worker`` without a reloader, with :class:`~...workers.Worker`."""
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            worker_id=worker_id,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
        )
        worker.configure_signals()
        worker.run()

    @staticmethod
    def _give_back(worker_id: str) -> None:
        """Wait for the database, then put back what this worker held: only then take more."""
        while True:
            connections.close_all()
            time.sleep(2)
            try:
                released = release_own(worker_id)
            except DatabaseError:
                continue  # still down
            if released:
                log.warning(
                    "worker %s: %s interrupted tasks back in the queue", worker_id, released
                )
            return
