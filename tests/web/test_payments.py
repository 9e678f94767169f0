"""Stripe Checkout: the hosted page, signed webhooks, idempotency, subscriptions; the mail.

Nothing reaches the internet: Stripe's library talks to a local stand-in for
its API when a Checkout session is made, and the webhooks are real payloads
signed with the Stripe library.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest
import stripe
from django.core import mail
from django.urls import reverse

from anyidphoto.web.orders.models import Order
from anyidphoto.web.payments.models import ProviderEvent, Subscription

pytestmark = pytest.mark.django_db

WEBHOOK_SECRET = "whsec_test_secret"


class _FakeStripe(BaseHTTPRequestHandler):
    """Answers POST /v1/checkout/sessions as Stripe does, and remembers what it was sent."""

    sent: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        form = {k: v[0] for k, v in parse_qs(body).items()}
        type(self).sent.append(
            {"path": self.path, "form": form, "auth": self.headers["Authorization"]}
        )
        answer = {
            "id": "cs_test_123",
            "object": "checkout.session",
            "url": "https://checkout.stripe.com/c/pay/cs_test_123",
            "client_reference_id": form.get("client_reference_id"),
            "payment_status": "unpaid",
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), _FakeStripe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeStripe.sent = []
    monkeypatch.setattr(stripe, "api_base", f"http://127.0.0.1:{server.server_port}")
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_local"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.ORDER_PRICES_CENTS = {"digital": 999, "sheet": 1299, "both": 1599}
    yield _FakeStripe
    server.shutdown()


def _webhook(client, event: dict, secret: str = WEBHOOK_SECRET):
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(payload, secret)
    return client.post(
        reverse("payments:stripe_webhook"),
        data=payload,
        content_type="application/json",
        headers={"stripe-signature": header},
    )


def _completed(order: Order, event_id: str = "evt_1", status: str = "paid", **changes) -> dict:
    event = {
        "id": event_id,
        "object": "event",
        "type": "checkout.session.completed",
        "data": {
            "object": {
                "id": "cs_test_123",
                "object": "checkout.session",
                "mode": "payment",
                "client_reference_id": str(order.id),
                "metadata": {"order_id": str(order.id)},
                "amount_total": order.amount_cents,
                "currency": order.currency.lower(),
                "payment_status": status,
            }
        },
    }
    event["data"]["object"].update(changes)
    return event


def test_ordering_sends_the_buyer_to_stripes_hosted_page_and_waits(
    client_in, fake_stripe, ready_photo
):
    response = client_in.post(
        reverse("orders:create"), {"photo": ready_photo.id, "kind": "digital"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.com/")
    order = Order.objects.get()
    assert order.status == Order.Status.PENDING and order.provider_reference == "cs_test_123"
    sent = fake_stripe.sent[0]
    assert sent["path"] == "/v1/checkout/sessions"
    assert sent["form"]["client_reference_id"] == str(order.id)
    assert sent["form"]["line_items[0][price_data][unit_amount]"] == "999"
    assert "card" not in json.dumps(sent["form"]).lower()
    # Unpaid: the preview is watermarked and the download closed.
    assert client_in.get(reverse("orders:photo", args=[order.id])).status_code == 404


def test_a_signed_webhook_marks_the_order_paid_once_and_mails_the_confirmation(
    client, client_in, fake_stripe, ready_photo, django_capture_on_commit_callbacks
):
    client_in.post(
        reverse("orders:create"), {"photo": ready_photo.id, "kind": "both", "paper": "4x6"}
    )
    order = Order.objects.get()
    assert (order.provider, order.status) == ("stripe", Order.Status.PENDING)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _webhook(client, _completed(order)).status_code == 200
    assert len(callbacks) == 1
    order.refresh_from_db()
    assert order.is_paid and order.completed_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [order.owner.email]
    assert str(order.id) in message.body and "15.99 EUR" in message.body
    assert client_in.get(reverse("orders:photo", args=[order.id])).status_code == 200
    # The same event again: answered, nothing changes, no second mail.
    paid_at = order.completed_at
    assert _webhook(client, _completed(order)).status_code == 200
    order.refresh_from_db()
    assert order.completed_at == paid_at and len(mail.outbox) == 1
    assert ProviderEvent.objects.count() == 1


def test_a_webhook_with_a_bad_signature_changes_nothing(
    client, client_in, fake_stripe, ready_photo
):
    client_in.post(reverse("orders:create"), {"photo": ready_photo.id, "kind": "digital"})
    order = Order.objects.get()
    assert _webhook(client, _completed(order), secret="whsec_someone_else").status_code == 400
    unsigned = client.post(
        reverse("payments:stripe_webhook"),
        data=json.dumps(_completed(order)),
        content_type="application/json",
    )
    assert unsigned.status_code == 400
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not ProviderEvent.objects.exists()


def test_an_unpaid_completed_session_leaves_the_order_pending(
    client, client_in, fake_stripe, ready_photo
):
    client_in.post(reverse("orders:create"), {"photo": ready_photo.id, "kind": "digital"})
    order = Order.objects.get()
    assert _webhook(client, _completed(order, status="unpaid")).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


def test_subscription_events_store_its_status(client, fake_stripe, user):
    base = {
        "id": "sub_1",
        "object": "subscription",
        "customer": "cus_1",
        "status": "active",
        "current_period_end": int(time.time()) + 86400 * 30,
        "metadata": {"user_id": str(user.id)},
    }
    for number, (kind, status) in enumerate(
        [("created", "active"), ("updated", "past_due"), ("deleted", "canceled")]
    ):
        event = {
            "id": f"evt_sub_{number}",
            "object": "event",
            "type": f"customer.subscription.{kind}",
            "data": {"object": {**base, "status": status}},
        }
        assert _webhook(client, event).status_code == 200
        subscription = Subscription.objects.get()
        assert (subscription.owner, subscription.status) == (user, status)
    assert subscription.current_period_end is not None


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "cs_some_other_session"},
        {"amount_total": 1},
        {"currency": "usd"},
        {"mode": "subscription"},
        {"client_reference_id": "00000000-0000-0000-0000-000000000000"},
        {"client_reference_id": "not-a-uuid", "id": "cs_other"},
    ],
)
def test_a_session_that_does_not_pay_for_the_order_leaves_it_unpaid(
    client, client_in, fake_stripe, ready_photo, changes
):
    client_in.post(reverse("orders:create"), {"photo": ready_photo.id, "kind": "digital"})
    order = Order.objects.get()
    assert _webhook(client, _completed(order, **changes)).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


def test_when_stripe_cannot_be_reached_the_order_is_cancelled_with_a_message(
    client_in, fake_stripe, ready_photo, monkeypatch
):
    monkeypatch.setattr(stripe, "api_base", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setattr(stripe, "max_network_retries", 0, raising=False)
    response = client_in.post(
        reverse("orders:create"), {"photo": ready_photo.id, "kind": "digital"}
    )
    assert response.status_code == 400
    assert "Payment is not available" in response.content.decode()
    assert Order.objects.get().status == Order.Status.CANCELLED


def test_a_failing_mail_server_does_not_undo_a_payment(
    client, client_in, fake_stripe, ready_photo, settings, django_capture_on_commit_callbacks
):
    client_in.post(reverse("orders:create"), {"photo": ready_photo.id, "kind": "digital"})
    order = Order.objects.get()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert _webhook(client, _completed(order)).status_code == 200
    order.refresh_from_db()
    assert order.is_paid


def test_a_paid_checkout_nobody_receives_is_not_recorded_so_stripe_retries(
    client, client_in, fake_stripe, ready_photo
):
    """The webhook tells orders through a signal; with no receiver the event is refused
    (500) and not kept as handled, so Stripe's next delivery marks the order paid."""
    from anyidphoto.web.orders.receivers import mark_paid
    from anyidphoto.web.payments.signals import checkout_paid

    client_in.post(reverse("orders:create"), {"photo": ready_photo.id, "kind": "digital"})
    order = Order.objects.get()
    client.raise_request_exception = False
    assert checkout_paid.disconnect(mark_paid)
    try:
        assert _webhook(client, _completed(order)).status_code == 500
    finally:
        checkout_paid.connect(mark_paid)
    assert ProviderEvent.objects.count() == 0
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert _webhook(client, _completed(order)).status_code == 200
    order.refresh_from_db()
    assert order.is_paid
