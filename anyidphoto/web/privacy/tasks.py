"""The daily retention purge, run by the task worker; each run queues the next one."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from ..operations.queue import is_queued
from ..operations.workers import when_failed

#: Hours between two purges.
PURGE_EVERY_HOURS = 24


@task()
def purge_daily() -> dict:
    from .services import purge_expired

    # The next run is queued first: one failing purge never ends the daily chain.
    if purge_daily.get_backend().supports_defer:  # the database queue; not the immediate one
        schedule_purge(run_after=timezone.now() + timedelta(hours=PURGE_EVERY_HOURS))
    report = purge_expired()
    return {"photos": len(report.photos), "files": report.files}


def schedule_purge(*, run_after=None) -> bool:
    """Queue the purge (``run_after``: not before then) unless one waits already.

    Keeps the chain single: a purge run twice (its worker lost after it queued
    the next) queues no second chain. Returns whether one was queued.
    """
    if is_queued(purge_daily):
        return False
    (purge_daily.using(run_after=run_after) if run_after else purge_daily).enqueue()
    return True


@task()
def build_export(export_id: str) -> str:
    from .models import DataExport
    from .rights import export_build

    export = DataExport.objects.filter(id=export_id).select_related("owner").first()
    if export is None:
        return "gone"
    return export_build(export=export).status


@when_failed(build_export)
def _export_task_failed(export_id: str) -> None:
    """An export whose task failed says so, and can be asked for again."""
    from .models import DataExport

    DataExport.objects.filter(id=export_id, status=DataExport.Status.BUILDING).update(
        status=DataExport.Status.FAILED
    )
