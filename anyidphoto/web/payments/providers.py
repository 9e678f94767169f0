"""Payment providers behind one interface; the studio never sees card data.

``manual`` (the embedded default and for self-hosters): orders are free and
paid at once when ``PAYMENT_MANUAL_FREE`` is on, else they wait for staff to
mark them paid in the admin. ``stripe``: Stripe Checkout's hosted page; an
order is marked paid only by Stripe's signed webhook (:mod:`.webhooks`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings


class PaymentUnavailable(Exception):
    """The provider could not be reached or refused to start a payment."""


@dataclass(frozen=True)
class Checkout:
    """Where to send the buyer: our order page (nothing to pay) or the provider's page."""

    redirect_url: str | None
    paid_now: bool
    reference: str = ""


class PaymentProvider(Protocol):
    name: str

    @property
    def requires_payment(self) -> bool:
        """Whether previews stay watermarked and downloads closed until a payment."""

    def start(self, *, order, success_url: str, cancel_url: str) -> Checkout:
        """Begin paying ``order``."""


class ManualProvider:
    name = "manual"

    @property
    def requires_payment(self) -> bool:
        return not settings.PAYMENT_MANUAL_FREE

    def start(self, *, order, success_url: str, cancel_url: str) -> Checkout:
        if self.requires_payment:
            return Checkout(redirect_url=None, paid_now=False)
        return Checkout(redirect_url=None, paid_now=True, reference="free")


class StripeProvider:
    """Stripe Checkout: the buyer pays on Stripe's page; the webhook marks the order paid."""

    name = "stripe"
    requires_payment = True

    def start(self, *, order, success_url: str, cancel_url: str) -> Checkout:
        import stripe

        try:
            session = self._create_session(order, success_url, cancel_url)
        except stripe.StripeError as exc:
            raise PaymentUnavailable(str(exc)) from exc
        return Checkout(redirect_url=session.url, paid_now=False, reference=session.id)

    def _create_session(self, order, success_url: str, cancel_url: str):
        import stripe

        return stripe.checkout.Session.create(
            api_key=settings.STRIPE_SECRET_KEY,
            mode="payment",
            client_reference_id=str(order.id),
            metadata={"order_id": str(order.id)},
            customer_email=order.owner.email,
            line_items=[
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": order.currency.lower(),
                        "unit_amount": order.amount_cents,
                        "product_data": {
                            "name": f"{order.get_kind_display()} ({order.photo.document})"
                        },
                    },
                }
            ],
            success_url=success_url,
            cancel_url=cancel_url,
        )


def get_provider() -> PaymentProvider:
    """The configured provider (``PAYMENT_PROVIDER``)."""
    name = settings.PAYMENT_PROVIDER
    if name == "manual":
        return ManualProvider()
    if name == "stripe":
        return StripeProvider()
    raise ValueError(f"unknown PAYMENT_PROVIDER {name!r}; use 'manual' or 'stripe'")
