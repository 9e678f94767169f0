"""Payment providers behind one interface; the studio never sees card data.

``manual`` (the embedded default and for self-hosters): orders are free and
paid at once when ``PAYMENT_MANUAL_FREE`` is on, else they wait for staff to
mark them paid in the admin. Stripe Checkout comes behind the same interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings


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


def get_provider() -> PaymentProvider:
    """The configured provider (``PAYMENT_PROVIDER``)."""
    name = settings.PAYMENT_PROVIDER
    if name == "manual":
        return ManualProvider()
    raise ValueError(f"unknown PAYMENT_PROVIDER {name!r}; use 'manual'")
