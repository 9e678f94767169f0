"""Re-wrap every stored object's data key with the current master key.

Put the new key first in ``ANYIDPHOTO_MASTER_KEYS`` (old ones still listed
after it) and restart every web and worker process, so that none wraps with
the old key any more; then run this. When it reports nothing left under an
old key, that key can be removed from the environment. Only the key rows in
the database change; the photos' bytes are not rewritten.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from ...crypto import VaultError
from ...models import ObjectKey
from ...storage import master_keys, rewrap_all


class Command(BaseCommand):
    help = "Re-wrap all data keys with the current (first listed) master key."

    def handle(self, *args, **options):
        keys = master_keys()
        try:
            done, already = rewrap_all()
        except VaultError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{done} keys re-wrapped with {keys.current!r}, {already} already were")
        left = (
            ObjectKey.objects.exclude(master_key_id=keys.current)
            .values("master_key_id")
            .annotate(n=Count("ref"))
        )
        if left:
            self.stdout.write(
                "still under old keys: "
                + ", ".join(f"{r['master_key_id']} ({r['n']})" for r in left)
            )
        else:
            self.stdout.write("no object is left under an old key")
