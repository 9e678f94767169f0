"""Staff access to customer content, recorded: who looked at whose photo, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ContentAccess(models.Model):
    """One look by staff at a customer's photo. Append-only: rows are never changed or deleted."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="content_accesses"
    )
    customer_email = models.EmailField()
    customer_id = models.BigIntegerField(null=True)
    photo_id = models.UUIDField()
    what = models.CharField(max_length=64)
    reason = models.TextField()
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        permissions = [("view_customer_content", "Can look at a customer's photos, with a reason")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("access records are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("access records are never deleted")

    def __str__(self) -> str:
        return f"{self.staff} looked at {self.customer_email}'s {self.what} on {self.at:%Y-%m-%d}"
