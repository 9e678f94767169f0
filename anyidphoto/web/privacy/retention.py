"""How long things are kept: one place, read by the purge and by the privacy page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class Retention:
    """The retention periods of ``settings.RETENTION``."""

    photo_days_after_order: int
    unordered_upload_hours: int
    support_months: int
    analytics_months: int
    billing_archive_years: int

    @property
    def after_order(self) -> timedelta:
        return timedelta(days=self.photo_days_after_order)

    @property
    def unordered(self) -> timedelta:
        return timedelta(hours=self.unordered_upload_hours)


def retention() -> Retention:
    return Retention(**settings.RETENTION)
