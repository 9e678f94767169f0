"""Queue the daily purge unless one is already waiting (``make run`` calls this)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ...tasks import purge_daily


class Command(BaseCommand):
    help = "Queue the daily retention purge if none is queued."

    def handle(self, *args, **options):
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(
            task_path=purge_daily.module_path, status="READY"
        ).exists()
        if waiting:
            self.stdout.write("the daily purge is already queued")
            return
        purge_daily.enqueue()
        self.stdout.write("the daily purge is queued")
