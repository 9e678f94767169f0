"""Apply the retention periods now (the scheduled task does the same every day)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ...services import purge_expired


class Command(BaseCommand):
    help = "Delete what is past its retention period (photo files: keys destroyed first)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, delete nothing")
        parser.add_argument(
            "--sweep-anyway",
            action="store_true",
            help="delete stored objects no record names or no key opens even when they are "
            "many (the daily purge refuses then: check the database settings first)",
        )

    def handle(self, *args, **options):
        report = purge_expired(dry_run=options["dry_run"], sweep_anyway=options["sweep_anyway"])
        verb = "would purge" if report.dry_run else "purged"
        self.stdout.write(
            f"{verb} {len(report.photos)} photos ({report.files} files), "
            f"{report.exports} data exports, {report.billing_records} billing records"
        )
        for photo_id in report.photos:
            self.stdout.write(f"  photo {photo_id}")
        if report.orphans:
            done = "would be deleted" if report.dry_run else "deleted"
            self.stdout.write(
                f"{report.orphans} stored objects that no record uses or no key opens {done}"
            )
        if report.photos_stuck:
            done = "would be marked" if report.dry_run else "marked"
            self.stdout.write(
                f"{report.photos_stuck} photos still in progress a day after upload {done} failed"
            )
        if report.sweep_refused:
            self.stderr.write(report.sweep_refused)
        if report.partner_copies_pending:
            self.stdout.write(
                f"{report.partner_copies_pending} partner copies could not be deleted yet"
                " (the partner is not configured or did not answer); the next purge asks again"
            )
