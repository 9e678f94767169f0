"""Move object keys left in the main database (installs from before the key store) into it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ...router import keys_left_in_main, move_keys_to_key_store


class Command(BaseCommand):
    help = (
        "Move the object keys an older install kept in the main database into the key store, "
        "then drop them from the main database (safe to run again)."
    )

    def handle(self, *args, **options):
        if not keys_left_in_main():
            self.stdout.write("no keys left in the main database")
            return
        try:
            moved = move_keys_to_key_store()
        except Exception as error:
            raise CommandError(f"keys not moved: {error}") from error
        self.stdout.write(f"moved {moved} keys into the key store")
