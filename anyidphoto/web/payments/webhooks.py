"""Stripe's webhook: the only way an order paid through Stripe becomes paid.

The signature is verified with the endpoint's secret before anything is
read; each event is handled once (a repeated delivery answers 200 and
changes nothing); a paid checkout is announced (:data:`.signals.checkout_paid`)
to the app that sold it; subscription events update the stored subscription
state.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..accounts.models import User
from .models import ProviderEvent, Subscription
from .signals import checkout_paid

_PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
_SUBSCRIPTION_EVENTS = {
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
}


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    signature = request.headers.get("Stripe-Signature", "")
    try:
        stripe.Webhook.construct_event(request.body, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponse("bad signature", status=400, content_type="text/plain")
    # Verified: read it as plain JSON (the library's objects are not dicts).
    event = json.loads(request.body)
    with transaction.atomic():
        try:
            with transaction.atomic():
                _, created = ProviderEvent.objects.get_or_create(
                    provider="stripe", event_id=event["id"], defaults={"kind": event["type"]}
                )
        except IntegrityError:  # the same event delivered twice at once
            created = False
        if not created:
            return HttpResponse("already handled", content_type="text/plain")
        # An error here rolls the event's row back too, so Stripe's retry is handled.
        _handle(event["type"], event["data"]["object"])
    return HttpResponse("ok", content_type="text/plain")


def _handle(kind: str, data: dict) -> None:
    if kind in _PAID_EVENTS:
        if data.get("payment_status") not in ("paid", "no_payment_required"):
            return  # an asynchronous payment still on its way
        _mark_paid(data)
    elif kind in _SUBSCRIPTION_EVENTS:
        _store_subscription(data, deleted=kind.endswith("deleted"))


def _mark_paid(session: dict) -> None:
    """Tell the app that sold it (orders, :mod:`~..orders.receivers`) that this session is paid."""
    if not checkout_paid.send(sender=stripe_webhook, provider="stripe", session=session):
        raise RuntimeError("nothing receives paid checkouts: is the orders app installed?")


def _store_subscription(data: dict, *, deleted: bool) -> None:
    metadata = data.get("metadata") or {}
    owner = None
    if metadata.get("user_id"):
        owner = User.objects.filter(id=metadata["user_id"]).first()
    period_end = data.get("current_period_end")
    Subscription.objects.update_or_create(
        provider="stripe",
        reference=data["id"],
        defaults={
            "owner": owner,
            "customer_reference": data.get("customer") or "",
            "status": "canceled" if deleted else data.get("status", ""),
            "current_period_end": (
                datetime.fromtimestamp(period_end, tz=UTC) if period_end else None
            ),
        },
    )
