"""Encryption at rest: sealed objects, keys kept apart and shredded, key rotation."""

from __future__ import annotations

import base64
import io
import os
import shutil
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from anyidphoto.web.vault import crypto
from anyidphoto.web.vault.models import ObjectKey
from anyidphoto.web.vault.storage import walk

from .. import photos

KEY_A = "a=" + base64.urlsafe_b64encode(b"A" * 32).decode()
KEY_B = "b=" + base64.urlsafe_b64encode(b"B" * 32).decode()
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG", b"RIFF", b"%PDF")


def test_a_sealed_object_opens_only_with_its_key_and_its_name():
    key, ref = crypto.new_data_key(), uuid.uuid4()
    sealed = crypto.seal(b"portrait bytes", data_key=key, ref=ref, name="photos/1/upload")
    assert b"portrait" not in sealed and sealed.startswith(crypto.MAGIC)
    assert len(sealed) == len(b"portrait bytes") + crypto.OVERHEAD
    assert crypto.ref_of(sealed) == ref
    assert crypto.open_sealed(sealed, data_key=key, name="photos/1/upload") == b"portrait bytes"
    with pytest.raises(crypto.VaultError, match="another name"):
        crypto.open_sealed(sealed, data_key=key, name="photos/2/upload")
    with pytest.raises(crypto.VaultError):
        crypto.open_sealed(sealed, data_key=crypto.new_data_key(), name="photos/1/upload")
    tampered = bytearray(sealed)
    tampered[-1] ^= 1
    with pytest.raises(crypto.VaultError):
        crypto.open_sealed(bytes(tampered), data_key=key, name="photos/1/upload")


def test_a_wrapped_key_opens_only_with_its_master_key_and_reference():
    keys, ref = crypto.MasterKeys.parse(KEY_A), uuid.uuid4()
    data_key = crypto.new_data_key()
    key_id, wrapped = crypto.wrap(data_key, ref=ref, keys=keys)
    assert key_id == "a" and data_key not in wrapped
    assert crypto.unwrap(wrapped, key_id="a", ref=ref, keys=keys) == data_key
    with pytest.raises(crypto.VaultError):
        crypto.unwrap(wrapped, key_id="a", ref=uuid.uuid4(), keys=keys)
    with pytest.raises(crypto.VaultError, match="not configured"):
        crypto.unwrap(wrapped, key_id="a", ref=ref, keys=crypto.MasterKeys.parse(KEY_B))


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
def test_storage_seals_on_disk_and_gives_back_the_plaintext(media_folder):
    jpeg = photos.encode(photos.astronaut())
    name = default_storage.save("photos/u/p/photo.jpg", ContentFile(jpeg))
    on_disk = (media_folder / name).read_bytes()
    assert not on_disk.startswith(SIGNATURES)
    assert jpeg[100:200] not in on_disk
    with default_storage.open(name) as handle:
        assert handle.read() == jpeg
    assert default_storage.size(name) == len(jpeg)
    # The key is not beside the bytes: it is a database row.
    row = ObjectKey.objects.get(name=name)
    assert bytes(row.wrapped) not in on_disk


@pytest.mark.django_db
def test_deleting_an_object_shreds_it_so_a_backup_copy_cannot_be_read(media_folder, tmp_path):
    name = default_storage.save("photos/u/p/photo.jpg", ContentFile(b"a face" * 1000))
    backup = tmp_path / "backup.bin"
    shutil.copy(media_folder / name, backup)
    default_storage.delete(name)
    assert not default_storage.exists(name) and not ObjectKey.objects.exists()
    # Its empty folders went with it: they would show that a photo was there.
    assert not (media_folder / "photos").exists()
    # The backup's bytes are back in place, and still cannot be opened.
    (media_folder / name).parent.mkdir(parents=True)
    shutil.copy(backup, media_folder / name)
    with pytest.raises(crypto.VaultError, match="destroyed"):
        default_storage.open(name)


@pytest.mark.django_db
def test_rotation_rewraps_every_key_and_old_keys_can_then_go(settings, media_folder):
    settings.VAULT_MASTER_KEYS = KEY_A
    names = [
        default_storage.save(f"photos/{i}/photo.jpg", ContentFile(os.urandom(500)))
        for i in range(3)
    ]
    contents = {}
    for name in names:
        with default_storage.open(name) as handle:
            contents[name] = handle.read()
    disk = {name: (media_folder / name).read_bytes() for name in names}
    settings.VAULT_MASTER_KEYS = f"{KEY_B},{KEY_A}"
    call_command("rotate_master_key", stdout=open(os.devnull, "w"))
    assert set(ObjectKey.objects.values_list("master_key_id", flat=True)) == {"b"}
    assert {name: (media_folder / name).read_bytes() for name in names} == disk  # bytes untouched
    settings.VAULT_MASTER_KEYS = KEY_B  # the old key removed
    for name in names:
        with default_storage.open(name) as handle:
            assert handle.read() == contents[name]
    assert sorted(walk(default_storage)) == sorted(names)


@pytest.mark.django_db
def test_keys_an_older_install_kept_in_the_main_database_move_to_the_key_store(media_folder):
    from django.core import checks
    from django.core.management import call_command
    from django.db import connections

    from anyidphoto.web.vault.router import keys_left_in_main

    name = default_storage.save("uploads/old.jpg", ContentFile(b"an older photo"))
    row = ObjectKey.objects.get(name=name)
    ObjectKey.objects.filter(ref=row.ref).delete()
    with connections["default"].cursor() as cursor:  # as the install before the key store had it
        cursor.execute(
            "CREATE TABLE vault_objectkey (ref char(32) PRIMARY KEY, name varchar(255),"
            " master_key_id varchar(64), wrapped blob, created_at datetime)"
        )
        cursor.execute(
            "INSERT INTO vault_objectkey VALUES (%s, %s, %s, %s, %s)",
            [row.ref.hex, row.name, row.master_key_id, bytes(row.wrapped), row.created_at],
        )
    assert keys_left_in_main() == 1
    assert any(m.id == "vault.E001" for m in checks.run_checks())
    call_command("move_keys", stdout=io.StringIO())
    assert keys_left_in_main() == 0
    with default_storage.open(name) as handle:
        assert handle.read() == b"an older photo"
