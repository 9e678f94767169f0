"""The object keys live in a database of their own: the key store.

Backups (``manage.py backup``) hold the main database and the sealed bytes,
never the key store. Destroying an object's key in the key store therefore
makes every copy of it unreadable, those in old backups included; a backup
restored later gives back exactly the photos whose keys still exist.

The key store is ``DATABASES["keys"]`` (``ANYIDPHOTO_KEYS_DATABASE_URL`` in
production, ``var/keys.sqlite3`` on the embedded default). Every ``migrate``
needs running for both: ``manage.py migrate`` and ``manage.py migrate
--database keys``.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.db import connections, transaction

KEYS = "keys"
#: The table an install from before the key store kept its keys in, in the main database.
OLD_TABLE = "vault_objectkey"


def has_key_store() -> bool:
    return KEYS in settings.DATABASES


class KeyStoreRouter:
    """Sends the vault's models to the key store and everything else elsewhere."""

    def db_for_read(self, model, **hints):
        return KEYS if model._meta.app_label == "vault" and has_key_store() else None

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if not has_key_store():
            return None
        return db == KEYS if app_label == "vault" else db != KEYS


def keys_left_in_main() -> int:
    """How many key rows an older install left in the main database (0 if none)."""
    if not has_key_store():
        return 0
    main = connections["default"]
    if OLD_TABLE not in main.introspection.table_names():
        return 0
    with main.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {OLD_TABLE}")  # nosec B608: a constant name
        return cursor.fetchone()[0]


def move_keys_to_key_store() -> int:
    """Copy the main database's key rows into the key store, then drop them there."""
    from .models import ObjectKey

    main = connections["default"]
    with main.cursor() as cursor:
        cursor.execute(
            f"SELECT ref, name, master_key_id, wrapped FROM {OLD_TABLE}"  # nosec B608
        )
        rows = cursor.fetchall()
    with transaction.atomic(using=KEYS):
        for ref, name, key_id, wrapped in rows:
            ObjectKey.objects.update_or_create(
                ref=ref,
                defaults={"name": name, "master_key_id": key_id, "wrapped": bytes(wrapped)},
            )
    with main.cursor() as cursor:
        cursor.execute(f"DROP TABLE {OLD_TABLE}")
    return len(rows)


@checks.register()
def check_keys_moved(app_configs=None, **kwargs):
    """Error while the main database still holds object keys: backups would hold them."""
    try:
        left = keys_left_in_main()
    except Exception:  # no database reachable: nothing to say here
        return []
    if not left:
        return []
    return [
        checks.Error(
            f"{left} object keys are still in the main database, not in the key store",
            hint="run `manage.py migrate --database keys` then `manage.py move_keys`",
            id="vault.E001",
        )
    ]
