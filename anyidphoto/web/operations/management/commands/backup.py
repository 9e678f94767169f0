"""Write an encrypted backup of the main database and the stored objects (never the keys)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write an encrypted backup (database and sealed objects; the key store is never in it, "
        "so photos purged later stay unreadable in it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file to write")

    def handle(self, *args, path: Path, **options):
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give the backup file's name")
        try:
            report = backup_write(path, progress=lambda line: self.stderr.write(f"backup: {line}"))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backup written to {report.path}: {report.rows} rows, {report.objects} objects, "
            f"{report.bytes_written / 2**20:.1f} MiB"
        )
