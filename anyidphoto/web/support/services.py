"""Writes on support: a new conversation, a message (with attachments), staff replies, feedback."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..accounts.models import User
from ..mail import service_mail, site_url
from ..refusals import Refused
from .models import Attachment, Feedback, Message, Thread

#: Largest attachment, bytes.
ATTACHMENT_MAX = 10 * 1024 * 1024


class SupportRefused(Refused):
    """A support message, attachment or rating not taken."""


@transaction.atomic
def thread_start(*, user: User, subject: str, body: str, files=()) -> Thread:
    """A new conversation; a subject is one line (it becomes a mail's subject)."""
    from django.utils.translation import gettext as _

    if "\n" in subject.strip() or "\r" in subject.strip():
        raise SupportRefused("subject-lines", _("Write the subject on one line."))
    thread = Thread.objects.create(
        user=user, subject=subject.strip()[:200], last_message_at=timezone.now()
    )
    message_add(thread=thread, author=user, body=body, files=files)
    return thread


@transaction.atomic
def message_add(
    *, thread: Thread, author: User, body: str, files=(), from_staff: bool = False
) -> Message:
    """Add a message; a staff answer mails the user (in their language) once it is saved."""
    from django.utils.translation import gettext as _

    if not body.strip():
        raise SupportRefused("empty", _("Write a message."))
    if not from_staff:
        _check_pace(author, len(files))
    message = Message.objects.create(
        thread=thread, author=author, body=body.strip(), from_staff=from_staff
    )
    for upload in files:
        if upload.size > ATTACHMENT_MAX:
            raise SupportRefused("too-large", _("An attachment is larger than 10 MB."))
        attachment = Attachment(
            message=message,
            name=upload.name[:200],
            content_type=(upload.content_type or "application/octet-stream")[:100],
            size=upload.size,
        )
        attachment.file.save("attachment", ContentFile(upload.read()), save=False)
        attachment.save()
    Thread.objects.filter(id=thread.id).update(last_message_at=message.created_at)
    if from_staff:
        transaction.on_commit(lambda: _mail_answer(thread.id), robust=True)
    return message


def _check_pace(author: User, attachments: int) -> None:
    """A customer's messages and attachments within the hourly limits, or refused."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    hour_ago = timezone.now() - timedelta(hours=1)
    mine = Message.objects.filter(author=author, from_staff=False, created_at__gte=hour_ago)
    if mine.count() >= settings.SUPPORT_MESSAGES_PER_HOUR:
        raise SupportRefused(
            "rate-limited",
            _("You have sent %(count)s messages in the last hour; please wait a little.")
            % {"count": mine.count()},
        )
    sent = Attachment.objects.filter(message__in=mine).count()
    if attachments and sent + attachments > settings.SUPPORT_ATTACHMENTS_PER_HOUR:
        raise SupportRefused(
            "rate-limited",
            _("At most %(count)s attachments an hour can be sent; please wait a little.")
            % {"count": settings.SUPPORT_ATTACHMENTS_PER_HOUR},
        )


def _mail_answer(thread_id) -> None:
    thread = Thread.objects.select_related("user").get(id=thread_id)
    user = thread.user
    url = site_url(reverse("support:thread", args=[thread.id]))
    service_mail(
        to=user.email, language=user.preferred_language, template="support/email/answer",
        context={"thread": thread, "url": url},
    )  # fmt: skip


def feedback_give(*, order, rating: int, comment: str) -> Feedback:
    from django.utils.translation import gettext

    if not 1 <= rating <= 5:
        raise SupportRefused("rating", gettext("Choose a rating from 1 to 5."))
    feedback, _ = Feedback.objects.update_or_create(
        order=order, defaults={"rating": rating, "comment": comment.strip()[:2000]}
    )
    return feedback


def threads_purge(*, now: datetime, months: int, dry_run: bool = False) -> int:
    """Delete conversations whose last message is older than ``months`` (attachments shredded)."""
    limit = now - timedelta(days=round(months * 30.44))
    old = Thread.objects.filter(last_message_at__lte=limit)
    count = old.count()
    if not dry_run:
        for attachment in Attachment.objects.filter(message__thread__in=old):
            if attachment.file:  # a restore clears what its backup could not give back
                attachment.file.storage.delete(attachment.file.name)
        old.delete()
    return count
