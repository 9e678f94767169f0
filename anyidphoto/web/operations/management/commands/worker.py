"""Run a task worker that beats, gives back lost tasks, and rides out a database outage."""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

from ...workers import Heart, new_worker_id, release_own

log = logging.getLogger("anyidphoto.web.operations.workers")


class Command(db_worker.Command):
    help = (
        "Run a task worker (as db_worker), with a heartbeat: tasks of a worker that died are "
        "run again by another, and a database outage is waited out, not fatal."
    )

    def handle(self, *args, **options):
        options["reload"] = False
        options["worker_id"] = worker_id = new_worker_id()
        heart = Heart(worker_id)
        heart.once()
        heart.start()
        try:
            while True:
                try:
                    super().handle(*args, **options)
                    return
                except DatabaseError as error:
                    log.warning("worker %s: database unavailable (%s); waiting", worker_id, error)
                    self._give_back(worker_id)
        finally:
            heart.stop()

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
