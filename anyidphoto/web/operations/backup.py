"""Encrypted backups of the main database and the stored objects, and their restore.

A backup is one file: a tar stream (``database.json`` from ``dumpdata``, the
stored objects exactly as stored, still sealed, and ``manifest.json``)
encrypted in 1 MiB chunks with AES-256-GCM under a key derived (HKDF) from
the current master key. It never holds the key store (:mod:`..vault.router`):
a photo purged or deleted after the backup was made has lost its key, and a
restored copy of its bytes cannot be opened; the restore drops such bytes
and marks the photo purged.

Layout (lengths in bytes)::

    magic "AIDPBK1\\n" (8) | header length (4) | header JSON |
    chunks: length (4) | nonce (12) | ciphertext + tag, the last one flagged

Each chunk is bound to the header, its index and whether it is the last, so
chunks cannot be reordered, dropped or the file cut short unnoticed.
"""

from __future__ import annotations

import io
import json
import os
import struct
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, models, transaction

from ..vault.storage import master_keys, walk

MAGIC = b"AIDPBK1\n"
CHUNK = 1 << 20
#: What the restore leaves out of ``dumpdata``: rebuilt by ``migrate``, or never kept.
EXCLUDED = [
    *("contenttypes", "auth.permission", "sessions", "admin.logentry"),
    *("vault", "operations"),  # the key store is never in a backup; heartbeats are of the moment
]


class BackupError(Exception):
    """A backup that cannot be written or read: wrong key, damaged, not a backup."""


@dataclass(frozen=True)
class BackupReport:
    path: str
    rows: int
    objects: int
    bytes_written: int


@dataclass(frozen=True)
class RestoreReport:
    rows: int
    objects: int
    objects_without_key: int
    photos_marked_purged: int


def _key(salt: bytes, key_id: str) -> bytes:
    keys = master_keys()
    if key_id not in keys.keys:
        raise BackupError(f"this backup was made under master key {key_id!r}, which is not set")
    return HKDF(hashes.SHA256(), 32, salt, b"anyidphoto backup v1").derive(keys.keys[key_id])


