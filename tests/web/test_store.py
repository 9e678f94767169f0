"""The sealed store, on whichever backend is configured (local here; Ceph's S3 gateway at scale)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.utils import timezone

from anyidphoto.web.vault.models import ObjectKey
from anyidphoto.web.vault.storage import SweepRefused, sweep_orphans

pytestmark = pytest.mark.django_db


def test_objects_are_listed_with_their_times_and_keys_read_from_their_headers():
    before = timezone.now() - timedelta(seconds=5)
    name = default_storage.save("uploads/a/photo.jpg", ContentFile(b"x" * 300_000))
    entries = dict(default_storage.entries())
    assert list(entries) == [name]
    assert before <= entries[name] <= timezone.now() + timedelta(seconds=5)
    ref = default_storage.ref(name)
    assert ObjectKey.objects.get(ref=ref).name == name
    assert default_storage.ref("uploads/missing.jpg") is None
    with default_storage.open(name) as handle:
        assert handle.read() == b"x" * 300_000
    assert default_storage.size(name) == 300_000


def test_the_sweep_deletes_what_no_row_names_and_what_no_key_opens(ready_photo, monkeypatch):
    unnamed = default_storage.save("photos/unnamed.jpg", ContentFile(b"a second copy"))
    keyless = default_storage.save("uploads/keyless.jpg", ContentFile(b"rolled back"))
    ObjectKey.objects.filter(name=keyless).delete()
    later = timezone.now() + timedelta(minutes=1)  # every object counts as old
    storage = storages["default"]  # what default_storage stands for
    read, real_header = [], storage._header
    monkeypatch.setattr(storage, "_header", lambda name: read.append(name) or real_header(name))

    assert sorted(sweep_orphans(default_storage, older_than=later)) == sorted([unnamed, keyless])
    assert set(read) == {unnamed, keyless}  # what is named and keyed is not even read
    left = sorted(name for name, _ in default_storage.entries())
    named = [ready_photo.upload.name, ready_photo.result.name, ready_photo.template.name]
    assert left == sorted(named)
    assert not ObjectKey.objects.filter(name=unnamed).exists()
    with ready_photo.upload.open("rb") as handle:
        assert handle.read()[:3] == b"\xff\xd8\xff"  # what is named still opens


def test_the_sweep_deletes_nothing_when_too_many_objects_look_unusable():
    # As if the site were pointed at a wrong or empty database: no record names anything.
    made = [default_storage.save(f"photos/{n}.jpg", ContentFile(b"a photo")) for n in range(21)]
    later = timezone.now() + timedelta(minutes=1)
    with pytest.raises(SweepRefused, match="21 of 21 stored objects"):
        sweep_orphans(default_storage, older_than=later)
    assert sorted(name for name, _ in default_storage.entries()) == sorted(made)
    assert ObjectKey.objects.count() == 21


def test_the_refusal_weighs_the_unusable_objects_against_all(user, monkeypatch):
    from anyidphoto.web.studio.models import Photo
    from anyidphoto.web.vault import storage as vault

    monkeypatch.setattr(vault, "SWEEP_REFUSE_MIN", 3)
    later = timezone.now() + timedelta(minutes=1)
    stray = [default_storage.save(f"photos/stray-{n}.jpg", ContentFile(b"x")) for n in range(3)]
    with pytest.raises(SweepRefused, match="3 of 3 stored objects"):  # as many as the minimum
        sweep_orphans(default_storage, older_than=later)
    for n in range(30):  # ... but among 33 objects, 3 are not more than a tenth
        name = default_storage.save(f"uploads/kept-{n}.jpg", ContentFile(b"a photo"))
        Photo.objects.create(owner=user, document="us-passport", upload=name)
    assert sorted(sweep_orphans(default_storage, older_than=later)) == sorted(stray)
    assert len(list(default_storage.entries())) == 30
