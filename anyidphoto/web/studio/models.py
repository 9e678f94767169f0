"""A photo being made: the upload, the finished file, and the engine's report."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _upload_name(photo: Photo, filename: str) -> str:
    # Never the user's file name: it may say who they are.
    return f"photos/{photo.owner_id}/{photo.id}/upload"


def _result_name(photo: Photo, filename: str) -> str:
    return f"photos/{photo.owner_id}/{photo.id}/photo.jpg"


def _template_name(photo: Photo, filename: str) -> str:
    return f"photos/{photo.owner_id}/{photo.id}/template.png"


class Photo(models.Model):
    """One upload made into one document's photo.

    ``completed_at`` is when the engine finished (or gave up): the retention
    purge counts from it and from the orders that use the photo.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        PROCESSING = "processing", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photos"
    )
    document = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    upload = models.FileField(upload_to=_upload_name, max_length=200)
    result = models.FileField(upload_to=_result_name, max_length=200, blank=True)
    # The finished photo with the document's template drawn over it.
    template = models.FileField(upload_to=_template_name, max_length=200, blank=True)
    report = models.JSONField(default=dict, blank=True)
    #: The customer's choice for the background: "" as the document prefers
    #: (kept where the authority refuses a replaced one), "keep" or "replace".
    background = models.CharField(
        max_length=8,
        blank=True,
        default="",
        choices=[("", "as the document prefers"), ("keep", "keep"), ("replace", "replace")],
    )
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When the retention purge deleted its files (the report stays).
    purged_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.document} photo {self.id}"

    @property
    def failure(self) -> str:
        """Why the photo could not be made, in the active language."""
        from .errors import failure_text

        return failure_text(self.error_code, self.error_message)

    @property
    def compliant(self) -> bool | None:
        """Whether the report has no failed check; None before the report exists."""
        english = self.report.get("en") if self.report else None
        return None if english is None else bool(english.get("compliant"))
