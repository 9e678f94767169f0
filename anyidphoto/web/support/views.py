"""Support in the account area, the staff's answer page, and feedback on orders."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..http import private_response
from ..orders.selectors import order_of
from ..staff.services import access_record
from ..studio.selectors import as_uuid, photo_of
from .models import Attachment, ReviewRequest, Thread
from .review import review_decide, review_open, review_request
from .services import SupportRefused, feedback_give, message_add, thread_start


def _own_thread(request, thread_id) -> Thread:
    key = as_uuid(thread_id)
    thread = Thread.objects.filter(user=request.user, id=key).first() if key else None
    if thread is None:
        raise Http404
    return thread


@login_required
def threads(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        try:
            thread = thread_start(
                user=request.user,
                subject=request.POST.get("subject", "") or _("Question"),
                body=request.POST.get("body", ""),
                files=request.FILES.getlist("attachment"),
            )
        except SupportRefused as exc:
            error = exc.message
        else:
            return redirect("support:thread", thread_id=thread.id)
    items = Thread.objects.filter(user=request.user)
    return render(request, "support/threads.html", {"threads": items, "error": error})


@login_required
def thread(request: HttpRequest, thread_id) -> HttpResponse:
    item = _own_thread(request, thread_id)
    error = None
    if request.method == "POST":
        try:
            message_add(
                thread=item,
                author=request.user,
                body=request.POST.get("body", ""),
                files=request.FILES.getlist("attachment"),
            )
        except SupportRefused as exc:
            error = exc.message
        else:
            return redirect("support:thread", thread_id=item.id)
    return render(request, "support/thread.html", {"thread": item, "error": error, "staff": False})


@login_required
def attachment(request: HttpRequest, attachment_id) -> HttpResponse:
    key = as_uuid(attachment_id)
    item = (
        Attachment.objects.select_related("message__thread").filter(id=key).first() if key else None
    )
    if item is None or item.message.thread.user_id != request.user.id:
        raise Http404
    return _attachment_response(item)


@staff_member_required
def staff_attachment(request: HttpRequest, attachment_id) -> HttpResponse:
    """Staff open a customer's attachment: recorded like any look at customer content."""
    if not request.user.has_perm("support.view_attachment"):
        raise PermissionDenied
    key = as_uuid(attachment_id)
    item = Attachment.objects.select_related("message__thread__user").filter(id=key).first()
    if item is None:
        raise Http404
    customer = item.message.thread.user
    access_record(
        staff=request.user, customer=customer, item_id=item.id, what="support attachment",
        reason=f"support conversation {item.message.thread_id}",
    )  # fmt: skip
    return _attachment_response(item)


def _attachment_response(item: Attachment) -> HttpResponse:
    with item.file.open("rb") as handle:
        return private_response(handle.read(), "application/octet-stream", filename="attachment")


@staff_member_required
def staff_thread(request: HttpRequest, thread_id) -> HttpResponse:
    """Staff read a conversation and answer it; the user is told by mail."""
    if not request.user.has_perm("support.add_message"):
        raise PermissionDenied
    key = as_uuid(thread_id)
    item = Thread.objects.select_related("user").filter(id=key).first() if key else None
    if item is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            message_add(thread=item, author=request.user, body=request.POST.get("body", ""),
                        from_staff=True)  # fmt: skip
        except SupportRefused as exc:
            error = exc.message
        else:
            messages.success(request, "Answer sent.")
            return redirect("support_staff_thread", thread_id=item.id)
    return render(request, "support/thread.html", {"thread": item, "error": error, "staff": True})


@login_required
@require_POST
def feedback(request: HttpRequest, order_id) -> HttpResponse:
    order = order_of(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    try:
        rating = int(request.POST.get("rating", "0"))
        feedback_give(order=order, rating=rating, comment=request.POST.get("comment", ""))
    except (ValueError, SupportRefused):
        messages.error(request, _("Choose a rating from 1 to 5."))
    else:
        messages.success(request, _("Thank you for your feedback."))
    return redirect("orders:detail", order_id=order.id)


@login_required
@require_POST
def ask_review(request: HttpRequest, photo_id) -> HttpResponse:
    photo = photo_of(user=request.user, photo_id=photo_id)
    if photo is None:
        raise Http404
    if review_request(user=request.user, photo=photo) is not None:
        messages.success(request, _("A reviewer will look at your photo; we will write to you."))
    return redirect("studio:photo", photo_id=photo.id)


@staff_member_required
def reviews(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("support.change_reviewrequest"):
        raise PermissionDenied
    pending = ReviewRequest.objects.filter(status=ReviewRequest.Status.PENDING).select_related(
        "photo"
    )
    return render(request, "support/reviews.html", {"reviews": pending})


@staff_member_required
def review_decide_view(request: HttpRequest, review_id: int) -> HttpResponse:
    """The reviewer sees the photo (the look is recorded) and approves or not, with a comment."""
    if not request.user.has_perm("support.change_reviewrequest"):
        raise PermissionDenied
    review = (
        ReviewRequest.objects.select_related("photo__owner")
        .filter(id=review_id, status=ReviewRequest.Status.PENDING)
        .first()
    )
    if review is None or review.photo.purged_at or not review.photo.result:
        raise Http404
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision in ("approve", "reject"):
            review_decide(
                reviewer=request.user,
                review=review,
                approved=decision == "approve",
                comment=request.POST.get("comment", ""),
            )
            return redirect("reviews")
    review_open(reviewer=request.user, review=review)
    with review.photo.result.open("rb") as handle:
        image = base64.b64encode(handle.read()).decode()
    context = {"review": review, "image": image, "report": review.photo.report.get("en")}
    response = render(request, "support/review.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
