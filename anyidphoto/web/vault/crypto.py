"""Envelope encryption of stored objects with AES-256-GCM.

Every object gets its own random 256-bit data key. The object is sealed
with that key, and the key itself is sealed ("wrapped") with a master key
taken from the environment; the wrapped key travels in the object's header.
Rotating the master key re-wraps the small data keys, never the photos'
own ciphertext, and an object sealed under an old master key stays readable
as long as that key is still listed.

Layout of a sealed object (all lengths in bytes)::

    magic "AIDPV1" (6) | key id length (1) | key id | wrap nonce (12)
    | wrapped data key + tag (48) | data nonce (12) | ciphertext + tag

The object's storage name is bound to its ciphertext as associated data,
so a file copied over another one's name fails to open instead of showing
the wrong photo.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"AIDPV1"
_NONCE = 12
_WRAPPED = 32 + 16
_KEY_ENV = "ANYIDPHOTO_MASTER_KEYS"


class VaultError(Exception):
    """An object cannot be sealed or opened (no key, wrong key, damaged bytes)."""


@dataclass(frozen=True)
class MasterKeys:
    """The master keys by id; ``current`` seals, any listed key opens."""

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

    @classmethod
    def from_environment(cls) -> MasterKeys:
        text = os.environ.get(_KEY_ENV, "")
        if not text:
            raise VaultError(
                f"{_KEY_ENV} is not set: photos cannot be stored unencrypted "
                "(create a key with `manage.py new_master_key`)"
            )
        return cls.parse(text)


def new_key_text(key_id: str) -> str:
    """A fresh random master key as an ``id=key`` entry for the environment."""
    return f"{key_id}={base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def seal(data: bytes, *, name: str, keys: MasterKeys) -> bytes:
    """``data`` encrypted under a new data key wrapped by the current master key."""
    key_id = keys.current.encode()
    data_key = AESGCM.generate_key(bit_length=256)
    head = MAGIC + bytes([len(key_id)]) + key_id
    wrap_nonce = os.urandom(_NONCE)
    wrapped = AESGCM(keys.keys[keys.current]).encrypt(wrap_nonce, data_key, head)
    nonce = os.urandom(_NONCE)
    body = AESGCM(data_key).encrypt(nonce, data, name.encode())
    return head + wrap_nonce + wrapped + nonce + body


def open_sealed(blob: bytes, *, name: str, keys: MasterKeys) -> bytes:
    """The plaintext of a sealed object stored as ``name``."""
    key_id, data_key, offset = _unwrap(blob, keys)
    nonce = blob[offset : offset + _NONCE]
    try:
        return AESGCM(data_key).decrypt(nonce, blob[offset + _NONCE :], name.encode())
    except InvalidTag:
        raise VaultError(f"{name}: damaged, or stored under another name") from None


def rewrap(blob: bytes, *, keys: MasterKeys) -> bytes | None:
    """``blob`` with its data key wrapped by the current master key; None if it already is."""
    key_id, data_key, offset = _unwrap(blob, keys)
    if key_id == keys.current:
        return None
    current = keys.current.encode()
    head = MAGIC + bytes([len(current)]) + current
    wrap_nonce = os.urandom(_NONCE)
    wrapped = AESGCM(keys.keys[keys.current]).encrypt(wrap_nonce, data_key, head)
    return head + wrap_nonce + wrapped + blob[offset:]


def plaintext_size(blob_size: int, key_id_length: int) -> int:
    """Bytes of plaintext in a sealed object of ``blob_size`` bytes."""
    return blob_size - overhead(key_id_length)


def overhead(key_id_length: int) -> int:
    """Bytes a sealed object adds to its plaintext."""
    return len(MAGIC) + 1 + key_id_length + _NONCE + _WRAPPED + _NONCE + 16


def key_id_of(blob: bytes) -> str:
    """The id of the master key that wraps ``blob``'s data key."""
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 1:
        raise VaultError("not a sealed object")
    length = blob[len(MAGIC)]
    return blob[len(MAGIC) + 1 : len(MAGIC) + 1 + length].decode("ascii", "replace")


def _unwrap(blob: bytes, keys: MasterKeys) -> tuple[str, bytes, int]:
    key_id = key_id_of(blob)
    start = len(MAGIC) + 1 + len(key_id.encode())
    head = blob[:start]
    master = keys.keys.get(key_id)
    if master is None:
        raise VaultError(f"sealed with master key {key_id!r}, which is not configured")
    wrap_nonce = blob[start : start + _NONCE]
    wrapped = blob[start + _NONCE : start + _NONCE + _WRAPPED]
    if len(wrapped) != _WRAPPED or len(blob) < start + _NONCE + _WRAPPED + _NONCE + 16:
        raise VaultError("sealed object is truncated")
    try:
        data_key = AESGCM(master).decrypt(wrap_nonce, wrapped, head)
    except InvalidTag:
        raise VaultError(f"the data key does not open with master key {key_id!r}") from None
    return key_id, data_key, start + _NONCE + _WRAPPED
