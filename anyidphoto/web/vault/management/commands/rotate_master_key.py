"""Re-wrap every stored object's data key with the current master key.

Put the new key first in ``ANYIDPHOTO_MASTER_KEYS`` (old ones still listed
after it) and restart every web and worker process, so that none seals with
the old key any more; then run this. When it reports nothing left under an
old key, that key can be removed from the environment.
"""

from __future__ import annotations

from collections import Counter

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from ...crypto import VaultError
from ...storage import SealedStorageMixin, master_keys, walk


class Command(BaseCommand):
    help = "Re-wrap all stored objects with the current (first listed) master key."

    def handle(self, *args, **options):
        storage = default_storage
        if not isinstance(storage, SealedStorageMixin):
            raise CommandError("the default storage does not seal objects; nothing to rotate")
        keys = master_keys()
        # A .rewrap file is a re-wrap cut short; the object beside it is intact.
        names = [n for n in walk(storage) if not n.endswith(".rewrap")]
        done = skipped = 0
        failed: list[str] = []
        for name in names:
            try:
                if storage.rewrap(name):
                    done += 1
                else:
                    skipped += 1
            except (VaultError, OSError, ValueError) as exc:
                failed.append(f"{name}: {exc}")
        left = Counter()
        for name in names:
            try:
                left[storage.key_id(name)] += 1
            except (VaultError, OSError):
                left["(unreadable)"] += 1
        self.stdout.write(
            f"{done} re-wrapped with {keys.current!r}, {skipped} already were, {len(failed)} failed"
        )
        for line in failed:
            self.stderr.write(line)
        old = {k: n for k, n in left.items() if k != keys.current}
        if old:
            self.stdout.write(
                "still under old keys: " + ", ".join(f"{k} ({n})" for k, n in old.items())
            )
        else:
            self.stdout.write("no object is left under an old key")
        if failed:
            raise CommandError(f"{len(failed)} objects could not be re-wrapped")
