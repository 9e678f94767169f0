"""Reads on orders."""

from __future__ import annotations

from django.db.models import QuerySet

from ..accounts.models import User
from ..studio.selectors import as_uuid
from .models import Order


def orders_of(*, user: User) -> QuerySet[Order]:
    return Order.objects.filter(owner=user).select_related("photo")


def order_of(*, user: User, order_id) -> Order | None:
    """``user``'s order ``order_id``; None for anyone else's (views answer 404)."""
    key = as_uuid(order_id)
    if key is None:
        return None
    return Order.objects.filter(owner=user, id=key).select_related("photo").first()


def photo_digital_is_paid_for(*, photo) -> bool:
    """Whether a paid order for the digital photo (alone or with a sheet) covers ``photo``.

    Only such an order unlocks the unwatermarked picture, on the web and in the API.
    """
    return Order.objects.filter(
        photo=photo, status=Order.Status.PAID, kind__in=[Order.Kind.DIGITAL, Order.Kind.BOTH]
    ).exists()
