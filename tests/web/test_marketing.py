"""Objection: marketing mail only with consent, and a signed one-click way out in each one."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from anyidphoto.web.orders.models import Order
from anyidphoto.web.orders.services import order_send_confirmation
from anyidphoto.web.privacy.marketing import marketing_message, unsubscribe_token
from anyidphoto.web.studio.models import Photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(user):
    user.marketing_opt_in = True
    user.save()
    return user


def test_no_marketing_mail_without_consent(user):
    assert marketing_message(user=user, subject="Tips", body="Smile less.") is None


def test_every_marketing_mail_has_a_signed_unsubscribe_link_and_the_headers(subscriber):
    message = marketing_message(user=subscriber, subject="Tips", body="Face the light.")
    url = re.search(r"https?://\S+/unsubscribe/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message.send()
    assert mail.outbox[-1].to == [subscriber.email]


def test_one_click_from_the_mail_program_stops_the_mails(client, subscriber):
    url = reverse("unsubscribe", args=[unsubscribe_token(subscriber)])
    page = client.get(url).content.decode()
    assert subscriber.email in page and 'id="unsubscribe"' in page
    subscriber.refresh_from_db()
    assert subscriber.marketing_opt_in  # a GET (a link scanner) changes nothing
    response = client.post(
        url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert not subscriber.marketing_opt_in and subscriber.marketing_opt_out_at is not None
    assert marketing_message(user=subscriber, subject="Tips", body="x") is None


def test_a_forged_token_is_refused(client, subscriber):
    token = unsubscribe_token(subscriber)[:-2] + "xx"
    assert client.post(reverse("unsubscribe", args=[token])).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.marketing_opt_in


def test_service_mail_still_goes_out_after_opting_out(client, subscriber):
    client.post(reverse("unsubscribe", args=[unsubscribe_token(subscriber)]))
    photo = Photo.objects.create(
        owner=subscriber, document="us-passport", upload="x", status="ready"
    )
    order = Order.objects.create(
        owner=subscriber, photo=photo, kind="digital", provider="manual", status="paid"
    )
    order_send_confirmation(order_id=order.id)
    assert mail.outbox[-1].to == [subscriber.email]