class _SealingWriter(io.RawIOBase):
    """A write-only file that encrypts what it is given, chunk by chunk, into ``out``."""

    def __init__(self, out: BinaryIO, header: bytes, key: bytes) -> None:
        self.out, self.header, self.aead = out, header, AESGCM(key)
        self.buffer = bytearray()
        self.index = 0
        self.written = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._chunk(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def finish(self) -> None:
        self._chunk(bytes(self.buffer), last=True)
        self.buffer.clear()

    def _chunk(self, plain: bytes, *, last: bool) -> None:
        nonce = os.urandom(12)
        aad = self.header + struct.pack(">Q?", self.index, last)
        sealed = nonce + self.aead.encrypt(nonce, plain, aad)
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1
        self.written += 4 + len(sealed)


class _OpeningReader(io.RawIOBase):
    """A read-only file giving back the plaintext of a backup's chunks."""

    def __init__(self, source: BinaryIO, header: bytes, key: bytes) -> None:
        self.source, self.header, self.aead = source, header, AESGCM(key)
        self.pending = b""
        self.index = 0
        self.ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self.pending and not self.ended:
            self._next()
        size = min(len(target), len(self.pending))
        target[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def _next(self) -> None:
        length = self.source.read(4)
        if len(length) < 4:
            raise BackupError("the backup is cut short")
        sealed = self.source.read(struct.unpack(">I", length)[0])
        for last in (False, True):
            aad = self.header + struct.pack(">Q?", self.index, last)
            try:
                self.pending = self.aead.decrypt(sealed[:12], sealed[12:], aad)
            except InvalidTag:
                continue
            self.index += 1
            self.ended = last
            return
        raise BackupError("the backup is damaged, or was made under another master key")


def backup_write(
    path: Path, *, progress: Callable[[str], None] = lambda line: None
) -> BackupReport:
    """Write an encrypted backup of the main database and every stored object to ``path``.

    Written to a temporary file beside ``path`` and renamed at the end, so a
    backup that fails leaves nothing that looks like one.
    """
    keys = master_keys()
    salt = os.urandom(16)
    header = json.dumps(
        {
            "version": 1,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "master_key_id": keys.current,
            "salt": salt.hex(),
        },
        sort_keys=True,
    ).encode()
    storage = storages["default"]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".backup-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + struct.pack(">I", len(header)) + header)
            sealing = _SealingWriter(out, header, _key(salt, keys.current))
            with tarfile.open(fileobj=sealing, mode="w|") as tar:
                # One consistent view of the database while it is read.
                with transaction.atomic():
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    dump = io.StringIO()
                    call_command(
                        "dumpdata",
                        *[f"--exclude={label}" for label in EXCLUDED],
                        natural_foreign=True,
                        natural_primary=True,
                        stdout=dump,
                    )
                    names = walk(storage)
                data = dump.getvalue().encode()
                rows = len(json.loads(data))
                _add(tar, "database.json", data)
                progress(f"database: {rows} rows")
                stored = []
                for number, name in enumerate(names, 1):
                    try:
                        with storage.raw_open(name) as raw:
                            _add(tar, f"objects/{name}", raw.read())
                    except FileNotFoundError:
                        continue  # purged while the backup ran: nothing to keep
                    stored.append(name)
                    if number % 100 == 0:
                        progress(f"objects: {number} of {len(names)}")
                manifest = {"rows": rows, "objects": stored}
                _add(tar, "manifest.json", json.dumps(manifest).encode())
            sealing.finish()
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return BackupReport(str(path), rows, len(stored), path.stat().st_size)


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def backup_restore(
    path: Path, *, progress: Callable[[str], None] = lambda line: None
) -> RestoreReport:
    """Restore ``path`` into this instance, whose database and object store must be empty."""
    from ..accounts.models import User
    from ..studio.models import Photo

    if User.objects.exists() or Photo.objects.exists():
        raise BackupError("restore goes into an empty instance: this one has accounts or photos")
    storage = storages["default"]
    if walk(storage):
        raise BackupError("restore goes into an empty instance: the object store holds objects")
    # A first pass opens every chunk and reads every member, writing nothing: a damaged
    # or cut backup is refused before anything of it lands in this instance.
    _members(path, lambda name, data: None)
    progress("the backup is whole and opens with this instance's master keys")
    counts = {"rows": 0, "objects": 0}

    def put(name: str, data: bytes) -> None:
        if name == "database.json":
            counts["rows"] = _load_rows(data)
            progress(f"database: {counts['rows']} rows")
        elif name.startswith("objects/"):
            storage.raw_save(name.removeprefix("objects/"), ContentFile(data))
            counts["objects"] += 1

    _members(path, put)
    rows, objects = counts["rows"], counts["objects"]
    without_key, marked = _settle_restored(storage)
    progress(f"objects: {objects}, of which {without_key} had lost their key")
    return RestoreReport(rows, objects, without_key, marked)


def _members(path: Path, take: Callable[[str, bytes], None]) -> None:
    """Open ``path`` and give each member of its tar stream to ``take``; check it is whole."""
    with open(path, "rb") as source:
        if source.read(len(MAGIC)) != MAGIC:
            raise BackupError(f"{path} is not an AnyIDPhoto backup")
        (length,) = struct.unpack(">I", source.read(4))
        header = source.read(length)
        meta = json.loads(header)
        opening = _OpeningReader(
            source, header, _key(bytes.fromhex(meta["salt"]), meta["master_key_id"])
        )
        manifest = None
        try:
            with tarfile.open(fileobj=io.BufferedReader(opening), mode="r|") as tar:
                for member in tar:
                    data = tar.extractfile(member).read() if member.isfile() else b""
                    if member.name == "manifest.json":
                        manifest = json.loads(data)
                    take(member.name, data)
            # The tar stream may end before the last sealed chunk is read (the
            # archive's end blocks can fall just short of it): read on to the
            # end, so every chunk is opened and the last one seen.
            while opening.read(1 << 16):
                pass
        except tarfile.TarError as error:
            raise BackupError(f"the backup is damaged: {error}") from error
        if manifest is None or not opening.ended:
            raise BackupError("the backup is incomplete")


def _load_rows(data: bytes) -> int:
    """Load the database rows from memory (never a plaintext file), all or nothing."""
    from django.core import serializers

    rows = 0
    with transaction.atomic():
        for row in serializers.deserialize("json", data, handle_forward_references=True):
            row.save()
            rows += 1
    return rows


def _settle_restored(storage) -> tuple[int, int]:
    """Settle restored objects and rows: ``(objects dropped, records marked)``.

    An object whose key is gone cannot be opened: it is deleted. A row naming
    such an object, or one the backup did not hold (deleted while it was
    made), no longer names it; a record that keeps ``purged_at`` (a photo)
    says its files went, and its other files go too, as a purge does.
    """
    from django.utils import timezone

    names = set(walk(storage))
    keyless = {name for name in names if not storage.has_key(name)}
    for name in keyless:
        storage.delete(name)
    usable = names - keyless
    marked = 0
    for model in apps.get_models():
        fields = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
        if not fields:
            continue
        naming = models.Q()
        for field in fields:
            naming |= ~models.Q(**{field: ""})
        for row in model._base_manager.filter(naming).iterator():
            gone = [
                f for f in fields if getattr(row, f).name and getattr(row, f).name not in usable
            ]
            if not gone:
                continue
            if hasattr(row, "purged_at"):
                # A record whose files went says so for all of them: the rest go too.
                gone = [f for f in fields if getattr(row, f).name]
                for field in gone:
                    if getattr(row, field).name in usable:
                        storage.delete(getattr(row, field).name)
                if row.purged_at is None:
                    row.purged_at = timezone.now()
                    gone.append("purged_at")
            for field in gone:
                if field != "purged_at":
                    setattr(row, field, "")
            row.save(update_fields=gone)
            marked += 1
    return len(keyless), marked
