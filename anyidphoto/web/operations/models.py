"""What the running processes say about themselves: each task worker's heartbeat."""

from __future__ import annotations

from django.db import models


class WorkerBeat(models.Model):
    """A task worker that is alive: it writes ``beat_at`` every few seconds.

    A running task whose worker has not beaten for ``WORKER_LOST_AFTER``
    seconds is put back in the queue (:func:`~.workers.requeue_lost`).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} (pid {self.pid})"
