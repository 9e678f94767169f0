"""Queue the daily purge unless one is already waiting (``make run`` calls this)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ...tasks import schedule_purge


class Command(BaseCommand):
    help = "Queue the daily retention purge if none is queued."

    def handle(self, *args, **options):
        if schedule_purge():
            self.stdout.write("the daily purge is queued")
        else:
            self.stdout.write("the daily purge is already queued")
