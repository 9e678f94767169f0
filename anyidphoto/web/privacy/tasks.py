"""The daily retention purge, run by the task worker; each run queues the next one."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

#: Hours between two purges.
PURGE_EVERY_HOURS = 24


@task()
def purge_daily() -> dict:
    from .services import purge_expired

    # The next run is queued first: one failing purge never ends the daily chain.
    if purge_daily.get_backend().supports_defer:  # the database queue; not the immediate one
        purge_daily.using(run_after=timezone.now() + timedelta(hours=PURGE_EVERY_HOURS)).enqueue()
    report = purge_expired()
    return {"photos": len(report.photos), "files": report.files}


@task()
def build_export(export_id: str) -> str:
    from .models import DataExport
    from .rights import export_build

    export = DataExport.objects.filter(id=export_id).select_related("owner").first()
    if export is None:
        return "gone"
    return export_build(export=export).status
