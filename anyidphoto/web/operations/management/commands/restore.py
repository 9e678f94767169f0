"""Restore a backup into an empty instance (migrated, with the same master and key store)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this instance, whose database and "
        "object store must be empty (run migrate first). Photos whose keys were destroyed "
        "since the backup come back as purged."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such backup file")
        try:
            report = backup_restore(
                path, progress=lambda line: self.stderr.write(f"restore: {line}")
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {report.rows} rows and {report.objects} objects; "
            f"{report.objects_without_key} objects had lost their key since the backup "
            f"and were dropped ({report.photos_marked_purged} records say so)"
        )
