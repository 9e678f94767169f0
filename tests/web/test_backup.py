"""Backups: encrypted, restorable into an empty instance, and blind to photos erased since."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.urls import reverse

from anyidphoto.web.operations.backup import BackupError, backup_restore, backup_write
from anyidphoto.web.orders.models import Order
from anyidphoto.web.privacy.rights import photo_erase
from anyidphoto.web.studio.models import Photo
from anyidphoto.web.vault.storage import walk

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def two_photos(client, make_user, portrait_jpeg, django_capture_on_commit_callbacks):
    """One account with a paid photo (``kept``) and a second photo (``erased`` after the backup)."""
    user = make_user("backed-up@example.org")
    client.force_login(user)
    made = []
    for _ in range(2):
        client.post(
            reverse("studio:upload"),
            {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)},
        )
        made.append(Photo.objects.order_by("-created_at").first())
    client.post(reverse("orders:create"), {"photo": made[0].id, "kind": "digital"})
    with made[0].result.open("rb") as handle:
        first = handle.read()
    return user, made[0], made[1], first


def empty_instance(settings, tmp_path) -> None:
    """What a new machine has: an empty main database and object store; the same key store."""
    call_command("flush", database="default", interactive=False, verbosity=0)
    default = settings.STORAGES["default"]
    if default["BACKEND"].endswith("S3Storage"):
        options = {**default["OPTIONS"], "location": default["OPTIONS"]["location"] + "-new"}
        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    else:
        settings.MEDIA_ROOT = tmp_path / "new-instance-media"
    assert walk(storages["default"]) == []


def test_a_restore_gives_back_every_order_and_photo_but_not_one_erased_since(
    two_photos, settings, tmp_path
):
    user, kept, erased, first = two_photos
    backup = tmp_path / "nightly.aidpbackup"
    written = backup_write(backup)
    assert written.objects == 6  # two photos: upload, photo, template each
    raw = backup.read_bytes()
    # Encrypted: neither the database's contents nor a photo's header are readable in it.
    assert user.email.encode() not in raw and b"us-passport" not in raw
    photo_erase(user=user, photo=erased)  # after the backup: its keys are destroyed

    empty_instance(settings, tmp_path)
    report = backup_restore(backup)
    assert report.objects == 6 and report.objects_without_key == 3
    assert report.photos_marked_purged == 1
    restored = Photo.objects.get(id=kept.id)
    with restored.result.open("rb") as handle:
        assert handle.read() == first
    assert Order.objects.get().photo_id == kept.id
    gone = Photo.objects.get(id=erased.id)
    assert gone.purged_at is not None and not gone.upload and not gone.result
    assert len(walk(storages["default"])) == 3
    assert type(user).objects.get(email=user.email).check_password("a long passphrase 42")


def test_a_photo_deleted_while_the_backup_ran_comes_back_as_purged(
    two_photos, settings, tmp_path, monkeypatch
):
    from anyidphoto.web.vault.storage import SealedStorageMixin

    _, kept, erased, _ = two_photos
    real_raw_open = SealedStorageMixin.raw_open

    def erased_meanwhile(self, name):
        if name == erased.result.name:
            raise FileNotFoundError(name)  # listed, then deleted before it was read
        return real_raw_open(self, name)

    monkeypatch.setattr(SealedStorageMixin, "raw_open", erased_meanwhile)
    backup = tmp_path / "b.aidpbackup"
    assert backup_write(backup).objects == 5
    monkeypatch.undo()
    empty_instance(settings, tmp_path)
    report = backup_restore(backup)
    assert (report.objects_without_key, report.photos_marked_purged) == (0, 1)
    partial = Photo.objects.get(id=erased.id)
    assert partial.purged_at is not None
    assert not (partial.upload or partial.result or partial.template)  # all its files went
    restored = Photo.objects.get(id=kept.id)
    assert restored.purged_at is None and restored.result and restored.upload
    assert len(walk(storages["default"])) == 3


def test_restore_refuses_an_instance_that_is_not_empty(two_photos, tmp_path):
    backup = tmp_path / "b.aidpbackup"
    backup_write(backup)
    with pytest.raises(BackupError, match="empty instance"):
        backup_restore(backup)


def test_a_damaged_cut_or_foreign_backup_is_refused_before_anything_lands(
    two_photos, settings, tmp_path, monkeypatch
):
    from anyidphoto.web.operations import backup as backups
    from anyidphoto.web.vault.crypto import new_key_text

    monkeypatch.setattr(backups, "CHUNK", 4096)  # many chunks: damage far from the start
    backup = tmp_path / "b.aidpbackup"
    backup_write(backup)
    data = bytearray(backup.read_bytes())
    empty_instance(settings, tmp_path)
    flipped = tmp_path / "flipped.aidpbackup"
    data[len(data) // 2] ^= 1
    flipped.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged"):
        backup_restore(flipped)
    cut = tmp_path / "cut.aidpbackup"
    cut.write_bytes(backup.read_bytes()[: len(data) - 2000])
    with pytest.raises(BackupError, match="cut short|incomplete|damaged"):
        backup_restore(cut)
    own_keys = settings.VAULT_MASTER_KEYS
    settings.VAULT_MASTER_KEYS = new_key_text("other")
    with pytest.raises(BackupError, match="master key"):
        backup_restore(backup)
    # Nothing of any of them landed: the instance is still empty, and takes the whole backup.
    assert not Photo.objects.exists() and walk(storages["default"]) == []
    settings.VAULT_MASTER_KEYS = own_keys
    assert backup_restore(backup).objects == 6


def test_the_commands_say_what_they_did(two_photos, settings, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "c.aidpbackup"), stdout=out, stderr=io.StringIO())
    assert "6 objects" in out.getvalue()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup-")] == []
    with pytest.raises(CommandError, match="no such backup"):
        call_command("restore", str(tmp_path / "missing.aidpbackup"))
    empty_instance(settings, tmp_path)
    out = io.StringIO()
    call_command("restore", str(tmp_path / "c.aidpbackup"), stdout=out, stderr=io.StringIO())
    assert "6 objects" in out.getvalue() and "0 objects had lost their key" in out.getvalue()
    os.remove(tmp_path / "c.aidpbackup")
