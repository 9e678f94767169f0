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

KEYS = "keys"


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
