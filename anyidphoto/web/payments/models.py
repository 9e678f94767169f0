"""What the payment provider told us: events already handled, and subscription states.

No card data is ever stored: the provider keeps it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ProviderEvent(models.Model):
    """A provider event handled once; a repeated delivery finds its row and does nothing."""

    provider = models.CharField(max_length=16)
    event_id = models.CharField(max_length=255)
    kind = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.kind} {self.event_id}"


class Subscription(models.Model):
    """A subscription's latest state as the provider's events report it."""

    provider = models.CharField(max_length=16)
    reference = models.CharField(max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        null=True,
        blank=True,
    )
    customer_reference = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=32)
    current_period_end = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "reference"], name="subscription_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} subscription {self.reference} ({self.status})"
