"""The embedded SQLite databases, kept as a person's data at rest should be.

Every connection the studio opens to a SQLite file:

- sets ``PRAGMA secure_delete = ON``: deleted rows (an erased account, a
  purged photo's record) are overwritten with zeros, not left in free pages
  of the file where a copy of it would still show them. The studio sets it
  itself rather than rely on how SQLite was built;
- makes the file and its journal (``-wal``, ``-shm``, ``-journal``) readable
  and writable by the studio's user only (``0600``), like ``secrets.env``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from django.db.backends.signals import connection_created
from django.dispatch import receiver

#: File mode of the database files: the owner reads and writes, nobody else.
FILE_MODE = 0o600


@receiver(connection_created)
def harden_sqlite(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete = ON")
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in (Path(name), *(Path(name + end) for end in ("-wal", "-shm", "-journal"))):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mode & 0o777 != FILE_MODE:
                os.chmod(path, FILE_MODE)
