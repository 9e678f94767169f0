"""The user's rights, self-service: download my data, delete a photo's files, delete my account."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..accounts.models import User
from ..accounts.services import sessions_end
from ..api.models import ApiToken
from ..mail import service_mail, site_url
from ..orders.models import Order
from ..refusals import Refused
from ..staff.models import ContentAccess
from ..staff.services import accesses_forget_customer, admin_log_forget
from ..studio.models import Photo
from ..support.models import Attachment, Feedback, ReviewRequest, Thread
from .models import AnalyticsEvent, BillingRecord, ConsentRecord, DataExport
from .services import photo_purge_files

#: How long a data export can be downloaded.
EXPORT_VALID = timedelta(days=7)


# ---------------------------------------------------------------- access and portability


class ExportRefused(Refused):
    """An export not started, with the reason to show."""


def export_request(*, user: User) -> DataExport:
    """Start building ``user``'s data archive in the background (mail when ready).

    One at a time, and at most ``PRIVACY_EXPORTS_PER_DAY`` a day: each packs
    every photo the user has.
    """
    from django.conf import settings

    now = timezone.now()
    building = DataExport.objects.filter(
        owner=user, status=DataExport.Status.BUILDING, created_at__gte=now - timedelta(hours=1)
    )  # one older than an hour was lost with its worker: another may start
    if building.exists():
        raise ExportRefused(
            "in-progress", _("Your data is already being prepared; a mail will say when.")
        )
    day_ago = now - timedelta(days=1)
    recent = DataExport.objects.filter(owner=user, created_at__gte=day_ago).count()
    if recent >= settings.PRIVACY_EXPORTS_PER_DAY:
        raise ExportRefused(
            "rate-limited",
            _("You have asked for your data %(count)s times today; please try again tomorrow.")
            % {"count": recent},
        )
    export = DataExport.objects.create(owner=user)
    transaction.on_commit(lambda: _enqueue_export(export.id), robust=True)
    return export


def _enqueue_export(export_id) -> None:
    from .tasks import build_export

    build_export.enqueue(str(export_id))


def export_build(*, export: DataExport) -> DataExport:
    """The ZIP: ``data.json`` (machine-readable), the user's photos (the upload, the
    photo, its template overlay) and support attachments; then a mail."""
    user = export.owner
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(export_data(user=user), indent=2, default=str))
        for photo in Photo.objects.filter(owner=user, purged_at__isnull=True):
            for label, field_file in (
                ("upload", photo.upload),
                ("photo.jpg", photo.result),
                ("template.png", photo.template),
            ):
                if field_file:
                    with field_file.open("rb") as handle:
                        archive.writestr(f"photos/{photo.id}/{label}", handle.read())
        for attachment in Attachment.objects.filter(message__thread__user=user):
            if attachment.file:  # a restore may have lost it
                with attachment.file.open("rb") as handle:
                    archive.writestr(_attachment_path(attachment), handle.read())
    export.archive.save("export.zip", ContentFile(buffer.getvalue()), save=False)
    updated = DataExport.objects.filter(id=export.id).update(
        archive=export.archive.name,
        status=DataExport.Status.READY,
        expires_at=timezone.now() + EXPORT_VALID,
    )
    if not updated:  # the account was deleted while this was built: keep nothing
        export.archive.storage.delete(export.archive.name)
        return export
    export.refresh_from_db()
    service_mail(
        to=user.email, language=user.preferred_language, template="privacy/email/export",
        context={"url": site_url(reverse("privacy:export_download", args=[export.id])),
                 "expires": export.expires_at},
    )  # fmt: skip
    return export


def export_data(*, user: User) -> dict:
    """Everything the studio holds about ``user``, ready for JSON (no card data: none is held)."""
    orders = (
        Order.objects.filter(owner=user)
        .select_related("photo", "feedback")
        .prefetch_related("partner_sends")
    )
    return {
        "profile": {
            "email": user.email,
            "name": user.name,
            "language": user.preferred_language,
            "joined": user.date_joined,
        },
        "consents": {
            "age_confirmed_at": user.age_confirmed_at,
            "marketing_opt_in": user.marketing_opt_in,
            "marketing_opt_in_at": user.marketing_opt_in_at,
        },
        "photos": [
            {
                "id": str(p.id),
                "document": p.document,
                "status": p.status,
                "created_at": p.created_at,
                "completed_at": p.completed_at,
                "files_deleted_at": p.purged_at,
                "report": p.report.get("en"),
                "review": _review(p),
            }
            for p in Photo.objects.filter(owner=user).select_related("review")
        ],
        "analytics_events": list(
            AnalyticsEvent.objects.filter(user=user).values("kind", "document", "language", "day")
        ),
        "cookie_consents": list(
            ConsentRecord.objects.filter(user=user).values(
                "version", "analytics", "marketing", "created_at"
            )
        ),
        "support": [
            {
                "subject": t.subject,
                "messages": [
                    {
                        "from_staff": m.from_staff,
                        "body": m.body,
                        "at": m.created_at,
                        "attachments": [
                            {
                                "name": a.name,
                                "content_type": a.content_type,
                                "size": a.size,
                                "file": _attachment_path(a),
                            }
                            for a in m.attachments.all()
                        ],
                    }
                    for m in t.messages.all()
                ],
            }
            for t in Thread.objects.filter(user=user).prefetch_related("messages__attachments")
        ],
        "orders": [
            {
                "id": str(o.id),
                "photo": str(o.photo_id),
                "kind": o.kind,
                "paper": o.paper,
                "status": o.status,
                "amount_cents": o.amount_cents,
                "currency": o.currency,
                "payment_provider": o.provider,
                "payment_reference": o.provider_reference,
                "created_at": o.created_at,
                "paid_at": o.completed_at,
                "feedback": _feedback(o),
                "partner_sends": [
                    {"partner": send.partner, "reference": send.reference, "at": send.sent_at}
                    for send in o.partner_sends.all()
                ],
            }
            for o in orders
        ],
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        # Names and dates only: a token's secret is never stored, its digest never shown.
        "api_tokens": list(
            ApiToken.objects.filter(owner=user).values(
                "name", "scope", "created_at", "expires_at", "last_used_at"
            )
        ),
    }


def _review(photo: Photo) -> dict | None:
    try:
        review = photo.review
    except ReviewRequest.DoesNotExist:
        return None
    return {"status": review.status, "requested_at": review.requested_at,
            "decided_at": review.decided_at, "comment": review.comment}  # fmt: skip


def _feedback(order: Order) -> dict | None:
    try:
        feedback = order.feedback
    except Feedback.DoesNotExist:
        return None
    return {"rating": feedback.rating, "comment": feedback.comment, "at": feedback.created_at}


def _attachment_path(attachment: Attachment) -> str:
    """Where the export's ZIP holds ``attachment``: its id, then its name made safe."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in attachment.name)
    return f"support/{attachment.id}-{safe.lstrip('.') or 'file'}"


