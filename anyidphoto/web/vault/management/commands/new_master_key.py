"""Print a new random master key, ready for ``ANYIDPHOTO_MASTER_KEYS``."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from ...crypto import new_key_text


class Command(BaseCommand):
    help = "Print a new master key as id=key. Put it first in ANYIDPHOTO_MASTER_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--id", default=None, help="key id (default: today's date)")

    def handle(self, *args, **options):
        key_id = options["id"] or timezone.now().strftime("k%Y%m%d%H%M%S")
        self.stdout.write(new_key_text(key_id))
