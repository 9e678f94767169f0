"""Storage backends that seal every object before it reaches the disk or the object store.

:class:`SealedStorageMixin` goes in front of any Django storage class: this
project's local default is :class:`SealedFileSystemStorage`, and the same
mixin in front of django-storages' S3 backend gives sealed objects in S3.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from . import crypto


def master_keys() -> crypto.MasterKeys:
    """The configured master keys (``settings.VAULT_MASTER_KEYS``, from the environment)."""
    return crypto.MasterKeys.parse(settings.VAULT_MASTER_KEYS)


class SealedStorageMixin:
    """Seal on save, open on read; names, listing and deletion are the backend's own."""

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        sealed = crypto.seal(content.read(), name=name, keys=master_keys())
        stored = super()._save(name, ContentFile(sealed))  # type: ignore[misc]
        if stored != name:
            # The backend chose another name (a race on the file name): the seal is
            # bound to the first one and would never open. Drop it and say so.
            super().delete(stored)  # type: ignore[misc]
            raise crypto.VaultError(f"{name}: stored as {stored}; save it again")
        return stored

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("sealed objects are written with save(), never opened for writing")
        with super()._open(name, "rb") as raw:  # type: ignore[misc]
            blob = raw.read()
        return ContentFile(crypto.open_sealed(blob, name=name, keys=master_keys()), name=name)

    def size(self, name: str) -> int:
        stored = super().size(name)  # type: ignore[misc]
        with super()._open(name, "rb") as raw:  # type: ignore[misc]
            head = raw.read(len(crypto.MAGIC) + 1)
        return crypto.plaintext_size(stored, head[-1])

    def key_id(self, name: str) -> str:
        """The id of the master key that wraps ``name``'s data key."""
        with super()._open(name, "rb") as raw:  # type: ignore[misc]
            return crypto.key_id_of(raw.read(len(crypto.MAGIC) + 1 + 255))

    def rewrap(self, name: str) -> bool:
        """Re-wrap ``name``'s data key with the current master key; False if it already was."""
        with super()._open(name, "rb") as raw:  # type: ignore[misc]
            blob = raw.read()
        fresh = crypto.rewrap(blob, keys=master_keys())
        if fresh is None:
            return False
        self._replace(name, fresh)
        return True

    def _replace(self, name: str, blob: bytes) -> None:
        raise NotImplementedError(
            f"{type(self).__name__} cannot re-wrap in place yet; rotate on a filesystem copy"
        )


class SealedFileSystemStorage(SealedStorageMixin, FileSystemStorage):
    """Sealed objects on the local filesystem (the embedded default)."""

    def _replace(self, name: str, blob: bytes) -> None:
        # Written beside it and renamed over it: a crash leaves the old or the new file.
        path = self.path(name)
        temporary = f"{path}.rewrap"
        with open(temporary, "wb") as out:
            out.write(blob)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)


def walk(storage: FileSystemStorage, folder: str = "") -> list[str]:
    """Every object name under ``folder`` of ``storage``."""
    if folder and not storage.exists(folder):
        return []
    folders, files = storage.listdir(folder)
    names = [f"{folder}/{f}" if folder else f for f in files]
    for sub in folders:
        names += walk(storage, f"{folder}/{sub}" if folder else sub)
    return names
