"""Sending a paid photo to a partner: only on the owner's request, logged, purged with the photo."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse

from anyidphoto.web.orders.models import Order, PartnerSend
from anyidphoto.web.privacy.services import photo_purge_files
from anyidphoto.web.studio.models import Photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings, tmp_path) -> Path:
    settings.PARTNER_OUTBOX = tmp_path / "outbox"
    return settings.PARTNER_OUTBOX


@pytest.fixture
def paid(client_in, portrait_jpeg, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(
            reverse("studio:upload"), {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)}
        )
    photo = Photo.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(reverse("orders:create"), {"photo": photo.id, "kind": "digital"})
    return Order.objects.get()


def test_nothing_is_sent_unless_the_owner_asks_and_each_send_is_logged(client_in, paid, outbox):
    assert not outbox.exists()  # ordering alone sends nothing
    page = client_in.get(reverse("orders:detail", args=[paid.id])).content.decode()
    assert 'id="send-partner"' in page
    client_in.post(reverse("orders:send", args=[paid.id]), {"partner": "demo-print"})
    send = PartnerSend.objects.get()
    assert (send.order, send.partner, send.requested_by) == (paid, "demo-print", paid.owner)
    jpeg = outbox / f"{send.reference}.jpg"
    with paid.photo.result.open("rb") as handle:
        assert jpeg.read_bytes() == handle.read()
    page = client_in.get(reverse("orders:detail", args=[paid.id])).content.decode()
    assert send.reference in page


def test_another_user_cannot_send_my_photo(client, make_user, paid, outbox):
    client.force_login(make_user("other@example.org"))
    assert (
        client.post(reverse("orders:send", args=[paid.id]), {"partner": "demo-print"}).status_code
        == 404
    )
    assert not PartnerSend.objects.exists()


def test_the_partners_copy_goes_with_the_photos_files(client_in, paid, outbox):
    client_in.post(reverse("orders:send", args=[paid.id]), {"partner": "demo-print"})
    assert len(list(outbox.iterdir())) == 2
    photo_purge_files(photo=paid.photo)
    assert list(outbox.iterdir()) == []
