"""What orders hear from the other apps: a checkout the payment provider says is paid."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from ..payments.signals import checkout_paid
from .models import Order
from .services import order_mark_paid

log = logging.getLogger(__name__)


@receiver(checkout_paid)
def mark_paid(sender, *, provider: str, session: dict, **kwargs) -> None:
    """Mark paid the order this checkout session was made for, if the session pays for it.

    The order is found by the session's own id (recorded when the session was
    made), never by a reference the payer could set, and the session must be
    a payment of the order's amount in its currency.
    """
    order = Order.objects.filter(provider=provider, provider_reference=session.get("id")).first()
    if order is None:
        log.warning("%s session %r pays for no order of ours", provider, session.get("id"))
        return
    problems = []
    if session.get("client_reference_id") not in (None, str(order.id)):
        problems.append("client_reference_id")
    if session.get("mode", "payment") != "payment":
        problems.append("mode")
    if session.get("amount_total") != order.amount_cents:
        problems.append("amount_total")
    if (session.get("currency") or "").lower() != order.currency.lower():
        problems.append("currency")
    if problems:
        log.warning("%s session %s does not match order %s: %s", provider, session.get("id"),
                    order.id, ", ".join(problems))  # fmt: skip
        return
    order_mark_paid(order=order)
