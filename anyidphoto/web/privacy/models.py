"""What the privacy promises need stored: data exports, and the billing archive kept for tax law."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: How long the law gives to answer a privacy request.
DSR_ANSWER_WITHIN = timedelta(days=30)


def _export_name(export: DataExport, filename: str) -> str:
    return f"exports/{export.owner_id}/{export.id}.zip"


class DataExport(models.Model):
    """A user's "download my data" archive: built by the worker, sealed, valid for a while."""

    class Status(models.TextChoices):
        BUILDING = "building"
        READY = "ready"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BUILDING)
    archive = models.FileField(upload_to=_export_name, max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]


class BillingRecord(models.Model):
    """What tax law needs of a paid order once its account is gone; nothing that names a person."""

    invoice_number = models.CharField(max_length=64, unique=True)
    paid_on = models.DateField()
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    country = models.CharField(max_length=16, blank=True)
    archived_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"invoice {self.invoice_number}"


class ConsentRecord(models.Model):
    """One cookie choice as it was made: the consent text's version, the choices, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consent_records",
    )
    version = models.CharField(max_length=32)
    analytics = models.BooleanField()
    marketing = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]


class AnalyticsEvent(models.Model):
    """One use of the studio, recorded only with analytics consent.

    First-party and coarse: what (a page, a photo made, an order), which
    document, country and language, which day. Never an email, a name, an IP
    address or a photo. Folded into :class:`AnalyticsDaily` and deleted after
    ``ANALYTICS_RAW_DAYS``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="analytics_events",
    )
    kind = models.CharField(max_length=32)
    document = models.CharField(max_length=64, blank=True)
    country = models.CharField(max_length=16, blank=True)
    language = models.CharField(max_length=8, blank=True)
    day = models.DateField(db_index=True)


class AnalyticsDaily(models.Model):
    """Counts per day, kind, document, country and language: nothing about a person."""

    day = models.DateField()
    kind = models.CharField(max_length=32)
    document = models.CharField(max_length=64, blank=True)
    country = models.CharField(max_length=16, blank=True)
    language = models.CharField(max_length=8, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "document", "country", "language"], name="daily_once"
            )
        ]


class DataSubjectRequest(models.Model):
    """A privacy request that arrived by mail, logged by staff; the law gives 30 days."""

    class Kind(models.TextChoices):
        ACCESS = "access", "Access"
        RECTIFICATION = "rectification", "Rectification"
        ERASURE = "erasure", "Erasure"
        OBJECTION = "objection", "Objection"
        PORTABILITY = "portability", "Portability"

    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    received_on = models.DateField()
    due_on = models.DateField(editable=False)
    notes = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logged_requests",
    )

    class Meta:
        ordering = ["closed_on", "due_on"]

    def save(self, *args, **kwargs):
        self.due_on = self.received_on + DSR_ANSWER_WITHIN
        super().save(*args, **kwargs)

    @property
    def overdue(self) -> bool:
        from django.utils import timezone

        return self.closed_on is None and self.due_on < timezone.now().date()


class PolicyVersion(models.Model):
    """A published version of a legal text; a material one must be acknowledged by every user."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("privacy policy")
        COOKIES = "cookies", _("cookie policy")
        TERMS = "terms", _("terms of service")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    version = models.CharField(max_length=32)
    published_on = models.DateField()
    material = models.BooleanField(default=False)
    summary_en = models.TextField(blank=True)
    summary_fr = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="policy_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.version}"


class PolicyAcknowledgement(models.Model):
    """A user's "I have read the change" for one material version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acknowledgements"
    )
    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "policy"], name="ack_once")]
