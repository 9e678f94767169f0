"""Envelope encryption of stored objects with AES-256-GCM, with keys kept apart from the bytes.

Every object gets its own random 256-bit data key. The object's bytes are
sealed with it and stored; the data key is wrapped (sealed) with a master key
from the environment and kept in the database (:class:`~.models.ObjectKey`),
never beside the bytes. Destroying that row destroys the object for good:
a copy of the bytes in a backup can no longer be opened ("crypto-shredding").
Rotating the master key re-wraps the small data keys, never the photos.

Layout of a sealed object (lengths in bytes)::

    magic "AIDPV2" (6) | key reference (16) | nonce (12) | ciphertext + tag

The object's storage name is bound to its ciphertext as associated data, so
a file copied over another one's name fails to open instead of showing the
wrong photo; the key reference is bound to its wrapped key the same way.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"AIDPV2"
_REF = 16
_NONCE = 12
_TAG = 16
_KEY_ENV = "ANYIDPHOTO_MASTER_KEYS"
#: Bytes a sealed object adds to its plaintext.
OVERHEAD = len(MAGIC) + _REF + _NONCE + _TAG


class VaultError(Exception):
    """An object cannot be sealed or opened (no key, wrong key, damaged bytes)."""


@dataclass(frozen=True)
class MasterKeys:
    """The master keys by id; ``current`` wraps new data keys, any listed key unwraps."""

    current: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, text: str) -> MasterKeys:
        """Keys from ``"id=base64key,old=base64key"``: the first listed is the current one.

        Each key is 32 bytes, written in URL-safe base64 (see :func:`new_key_text`).
        """
        keys: dict[str, bytes] = {}
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            key_id, sep, encoded = item.partition("=")
            key_id = key_id.strip()
            if not sep or not key_id or not key_id.isascii() or len(key_id) > 64:
                raise VaultError(f"{_KEY_ENV}: each entry must be id=key, got {item[:20]!r}")
            try:
                key = base64.urlsafe_b64decode(encoded.strip() + "==")
            except (binascii.Error, ValueError):
                raise VaultError(f"{_KEY_ENV}: key {key_id!r} is not base64") from None
            if len(key) != 32:
                raise VaultError(f"{_KEY_ENV}: key {key_id!r} must be 32 bytes, not {len(key)}")
            if key_id in keys:
                raise VaultError(f"{_KEY_ENV}: key id {key_id!r} is listed twice")
            keys[key_id] = key
        if not keys:
            raise VaultError(
                f"{_KEY_ENV} is empty: set it to id=key (see `manage.py new_master_key`)"
            )
        return cls(next(iter(keys)), keys)


def new_key_text(key_id: str) -> str:
    """A fresh random master key as an ``id=key`` entry for the environment."""
    return f"{key_id}={base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap(data_key: bytes, *, ref: uuid.UUID, keys: MasterKeys) -> tuple[str, bytes]:
    """``data_key`` sealed by the current master key: ``(master key id, nonce + ciphertext)``."""
    nonce = os.urandom(_NONCE)
    aad = keys.current.encode() + ref.bytes
    return keys.current, nonce + AESGCM(keys.keys[keys.current]).encrypt(nonce, data_key, aad)


def unwrap(wrapped: bytes, *, key_id: str, ref: uuid.UUID, keys: MasterKeys) -> bytes:
    """The data key of object ``ref``, wrapped by master key ``key_id``."""
    master = keys.keys.get(key_id)
    if master is None:
        raise VaultError(f"wrapped by master key {key_id!r}, which is not configured")
    try:
        return AESGCM(master).decrypt(
            wrapped[:_NONCE], wrapped[_NONCE:], key_id.encode() + ref.bytes
        )
    except InvalidTag:
        raise VaultError(f"the data key does not open with master key {key_id!r}") from None


def seal(data: bytes, *, data_key: bytes, ref: uuid.UUID, name: str) -> bytes:
    """``data`` sealed with ``data_key``; the header names the key by ``ref``."""
    nonce = os.urandom(_NONCE)
    return MAGIC + ref.bytes + nonce + AESGCM(data_key).encrypt(nonce, data, name.encode())


def open_sealed(blob: bytes, *, data_key: bytes, name: str) -> bytes:
    """The plaintext of a sealed object stored as ``name``."""
    start = len(MAGIC) + _REF
    if len(blob) < OVERHEAD:
        raise VaultError(f"{name}: truncated")
    try:
        return AESGCM(data_key).decrypt(
            blob[start : start + _NONCE], blob[start + _NONCE :], name.encode()
        )
    except InvalidTag:
        raise VaultError(f"{name}: damaged, or stored under another name") from None


def ref_of(blob: bytes) -> uuid.UUID:
    """The reference of the key that seals ``blob`` (its first bytes are enough)."""
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + _REF:
        raise VaultError("not a sealed object")
    return uuid.UUID(bytes=bytes(blob[len(MAGIC) : len(MAGIC) + _REF]))