# ---------------------------------------------------------------- erasure


class AccountKept(Refused):
    """An account that cannot be deleted by its owner, with the reason."""


def photo_erase(*, user: User, photo: Photo) -> None:
    """Delete one photo's files now (its order and report stay, marked as deleted)."""
    if photo.owner_id != user.id:
        raise PermissionError("not the owner")
    photo_purge_files(photo=photo)


def account_erase(*, user: User) -> None:
    """Delete ``user``'s account and everything of theirs, keeping only what tax law needs.

    Photo files and exports are shredded (keys destroyed first); each paid
    order leaves an anonymous billing record; staff's access records and the
    admin's log keep what was done, not to whom; every session they signed
    in with ends; a mail confirms, sent to the address the account had.
    """
    if ContentAccess.objects.filter(staff=user).exists():
        raise AccountKept(
            "staff",
            _("A staff account is closed by an administrator, so that its access record stays."),
        )
    for photo in Photo.objects.filter(owner=user):
        photo_purge_files(photo=photo)  # every file field, whatever purged_at says
    for export in DataExport.objects.filter(owner=user):
        if export.archive:
            export.archive.storage.delete(export.archive.name)
    for attachment in Attachment.objects.filter(message__thread__user=user):
        if attachment.file:  # a restore clears what its backup could not give back
            attachment.file.storage.delete(attachment.file.name)
    with transaction.atomic():
        for order in Order.objects.filter(owner=user, status=Order.Status.PAID):
            BillingRecord.objects.get_or_create(
                invoice_number=str(order.id),
                defaults={
                    "paid_on": (order.completed_at or order.created_at).date(),
                    "amount_cents": order.amount_cents,
                    "currency": order.currency,
                    "country": order.photo.document.split("-")[0],
                },
            )
        address, language = user.email, user.preferred_language
        # Staff looks at this customer's content, and the admin's log of
        # changes, stay on record without naming them.
        accesses_forget_customer(customer_id=user.id)
        admin_log_forget(
            objects=[user, *Photo.objects.filter(owner=user), *Order.objects.filter(owner=user),
                     *Thread.objects.filter(user=user)],
            text=address,
        )  # fmt: skip
        # Their sessions, wherever the session store keeps them (each holds the user's id).
        sessions_end(user=user)
        user.delete()
    service_mail(to=address, language=language, template="privacy/email/deleted", context={})
