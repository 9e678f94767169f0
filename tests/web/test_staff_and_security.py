"""Staff accounts and actions, login throttling, and the upload formats phones send."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from anyidphoto.web.accounts.models import User
from anyidphoto.web.orders.models import Order
from anyidphoto.web.studio.models import Photo
from anyidphoto.web.studio.services import _looks_like_a_picture

from .. import photos
from .conftest import give_totp

pytestmark = pytest.mark.django_db


def test_a_staff_account_is_made_with_createsuperuser(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "staff passphrase 99")
    call_command("createsuperuser", "--noinput", "--email", "staff@example.org", verbosity=0)
    staff = User.objects.get(email="staff@example.org")
    assert staff.is_staff and staff.is_superuser and staff.check_password("staff passphrase 99")


def test_staff_mark_a_manual_order_paid_and_the_buyer_is_mailed(
    client, user, settings, django_capture_on_commit_callbacks
):
    settings.PAYMENT_MANUAL_FREE = False
    photo = Photo.objects.create(owner=user, document="us-passport", upload="x", status="ready")
    order = Order.objects.create(owner=user, photo=photo, kind="digital", provider="manual")
    staff = User.objects.create_superuser(email="staff@example.org", password="staff passphrase 99")
    give_totp(staff)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:orders_order_changelist"),
            {"action": "mark_paid", "_selected_action": [str(order.id)]},
        )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.is_paid
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_customers_cannot_open_the_admin(client_in):
    response = client_in.get(reverse("admin:orders_order_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert not reverse("admin:index").startswith("/admin/")  # not at the well-known address


def test_repeated_failed_logins_are_throttled(client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    pages = [
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
        for _ in range(5)
    ]
    throttled = ["Too many failed login attempts" in p.content.decode() for p in pages]
    assert throttled == [False, False, False, True, True]
    # Even the right password is refused while the throttle holds.
    right = client.post(
        reverse("account_login"), {"login": user.email, "password": "a long passphrase 42"}
    )
    assert "Too many failed login attempts" in right.content.decode()


def test_iphone_heic_and_other_phone_formats_are_taken():
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    image = Image.fromarray(photos.astronaut())
    for fmt in ["HEIF", "WEBP", "PNG", "JPEG"]:
        buffer = io.BytesIO()
        image.save(buffer, fmt)
        assert _looks_like_a_picture(buffer.getvalue()[:16]), fmt
    assert not _looks_like_a_picture(b"GIF89a" + b"\0" * 10)
    assert not _looks_like_a_picture(b"<html><body>")


@pytest.mark.parametrize(
    "name", ["studio:home", "support:threads", "privacy:data", "account_email", "orders:list"]
)
def test_every_page_of_a_signed_in_user_is_never_cached(client_in, name):
    response = client_in.get(reverse(name))
    assert response.status_code == 200, name
    assert response["Cache-Control"] == "private, no-store"


def test_a_visitors_page_may_be_cached(client):
    response = client.get(reverse("studio:home"))
    assert "no-store" not in response.get("Cache-Control", "")
