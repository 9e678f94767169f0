"""An order for a finished photo: the digital file, a print sheet, or both."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..studio.models import Photo


class Order(models.Model):
    """What a user bought for one photo, and whether it is paid.

    ``completed_at`` is when it was paid (or given free): downloads open then,
    and the retention purge counts from it.
    """

    class Kind(models.TextChoices):
        DIGITAL = "digital", _("Digital photo")
        SHEET = "sheet", _("Print sheet")
        BOTH = "both", _("Digital photo and print sheet")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="orders"
    )
    # RESTRICT: a photo with orders cannot be deleted alone, but goes with its account.
    photo = models.ForeignKey(Photo, on_delete=models.RESTRICT, related_name="orders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    paper = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    amount_cents = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, default="EUR")
    provider = models.CharField(max_length=16)
    provider_reference = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=["sheet", "both"]) | ~models.Q(paper=""),
                name="order_sheet_has_paper",
            )
        ]

    def __str__(self) -> str:
        return f"order {self.id} ({self.kind}, {self.status})"

    @property
    def includes_digital(self) -> bool:
        return self.kind in (self.Kind.DIGITAL, self.Kind.BOTH)

    @property
    def includes_sheet(self) -> bool:
        return self.kind in (self.Kind.SHEET, self.Kind.BOTH)

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID


class PartnerSend(models.Model):
    """One send of an order's photo to a partner, on its owner's request (the log on the order)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="partner_sends")
    partner = models.CharField(max_length=64)
    reference = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]


class PartnerForget(models.Model):
    """A partner's copy that could not be deleted yet; the daily purge asks again.

    Holds no personal data: the partner's name, its reference for the copy,
    and why the last try failed (the partner no longer configured, or down).
    """

    partner = models.CharField(max_length=64)
    reference = models.CharField(max_length=200)
    since = models.DateTimeField(auto_now_add=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["since"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "reference"], name="one_forget_per_copy")
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.reference}"
