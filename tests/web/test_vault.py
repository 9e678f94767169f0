"""Encryption at rest: sealed objects, the storage layer, key rotation."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from anyidphoto.web.vault import crypto
from anyidphoto.web.vault.storage import walk

from .. import photos

KEY_A = "a=" + base64.urlsafe_b64encode(b"A" * 32).decode()
KEY_B = "b=" + base64.urlsafe_b64encode(b"B" * 32).decode()
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG", b"RIFF", b"%PDF")


def test_a_sealed_object_opens_only_with_its_name_and_a_listed_key():
    keys = crypto.MasterKeys.parse(KEY_A)
    sealed = crypto.seal(b"portrait bytes", name="photos/1/upload", keys=keys)
    assert b"portrait" not in sealed
    assert sealed.startswith(crypto.MAGIC)
    assert len(sealed) == len(b"portrait bytes") + crypto.overhead(1)
    assert crypto.open_sealed(sealed, name="photos/1/upload", keys=keys) == b"portrait bytes"
    with pytest.raises(crypto.VaultError, match="another name"):
        crypto.open_sealed(sealed, name="photos/2/upload", keys=keys)
    with pytest.raises(crypto.VaultError, match="not configured"):
        crypto.open_sealed(sealed, name="photos/1/upload", keys=crypto.MasterKeys.parse(KEY_B))
    tampered = bytearray(sealed)
    tampered[-1] ^= 1
    with pytest.raises(crypto.VaultError):
        crypto.open_sealed(bytes(tampered), name="photos/1/upload", keys=keys)


def test_two_seals_of_the_same_bytes_differ():
    keys = crypto.MasterKeys.parse(KEY_A)
    assert crypto.seal(b"x" * 100, name="n", keys=keys) != crypto.seal(
        b"x" * 100, name="n", keys=keys
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("a", "id=key"),
        ("a=!!!!", "base64|32 bytes"),
        ("a=" + base64.urlsafe_b64encode(b"short").decode(), "32 bytes"),
        (KEY_A + "," + KEY_A, "twice"),
    ],
)
def test_bad_master_key_settings_are_refused_with_a_reason(text, message):
    with pytest.raises(crypto.VaultError, match=message):
        crypto.MasterKeys.parse(text)


def test_a_new_key_parses():
    keys = crypto.MasterKeys.parse(crypto.new_key_text("k2026"))
    assert keys.current == "k2026" and len(keys.keys["k2026"]) == 32


@pytest.mark.django_db
def test_storage_seals_on_disk_and_gives_back_the_plaintext(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    jpeg = photos.encode(photos.astronaut())
    name = default_storage.save("photos/u/p/photo.jpg", ContentFile(jpeg))
    on_disk = (tmp_path / name).read_bytes()
    assert not on_disk.startswith(SIGNATURES)
    assert jpeg[100:200] not in on_disk
    with default_storage.open(name) as handle:
        assert handle.read() == jpeg
    assert default_storage.size(name) == len(jpeg)


@pytest.mark.django_db
def test_rotation_rewraps_every_object_and_old_keys_can_then_go(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.VAULT_MASTER_KEYS = KEY_A
    names = [
        default_storage.save(f"photos/{i}/photo.jpg", ContentFile(os.urandom(500)))
        for i in range(3)
    ]
    contents = {}
    for name in names:
        with default_storage.open(name) as handle:
            contents[name] = handle.read()
    settings.VAULT_MASTER_KEYS = f"{KEY_B},{KEY_A}"
    call_command("rotate_master_key")
    assert {default_storage.key_id(n) for n in names} == {"b"}
    settings.VAULT_MASTER_KEYS = KEY_B  # the old key removed
    for name in names:
        with default_storage.open(name) as handle:
            assert handle.read() == contents[name]
    assert sorted(walk(default_storage)) == sorted(names)
