"""Sending a paid photo to a partner: only on the owner's request, logged, purged with the photo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from anyidphoto.web.orders.models import Order, PartnerForget, PartnerSend
from anyidphoto.web.orders.partners import OutboxPartner
from anyidphoto.web.privacy.services import photo_purge_files, purge_expired
from anyidphoto.web.studio.models import Photo
from anyidphoto.web.vault import crypto
from anyidphoto.web.vault.models import ObjectKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings, tmp_path) -> Path:
    settings.PARTNER_OUTBOX = tmp_path / "outbox"
    return settings.PARTNER_OUTBOX


@pytest.fixture
def paid(client_in, ready_photo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(reverse("orders:create"), {"photo": ready_photo.id, "kind": "digital"})
    return Order.objects.get()


def test_nothing_is_sent_unless_the_owner_asks_and_each_send_is_logged(client_in, paid, outbox):
    assert not outbox.exists()  # ordering alone sends nothing
    page = client_in.get(reverse("orders:detail", args=[paid.id])).content.decode()
    assert 'id="send-partner"' in page
    client_in.post(reverse("orders:send", args=[paid.id]), {"partner": "demo-print"})
    send = PartnerSend.objects.get()
    assert (send.order, send.partner, send.requested_by) == (paid, "demo-print", paid.owner)
    with paid.photo.result.open("rb") as handle:
        photo = handle.read()
    # The partner's copy is the photo, sealed at rest like every stored photo.
    stored = (outbox / f"{send.reference}.jpg").read_bytes()
    assert stored.startswith(crypto.MAGIC) and photo not in stored
    with OutboxPartner.storage().open(f"{send.reference}.jpg") as handle:
        assert handle.read() == photo
    note = json.loads((outbox / f"{send.reference}.json").read_text())
    assert note == {"order": str(paid.id), "document": "us-passport", "copies": 1}
    page = client_in.get(reverse("orders:detail", args=[paid.id])).content.decode()
    assert send.reference in page


def test_another_user_cannot_send_my_photo(client, make_user, paid, outbox):
    client.force_login(make_user("other@example.org"))
    assert (
        client.post(reverse("orders:send", args=[paid.id]), {"partner": "demo-print"}).status_code
        == 404
    )
    assert not PartnerSend.objects.exists()


def test_the_partners_copy_goes_with_the_photos_files_and_its_key(client_in, paid, outbox):
    client_in.post(reverse("orders:send", args=[paid.id]), {"partner": "demo-print"})
    send = PartnerSend.objects.get()
    assert len(list(outbox.iterdir())) == 2
    ref = OutboxPartner.storage().ref(f"{send.reference}.jpg")
    assert ObjectKey.objects.filter(ref=ref).exists()
    photo_purge_files(photo=paid.photo)
    assert list(outbox.iterdir()) == []
    assert not ObjectKey.objects.filter(ref=ref).exists()
    assert not PartnerForget.objects.exists()


def test_a_retired_partners_copies_are_still_forgotten(client_in, paid, outbox, settings):
    client_in.post(reverse("orders:send", args=[paid.id]), {"partner": "demo-print"})
    # The demo partner is no longer offered, but is kept reachable for its copies.
    settings.RETIRED_PARTNERS, settings.ORDER_PARTNERS = settings.ORDER_PARTNERS, []
    page = client_in.get(reverse("orders:detail", args=[paid.id])).content.decode()
    assert 'id="send-partner"' not in page
    photo_purge_files(photo=paid.photo)
    assert list(outbox.iterdir()) == []


def test_a_copy_the_partner_cannot_delete_now_is_asked_again_by_the_daily_purge(
    client_in, paid, outbox, settings
):
    client_in.post(reverse("orders:send", args=[paid.id]), {"partner": "demo-print"})
    send = PartnerSend.objects.get()
    offered = settings.ORDER_PARTNERS
    settings.ORDER_PARTNERS = []  # taken off without being kept reachable
    photo_purge_files(photo=paid.photo)  # the photo's own files still go
    assert not Photo.objects.get().result
    left = PartnerForget.objects.get()
    assert (left.partner, left.reference) == ("demo-print", send.reference)
    assert "not configured" in left.last_error
    assert len(list(outbox.iterdir())) == 2

    assert purge_expired(dry_run=True).partner_copies_pending == 1
    assert purge_expired().partner_copies_pending == 1  # still unreachable: kept, not lost
    settings.RETIRED_PARTNERS = offered
    assert purge_expired().partner_copies_pending == 0
    assert list(outbox.iterdir()) == []
    assert not PartnerForget.objects.exists()


def test_an_erased_account_leaves_its_pending_partner_copies_listed(
    client_in, paid, outbox, settings
):
    from anyidphoto.web.privacy.rights import account_erase

    client_in.post(reverse("orders:send", args=[paid.id]), {"partner": "demo-print"})
    settings.ORDER_PARTNERS = []
    account_erase(user=paid.owner)
    assert not Order.objects.exists()
    assert PartnerForget.objects.count() == 1  # the copy is not forgotten with the order row
