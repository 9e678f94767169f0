"""First-party, aggregated analytics, recorded only with the visitor's consent."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from ..usage import used
from .consent import allows_analytics
from .models import AnalyticsDaily, AnalyticsEvent

#: Raw events are folded into daily counts and deleted after this many days.
ANALYTICS_RAW_DAYS = 30


@receiver(used)
def _counted(sender, *, request: HttpRequest, kind: str, document: str = "", **kwargs) -> None:
    record(request, kind, document=document)


def record(request: HttpRequest, kind: str, *, document: str = "") -> bool:
    """Record one use of the studio if the visitor allowed analytics; True if recorded."""
    if not allows_analytics(request):
        return False
    AnalyticsEvent.objects.create(
        user=None,  # counted anonymously, as the banner says
        kind=kind,
        document=document,
        country=document.split("-")[0] if document else "",
        language=(get_language() or "")[:2],
        day=timezone.now().date(),
    )
    return True


def fold_old_events(*, now: datetime) -> int:
    """Add raw events older than ``ANALYTICS_RAW_DAYS`` to the daily counts, then delete them."""
    old = AnalyticsEvent.objects.filter(day__lt=(now - timedelta(days=ANALYTICS_RAW_DAYS)).date())
    groups = old.values("day", "kind", "document", "country", "language").annotate(n=Count("id"))
    with transaction.atomic():
        for group in groups:
            n = group.pop("n")
            row, created = AnalyticsDaily.objects.get_or_create(**group, defaults={"count": n})
            if not created:
                AnalyticsDaily.objects.filter(pk=row.pk).update(count=F("count") + n)
        folded, _ = old.delete()
    return folded
