"""The retention purge: photo files go when their time is up, their keys destroyed first."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ..accounts.models import User
from ..accounts.services import sessions_clear_expired
from ..orders.models import Order, PartnerForget
from ..studio.models import Photo
from ..studio.services import photos_abandon_stuck
from ..support.services import threads_purge
from ..vault.storage import SweepRefused, sweep_orphans
from .analytics import fold_old_events
from .models import BillingRecord, DataExport
from .retention import retention

log = logging.getLogger(__name__)


@dataclass
class PurgeReport:
    """What a purge removed (or, in a dry run, would remove)."""

    dry_run: bool
    photos: list[str] = field(default_factory=list)
    files: int = 0
    exports: int = 0
    analytics_events: int = 0
    support_threads: int = 0
    billing_records: int = 0
    partner_copies_pending: int = 0
    orphans: int = 0
    #: Photos that were still waiting or in the making a day after their upload.
    photos_stuck: int = 0
    #: Visitors' stand-in accounts gone with their photos (studio/guests.py).
    visitors: int = 0
    #: Why the sweep of unusable objects deleted nothing, when it refused.
    sweep_refused: str = ""


def photos_due(*, now: datetime) -> list[Photo]:
    """Photos whose files must go by ``now``.

    A photo with a paid order is kept until its last paid order completed
    ``photo_days_after_order`` days ago; one that was never paid for (no
    order, or orders that were never paid) goes ``unordered_upload_hours``
    after its upload.
    """
    keep = retention()
    candidates = (
        Photo.objects.filter(purged_at__isnull=True)
        .annotate(last_paid=Max("orders__completed_at", filter=Q(orders__status=Order.Status.PAID)))
        .filter(
            Q(last_paid__isnull=False, last_paid__lte=now - keep.after_order)
            | Q(last_paid__isnull=True, created_at__lte=now - keep.unordered)
        )
        # An order still being paid (a checkout page open) keeps its photo a while longer.
        .exclude(
            orders__status=Order.Status.PENDING,
            orders__created_at__gt=now - keep.unordered,
        )
    )
    return list(candidates)


def photo_purge_files(*, photo: Photo) -> int:
    """Delete every stored file of ``photo`` (keys first: shredded) and mark it purged."""
    from ..orders.models import PartnerSend
    from ..orders.partners import forget_copy

    for send in PartnerSend.objects.filter(order__photo=photo):
        forget_copy(partner_name=send.partner, reference=send.reference)
    # Exports made before hold this photo too: they go with it (a new one can be asked).
    for export in DataExport.objects.filter(owner_id=photo.owner_id):
        if export.archive:
            export.archive.storage.delete(export.archive.name)
        export.delete()
    removed = 0
    for field_file in (photo.upload, photo.result, photo.template):
        if field_file:
            field_file.storage.delete(field_file.name)
            removed += 1
    with transaction.atomic():
        Photo.objects.filter(id=photo.id).update(
            upload="", result="", template="", purged_at=timezone.now()
        )
    return removed


def partner_copies_retry() -> None:
    """Ask partners again for the copies they could not delete before."""
    from ..orders.partners import forget_copy

    for row in PartnerForget.objects.all():
        forget_copy(partner_name=row.partner, reference=row.reference)


def purge_expired(
    *, now: datetime | None = None, dry_run: bool = False, sweep_anyway: bool = False
) -> PurgeReport:
    """Purge everything past its retention period at ``now`` (default: the present).

    ``sweep_anyway``: delete unusable objects even when they are many (see
    :func:`~..vault.storage.sweep_orphans`).
    """
    now = now or timezone.now()
    report = PurgeReport(dry_run=dry_run)
    if not dry_run:
        partner_copies_retry()
    # A photo still "in progress" a day after its upload will never be made: it says so.
    report.photos_stuck = photos_abandon_stuck(
        uploaded_before=now - timedelta(days=1), dry_run=dry_run
    )
    for photo in photos_due(now=now):
        report.photos.append(str(photo.id))
        if dry_run:
            report.files += sum(1 for f in (photo.upload, photo.result, photo.template) if f)
            continue
        report.files += photo_purge_files(photo=photo)
    # A visitor who never signed up: their stand-in goes with what is left of their photos.
    visitors = User.objects.filter(is_guest=True, date_joined__lte=now - retention().unordered)
    report.visitors = visitors.count()
    if not dry_run:
        for photo in Photo.objects.filter(owner__in=visitors, purged_at__isnull=True):
            report.files += photo_purge_files(photo=photo)
        visitors.delete()
    report.support_threads = threads_purge(
        now=now, months=retention().support_months, dry_run=dry_run
    )
    if not dry_run:
        report.analytics_events = fold_old_events(now=now)
        sessions_clear_expired()
    expired = DataExport.objects.filter(expires_at__lte=now)
    report.exports = expired.count()
    today = now.date()
    try:
        limit = today.replace(year=today.year - keep_years())
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - keep_years(), day=28)
    old_bills = BillingRecord.objects.filter(paid_on__lt=limit)
    report.billing_records = old_bills.count()
    report.partner_copies_pending = PartnerForget.objects.count()
    # Objects no row names, or whose key is gone: their bytes go too (and their keys).
    day_ago = now - timedelta(days=1)
    try:
        swept = sweep_orphans(
            default_storage, older_than=day_ago, dry_run=dry_run, anyway=sweep_anyway
        )
        report.orphans = len(swept)
    except SweepRefused as refused:
        log.error("retention purge: %s", refused)
        report.sweep_refused = str(refused)
    if not dry_run:
        for export in expired:
            if export.archive:
                export.archive.storage.delete(export.archive.name)
            export.delete()
        old_bills.delete()
        log.info(
            "retention purge: %s photos (%s files), %s exports, %s billing records,"
            " %s partner copies still to delete",
            len(report.photos), report.files, report.exports, report.billing_records,
            report.partner_copies_pending,
        )  # fmt: skip
    return report


def keep_years() -> int:
    return retention().billing_archive_years
