"""Storage backends that seal every object before it reaches the disk or the object store.

:class:`SealedStorageMixin` goes in front of any Django storage class: this
project's local default is :class:`SealedFileSystemStorage`, and the same
mixin in front of django-storages' S3 backend gives sealed objects in S3.
Each object's data key lives in the database (:class:`~.models.ObjectKey`);
deleting an object through the storage destroys its key first.
"""

from __future__ import annotations

import errno
import logging
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import batched
from pathlib import Path

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.db import models
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from . import crypto
from .models import ObjectKey

log = logging.getLogger(__name__)


#: Bytes at the start of a sealed object that say which key opens it.
HEADER_BYTES = len(crypto.MAGIC) + 16


def master_keys() -> crypto.MasterKeys:
    """The configured master keys (``settings.VAULT_MASTER_KEYS``, from the environment)."""
    return crypto.MasterKeys.parse(settings.VAULT_MASTER_KEYS)


class StorageUnavailable(Exception):
    """The disk is full or the object store does not answer; nothing was left half-written."""


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` says the store is full or down (try later), not that a name is wrong."""
    if isinstance(error, OSError) and error.errno in _OUTAGE_ERRNOS:
        return True
    if isinstance(error, BotoCoreError):
        return True  # cannot connect, timed out, connection closed
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return status >= 500 or status == 429
    return False


_OUTAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}


class SealedStorageMixin:
    """Seal on save, open on read, shred on delete; names and listing are the backend's own."""

    def save(self, name, content, max_length=None) -> str:
        try:
            return super().save(name, content, max_length=max_length)  # type: ignore[misc]
        except StorageUnavailable:
            raise
        except Exception as error:  # choosing the name asks the store too
            if is_outage(error):
                raise StorageUnavailable(f"{name} could not be stored: {error}") from error
            raise

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        keys = master_keys()
        ref = uuid.uuid4()
        data_key = crypto.new_data_key()
        key_id, wrapped = crypto.wrap(data_key, ref=ref, keys=keys)
        row = ObjectKey.objects.create(ref=ref, name=name, master_key_id=key_id, wrapped=wrapped)
        sealed = crypto.seal(content.read(), data_key=data_key, ref=ref, name=name)
        try:
            stored = super()._save(name, ContentFile(sealed))  # type: ignore[misc]
        except Exception as error:
            # A full disk leaves a partial file, an object store may leave nothing:
            # either way no piece of this object stays, nor its key.
            self._drop_partial(name, ref)
            row.delete()
            if is_outage(error):
                raise StorageUnavailable(f"{name} could not be stored: {error}") from error
            raise
        if stored != name:
            # The backend chose another name (a race on the file name): the seal is
            # bound to the first one and would never open. Drop both and say so.
            super().delete(stored)  # type: ignore[misc]
            row.delete()
            raise crypto.VaultError(f"{name}: stored as {stored}; save it again")
        return stored

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("sealed objects are written with save(), never opened for writing")
        try:
            with super()._open(name, "rb") as raw:  # type: ignore[misc]
                blob = raw.read()
        except Exception as error:
            if is_outage(error):
                raise StorageUnavailable(f"{name} could not be read: {error}") from error
            raise
        data_key = self._data_key(crypto.ref_of(blob), name)
        return ContentFile(crypto.open_sealed(blob, data_key=data_key, name=name), name=name)

    def delete(self, name: str) -> None:
        """Destroy ``name``'s key, then its bytes: a backup copy can no longer be opened."""
        ref = self.ref(name)
        if ref is not None:
            ObjectKey.objects.filter(ref=ref).delete()
        ObjectKey.objects.filter(name=name).delete()  # also when the bytes are already gone
        super().delete(name)  # type: ignore[misc]

    def raw_open(self, name: str) -> File:
        """The object's bytes as stored, still sealed (for backups)."""
        return super()._open(name, "rb")  # type: ignore[misc]

    def raw_save(self, name: str, content: File) -> str:
        """Store already sealed bytes under exactly ``name`` (a restore)."""
        stored = super()._save(name, content)  # type: ignore[misc]
        if stored != name:
            super().delete(stored)  # type: ignore[misc]
            raise crypto.VaultError(f"{name}: already taken; restore into an empty store")
        return stored

    def has_key(self, name: str) -> bool:
        """Whether ``name`` can still be opened: its key is in the key store."""
        ref = self.ref(name)
        return ref is not None and ObjectKey.objects.filter(ref=ref).exists()

    def _drop_partial(self, name: str, ref: uuid.UUID) -> None:
        try:
            if super().exists(name) and self.ref(name) in (ref, None):  # type: ignore[misc]
                super().delete(name)  # type: ignore[misc]
        except Exception:  # the store is down: it holds nothing new either
            log.warning("%s: could not check for a partial object", name, exc_info=True)

    def size(self, name: str) -> int:
        return super().size(name) - crypto.OVERHEAD  # type: ignore[misc]

    def ref(self, name: str) -> uuid.UUID | None:
        """The key reference in ``name``'s header; None if it is missing or not sealed."""
        try:
            return crypto.ref_of(self._header(name))
        except (OSError, crypto.VaultError):
            return None

    def _header(self, name: str) -> bytes:
        """The first :data:`HEADER_BYTES` of the stored object (FileNotFoundError if none)."""
        with super()._open(name, "rb") as raw:  # type: ignore[misc]
            return raw.read(HEADER_BYTES)

    def entries(self) -> Iterator[tuple[str, datetime]]:
        """Every stored object: its name and when it was last written (aware datetime)."""
        for name in walk(self):
            yield name, self.get_modified_time(name)

    def _data_key(self, ref: uuid.UUID, name: str) -> bytes:
        row = ObjectKey.objects.filter(ref=ref).first()
        if row is None:
            raise crypto.VaultError(f"{name}: its key has been destroyed")
        return crypto.unwrap(
            bytes(row.wrapped), key_id=row.master_key_id, ref=ref, keys=master_keys()
        )


class SealedFileSystemStorage(SealedStorageMixin, FileSystemStorage):
    """Sealed objects on the local filesystem (the embedded default).

    A deleted object's folders go with it once empty: a folder per photo and
    per person would otherwise show how many photos someone had, and when.
    """

    def delete(self, name: str) -> None:
        super().delete(name)
        root = Path(self.location).resolve()
        folder = Path(self.path(name)).parent
        while folder != root and root in folder.parents:
            try:
                folder.rmdir()  # only an empty folder; a new object's keeps it
            except OSError:
                break
            folder = folder.parent


class SealedS3Storage(SealedStorageMixin, S3Storage):
    """Sealed objects in an S3-compatible object store (the production profile).

    Names are never overwritten (a clash gets a new name, as on disk); the
    gateway is addressed by path, which every S3-compatible store accepts.
    """

    def __init__(self, **settings_) -> None:
        settings_.setdefault("file_overwrite", False)
        settings_.setdefault("addressing_style", "path")
        settings_.setdefault("signature_version", "s3v4")
        settings_.setdefault("default_acl", None)
        settings_.setdefault("querystring_auth", False)
        # An unreachable store answers in seconds (the user sees "try again"), not minutes.
        settings_.setdefault(
            "client_config",
            Config(
                connect_timeout=3,
                read_timeout=10,
                retries={"max_attempts": 2, "mode": "standard"},
                s3={"addressing_style": "path"},
                signature_version="s3v4",
            ),
        )
        super().__init__(**settings_)

    def _header(self, name: str) -> bytes:
        # A ranged read: the whole object is not fetched to learn its key reference.
        key = self._normalize_name(clean_name(name))
        try:
            answer = self.bucket.Object(key).get(Range=f"bytes=0-{HEADER_BYTES - 1}")
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if status == 404:
                raise FileNotFoundError(name) from error
            if status == 416:  # an empty object: no header
                return b""
            raise
        return answer["Body"].read()

    def entries(self) -> Iterator[tuple[str, datetime]]:
        # One listing gives names and times: no request per object.
        prefix = f"{self.location.strip('/')}/" if self.location.strip("/") else ""
        pages = self.connection.meta.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket_name, Prefix=prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"][len(prefix) :], item["LastModified"]


def rewrap_all() -> tuple[int, int]:
    """Re-wrap every data key not under the current master key: ``(re-wrapped, already)``.

    Only the small key rows change; the stored bytes are not touched.
    """
    keys = master_keys()
    done = 0
    for row in ObjectKey.objects.exclude(master_key_id=keys.current).iterator():
        data_key = crypto.unwrap(
            bytes(row.wrapped), key_id=row.master_key_id, ref=row.ref, keys=keys
        )
        key_id, wrapped = crypto.wrap(data_key, ref=row.ref, keys=keys)
        ObjectKey.objects.filter(ref=row.ref).update(master_key_id=key_id, wrapped=wrapped)
        done += 1
    return done, ObjectKey.objects.filter(master_key_id=keys.current).count() - done


def walk(storage, folder: str = "") -> list[str]:
    """Every object name under ``folder`` of ``storage``."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local folder not made yet (an object store has none)
        return []
    names = [f"{folder}/{f}" if folder else f for f in files]
    for sub in folders:
        names += walk(storage, f"{folder}/{sub}" if folder else sub)
    return names


#: The sweep refuses when more old objects than this look unusable (a share of all, and
#: at least ``SWEEP_REFUSE_MIN``): that says a wrong database, not a few crashed saves.
SWEEP_REFUSE_SHARE = 0.1
SWEEP_REFUSE_MIN = 20


class SweepRefused(Exception):
    """Too many objects look unusable to delete them unseen (see :func:`sweep_orphans`)."""

    def __init__(self, unusable: int, old: int) -> None:
        super().__init__(
            f"{unusable} of {old} stored objects are named by no record or opened by no key:"
            " check that ANYIDPHOTO_DATABASE_URL and ANYIDPHOTO_KEYS_DATABASE_URL point at"
            " this site's databases; the sweep deletes nothing meanwhile"
            " (once they are right: manage.py purge --sweep-anyway)"
        )
        self.unusable, self.old = unusable, old


def sweep_orphans(
    storage, *, older_than: datetime, dry_run: bool = False, anyway: bool = False
) -> list[str]:
    """Delete sealed objects last written before ``older_than`` that nothing can use.

    That is an object no file field of any model names (a save whose row was
    rolled back, a task run twice, a backup taken mid-upload), or one whose
    key is gone (it can no longer be opened). Deleting destroys its key too.
    The age guard leaves alone a save still in progress, whose row is not
    committed yet; an object without a readable seal is not ours to judge
    and stays. Returns the names deleted (with ``dry_run``, that would be).

    Raises :class:`SweepRefused`, deleting nothing, when more than
    ``SWEEP_REFUSE_SHARE`` of the old objects, and at least
    ``SWEEP_REFUSE_MIN``, look unusable: the site is then most likely
    pointed at the wrong database, and deleting would be for ever. A person
    who has checked the databases passes ``anyway`` (``purge --sweep-anyway``).
    """
    from .router import keys_left_in_main

    if keys_left_in_main():
        log.error("object keys are still in the main database: run manage.py move_keys")
        return []  # every object would look keyless: sweep nothing
    old = (name for name, modified in storage.entries() if modified < older_than)
    unusable, sealed = [], 0
    for batch in batched(old, 500):
        named = referenced_names(batch)
        keyed = set(ObjectKey.objects.filter(name__in=batch).values_list("name", flat=True))
        for name in batch:
            if name in named and name in keyed:
                sealed += 1  # the usual case, settled without reading the object
                continue
            ref = storage.ref(name)
            if ref is None:
                continue  # its header could not be read: never guess
            sealed += 1
            if name not in named or not ObjectKey.objects.filter(ref=ref).exists():
                unusable.append(name)
    many = len(unusable) >= SWEEP_REFUSE_MIN and len(unusable) > SWEEP_REFUSE_SHARE * sealed
    if many and not anyway:
        raise SweepRefused(len(unusable), sealed)
    if not dry_run:
        for name in unusable:
            storage.delete(name)
    return unusable


def referenced_names(names: Iterable[str]) -> set[str]:
    """Those of ``names`` that a file field of some model's row holds."""
    names = list(names)
    found: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                rows = model._base_manager.filter(**{f"{field.name}__in": names})
                found.update(rows.values_list(field.name, flat=True))
    return found
