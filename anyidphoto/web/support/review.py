"""Human review: a person looks at a photo whose report has warnings, when its owner asks."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..accounts.models import User
from ..mail import service_mail, site_url
from ..staff.services import access_record
from ..studio.models import Photo
from .models import ReviewRequest


def review_can_be_asked(photo: Photo) -> bool:
    """A ready photo whose report has a warning, not yet sent for review."""
    report = photo.report.get("en") if photo.report else None
    warned = bool(report) and any(c["status"] == "warn" for c in report["checks"])
    return (
        photo.status == Photo.Status.READY
        and not photo.purged_at
        and warned
        and not ReviewRequest.objects.filter(photo=photo).exists()
    )


def review_request(*, user: User, photo: Photo) -> ReviewRequest | None:
    if photo.owner_id != user.id or not review_can_be_asked(photo):
        return None
    return ReviewRequest.objects.create(photo=photo)


def review_open(*, reviewer: User, review: ReviewRequest) -> None:
    """Record that ``reviewer`` looks at the photo: the owner asked for it."""
    access_record(
        staff=reviewer,
        customer=review.photo.owner,
        item_id=review.photo_id,
        what="finished photo (review)",
        reason=f"review requested by the customer on {review.requested_at:%Y-%m-%d}",
    )


@transaction.atomic
def review_decide(*, reviewer: User, review: ReviewRequest, approved: bool, comment: str) -> None:
    review.status = ReviewRequest.Status.APPROVED if approved else ReviewRequest.Status.REJECTED
    review.reviewer = reviewer
    review.comment = comment.strip()
    review.decided_at = timezone.now()
    review.save(update_fields=["status", "reviewer", "comment", "decided_at"])
    transaction.on_commit(lambda: _tell_owner(review.id), robust=True)


def _tell_owner(review_id) -> None:
    review = ReviewRequest.objects.select_related("photo__owner").get(id=review_id)
    user = review.photo.owner
    url = site_url(reverse("studio:photo", args=[review.photo_id]))
    service_mail(
        to=user.email, language=user.preferred_language, template="support/email/review",
        context={"review": review, "url": url},
    )  # fmt: skip
